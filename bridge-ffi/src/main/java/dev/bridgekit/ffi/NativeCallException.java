package dev.bridgekit.ffi;

/**
 * Says that a native function reported a failure through {@code errno} (see {@link
 * CaptureErrno}): carries the function, the errno and the C library's text for it.
 */
public final class NativeCallException extends RuntimeException {
  private final String function;
  private final int errno;
  private final String errnoText;

  /** Creates one for {@code function}, failed with {@code errno} described by {@code errnoText}. */
  public NativeCallException(String function, int errno, String errnoText) {
    super(function + " failed: errno " + errno + " (" + errnoText + ")");
    this.function = function;
    this.errno = errno;
    this.errnoText = errnoText;
  }

  /** Returns the C function's symbol. */
  public String function() {
    return function;
  }

  /** Returns the errno the call left. */
  public int errno() {
    return errno;
  }

  /** Returns the C library's text for the errno ({@code strerror}). */
  public String errnoText() {
    return errnoText;
  }
}
