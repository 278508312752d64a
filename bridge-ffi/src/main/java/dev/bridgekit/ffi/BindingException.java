package dev.bridgekit.ffi;

/**
 * Says that an interface could not be bound: its library or a symbol is missing, or a method
 * declares what the chosen backend cannot pass. Thrown by {@link Binding#bind()}, never by a call.
 */
public class BindingException extends RuntimeException {
  /** Creates one with the whole explanation in {@code message}. */
  public BindingException(String message) {
    super(message);
  }

  /** Creates one with the whole explanation in {@code message} and its cause. */
  public BindingException(String message, Throwable cause) {
    super(message, cause);
  }
}
