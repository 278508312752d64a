package dev.bridgekit.ffi;

import java.time.Duration;

/**
 * Says that the caller of a dirty call stopped waiting after its timeout. The native call itself
 * may still be running on its executor: native code cannot be stopped from outside (a {@link
 * CancellationFlag} asks it to stop).
 */
public final class NativeTimeoutException extends RuntimeException {
  private final String function;
  private final Duration timeout;

  /** Creates one for {@code function}, given up after {@code timeout}. */
  public NativeTimeoutException(String function, Duration timeout) {
    super(function + " did not return within " + timeout.toMillis() + " ms; the native call runs on");
    this.function = function;
    this.timeout = timeout;
  }

  /** Returns the C function's symbol. */
  public String function() {
    return function;
  }

  /** Returns how long the caller waited. */
  public Duration timeout() {
    return timeout;
  }
}
