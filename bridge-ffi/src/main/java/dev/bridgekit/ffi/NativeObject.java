package dev.bridgekit.ffi;

import dev.bridgekit.ffi.internal.Guard;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A C object (a handle some C API returned) owned by a process (see {@link NativeResource}): its
 * destructor runs once, when the object is closed or its owner exits, as a NIF resource's
 * destructor does.
 *
 * <pre>{@code
 * NativeObject text = NativeObject.of(demo.upper("abc"), demo::free);
 * }</pre>
 */
public final class NativeObject extends GuardedResource {
  private final NativePointer handle;

  private NativeObject(NativePointer handle, Consumer<NativePointer> destructor) {
    this.handle = handle;
    super(new Guard("native object " + handle, () -> destructor.accept(handle)));
  }

  /**
   * Returns {@code handle} owned by the calling process, destroyed by {@code destructor} (which
   * may run on another thread: the owner's janitor, or the thread of the last lease).
   */
  public static NativeObject of(NativePointer handle, Consumer<NativePointer> destructor) {
    Objects.requireNonNull(handle, "handle");
    Objects.requireNonNull(destructor, "destructor");
    return new NativeObject(handle, destructor);
  }

  @Override
  public NativePointer pointer() {
    return handle;
  }

}
