package dev.bridgekit.ffi;

/**
 * Says that a call of an {@link Backend#ISOLATED isolated} binding failed because of its host
 * program rather than its C function: the host is down for good (it crashed more often than its
 * supervisor restarts it, or the binding was closed), or it answered what it should not have.
 */
public class NativeHostException extends RuntimeException {
  private final String function;

  /** Creates one for a call of {@code function}, with the whole explanation in {@code message}. */
  public NativeHostException(String function, String message) {
    super(message);
    this.function = function;
  }

  /** Creates one as {@link #NativeHostException(String, String)}, with its cause. */
  public NativeHostException(String function, String message, Throwable cause) {
    super(message, cause);
    this.function = function;
  }

  /** Returns the C function whose call failed. */
  public String function() {
    return function;
  }
}
