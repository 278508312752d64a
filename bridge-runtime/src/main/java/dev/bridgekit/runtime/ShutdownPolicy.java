package dev.bridgekit.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Says how a supervisor stops a child, as a child spec's {@code shutdown} does: send it an exit
 * signal {@code shutdown} and wait for it to exit up to a timeout, then kill it ({@link Timeout});
 * kill it at once ({@link BrutalKill}); or send {@code shutdown} and wait as long as it takes
 * ({@link Infinity}, the default for supervisors, which stop their own children first).
 */
public sealed interface ShutdownPolicy {
  /** Kills the child at once with {@code kill}. */
  ShutdownPolicy BRUTAL_KILL = new BrutalKill();

  /** Waits for the child to exit after {@code shutdown}, as long as it takes. */
  ShutdownPolicy INFINITY = new Infinity();

  /** Returns the policy: {@code shutdown}, then {@code kill} after {@code timeout}. */
  static ShutdownPolicy timeout(Duration timeout) {
    return new Timeout(timeout);
  }

  /** As {@link #timeout(Duration)}, in milliseconds. */
  static ShutdownPolicy timeoutMillis(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("shutdown timeout < 0: " + millis + " ms");
    }
    return new Timeout(Duration.ofMillis(millis));
  }

  /** See {@link ShutdownPolicy#BRUTAL_KILL}. */
  record BrutalKill() implements ShutdownPolicy {}

  /** See {@link ShutdownPolicy#INFINITY}. */
  record Infinity() implements ShutdownPolicy {}

  /**
   * Sends {@code shutdown}, waits up to {@code timeout}, then kills.
   *
   * @param timeout how long the child may take to exit; zero kills right after the signal
   */
  record Timeout(Duration timeout) implements ShutdownPolicy {
    public Timeout {
      Objects.requireNonNull(timeout, "shutdown timeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("shutdown timeout < 0: " + timeout);
      }
    }
  }
}
