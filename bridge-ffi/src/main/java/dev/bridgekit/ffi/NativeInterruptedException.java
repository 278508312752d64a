package dev.bridgekit.ffi;

/**
 * Says that the caller of a dirty call was interrupted while it waited (on a virtual thread, a
 * cancellation). The thread's interrupt flag is set again when this is thrown; the native call
 * runs on, and its {@link CancellationFlag}, if it takes one, is raised.
 */
public final class NativeInterruptedException extends RuntimeException {
  private final String function;

  /** Creates one for {@code function}. */
  public NativeInterruptedException(String function, InterruptedException cause) {
    super("interrupted while waiting for " + function, cause);
    this.function = function;
  }

  /** Returns the C function's symbol. */
  public String function() {
    return function;
  }
}
