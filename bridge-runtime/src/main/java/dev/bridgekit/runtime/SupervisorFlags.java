package dev.bridgekit.runtime;

import java.time.Duration;

/**
 * Configures a {@link Supervisor}, as Erlang's {@code sup_flags}: the restart strategy and the
 * restart intensity: more than {@code intensity} restarts within {@code period} and the
 * supervisor gives up: it stops all its children and exits with reason {@code shutdown}, which
 * its own supervisor sees as the failure of a child. Defaults: 3 restarts in 5 seconds.
 *
 * @param strategy which children restart together
 * @param intensity how many restarts are allowed within {@code period}; 0 allows none
 * @param period the sliding window restarts are counted in
 */
public record SupervisorFlags(Strategy strategy, int intensity, Duration period) {
  /** Restarts allowed within {@link #DEFAULT_PERIOD} unless given. */
  public static final int DEFAULT_INTENSITY = 3;

  /** The window restarts are counted in unless given. */
  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(5);

  public SupervisorFlags {
    if (strategy == null) {
      throw new IllegalArgumentException("invalid strategy: null");
    }
    checkIntensity(intensity, period);
  }

  static void checkIntensity(int intensity, Duration period) {
    if (intensity < 0) {
      throw new IllegalArgumentException("intensity < 0: " + intensity);
    }
    if (period == null || period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period <= 0: " + period);
    }
  }

  /** Returns the flags of {@code strategy} with the default intensity. */
  public static SupervisorFlags of(Strategy strategy) {
    return new SupervisorFlags(strategy, DEFAULT_INTENSITY, DEFAULT_PERIOD);
  }

  /** Returns one-for-one flags with the default intensity. */
  public static SupervisorFlags oneForOne() {
    return of(Strategy.ONE_FOR_ONE);
  }

  /** Returns one-for-all flags with the default intensity. */
  public static SupervisorFlags oneForAll() {
    return of(Strategy.ONE_FOR_ALL);
  }

  /** Returns rest-for-one flags with the default intensity. */
  public static SupervisorFlags restForOne() {
    return of(Strategy.REST_FOR_ONE);
  }

  /** Returns these flags allowing {@code intensity} restarts within {@code period}. */
  public SupervisorFlags withIntensity(int intensity, Duration period) {
    return new SupervisorFlags(strategy, intensity, period);
  }
}
