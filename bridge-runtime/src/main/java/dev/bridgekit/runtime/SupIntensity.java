package dev.bridgekit.runtime;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Counts a supervisor's restarts in a sliding window, as supervisor.erl's {@code add_restart}:
 * more than {@code intensity} within {@code period} and the supervisor gives up. Owned by the
 * supervisor's process.
 */
final class SupIntensity {
  private final int intensity;
  private final long periodNanos;
  private final ArrayDeque<Long> restarts = new ArrayDeque<>();

  SupIntensity(int intensity, Duration period) {
    this.intensity = intensity;
    this.periodNanos = period.toNanos();
  }

  /** Records a restart now; returns false if that is one too many for the window. */
  boolean allowRestart() {
    long now = System.nanoTime();
    restarts.addLast(now);
    while (now - restarts.peekFirst() > periodNanos) {
      restarts.removeFirst();
    }
    return restarts.size() <= intensity;
  }
}
