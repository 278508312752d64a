package dev.bridgekit.ffi;

import java.util.List;

/**
 * The message a {@link NativeCallback#sendingTo} callback sends for each call C makes, as {@code
 * enif_send} turns native events into messages.
 *
 * @param callback the {@link Callback} interface called
 * @param args the call's arguments, boxed ({@link NativePointer} for pointers)
 */
public record CallbackMessage(Class<?> callback, List<Object> args) {
  /** Copies the arguments. */
  public CallbackMessage {
    args = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args));
  }
}
