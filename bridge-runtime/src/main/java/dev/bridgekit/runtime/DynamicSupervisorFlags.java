package dev.bridgekit.runtime;

import java.time.Duration;

/**
 * Configures a {@link DynamicSupervisor}: restart intensity as {@link SupervisorFlags} (defaults 3
 * restarts in 5 seconds) and the most children it runs at once.
 *
 * @param intensity how many restarts are allowed within {@code period}; 0 allows none
 * @param period the sliding window restarts are counted in
 * @param maxChildren the most children at once (running or restarting); more and {@link
 *     DynamicSupervisor#startChild} fails with {@code max_children}
 */
public record DynamicSupervisorFlags(int intensity, Duration period, int maxChildren) {
  /** No limit on children. */
  public static final int UNLIMITED = Integer.MAX_VALUE;

  public DynamicSupervisorFlags {
    SupervisorFlags.checkIntensity(intensity, period);
    if (maxChildren < 1) {
      throw new IllegalArgumentException("maxChildren < 1: " + maxChildren);
    }
  }

  /** Returns the defaults: 3 restarts in 5 seconds, no limit on children. */
  public static DynamicSupervisorFlags defaults() {
    return new DynamicSupervisorFlags(
        SupervisorFlags.DEFAULT_INTENSITY, SupervisorFlags.DEFAULT_PERIOD, UNLIMITED);
  }

  /** Returns these flags allowing {@code intensity} restarts within {@code period}. */
  public DynamicSupervisorFlags withIntensity(int intensity, Duration period) {
    return new DynamicSupervisorFlags(intensity, period, maxChildren);
  }

  /** Returns these flags with at most {@code maxChildren} children. */
  public DynamicSupervisorFlags withMaxChildren(int maxChildren) {
    return new DynamicSupervisorFlags(intensity, period, maxChildren);
  }
}
