package dev.bridgekit.ffi.internal;

import java.util.function.Supplier;

/**
 * Busy-waits for something another thread is about to do, for as long as that has lately paid
 * off, as HotSpot's adaptive spinning on monitors does. A spin that saw the thing happen keeps the
 * full budget; one that ran out halves it, down to none; with none, one wait in {@link
 * #PROBE_EVERY} spins again at the full budget, to notice when spinning pays again. A spinner that
 * finds it was descheduled (the machine has more runnable threads than cores) stops at once and
 * drops the budget to none: its spinning takes CPU from the very thread it waits for.
 *
 * <p>On an idle machine a handoff between two spinning threads takes a microsecond or two, where
 * parking and unparking takes several; on a loaded one spinning only delays the other thread, and
 * the budget falls to nothing within a few waits. Thread-safe; the budget is shared, updated
 * without locks (a lost update only spins a little more or less once).
 */
public final class AdaptiveSpin {
  /** With no budget, one wait in this many spins anyway. */
  static final int PROBE_EVERY = 32;
  /** A gap this long between two looks means the spinning thread was descheduled. */
  static final long DESCHEDULED_NANOS = 10_000;

  private final long maxNanos;
  private final long descheduledNanos;
  private volatile long budgetNanos;
  private int waits; // racy on purpose: it only spaces probes out

  /** Makes a spin of at most {@code maxNanos} a wait. */
  public AdaptiveSpin(long maxNanos) {
    this(maxNanos, DESCHEDULED_NANOS);
  }

  /** As {@link #AdaptiveSpin(long)}, taking a gap of {@code descheduledNanos} for descheduling. */
  AdaptiveSpin(long maxNanos, long descheduledNanos) {
    if (maxNanos <= 0) {
      throw new IllegalArgumentException("maxNanos <= 0: " + maxNanos);
    }
    this.maxNanos = maxNanos;
    this.descheduledNanos = descheduledNanos;
    this.budgetNanos = maxNanos;
  }

  /**
   * Calls {@code look} until it returns non-null or the budget is spent; returns what it returned,
   * or null. Each look is also a sign of life: {@code heartbeat}, if not null, gets the time of
   * every look.
   */
  public <T> T await(Supplier<T> look, Heartbeat heartbeat) {
    long budget = budgetNanos;
    if (budget == 0) {
      if (++waits % PROBE_EVERY != 0) {
        return null;
      }
      budget = maxNanos;
    }
    long now = System.nanoTime();
    long deadline = now + budget;
    while (true) {
      if (heartbeat != null) {
        heartbeat.seen(now);
      }
      T found = look.get();
      if (found != null) {
        budgetNanos = maxNanos;
        return found;
      }
      Thread.onSpinWait();
      long then = now;
      now = System.nanoTime();
      if (now - then > descheduledNanos) {
        budgetNanos = 0;
        return null;
      }
      if (now - deadline >= 0) {
        budgetNanos = budget / 2 < maxNanos / 16 ? 0 : budget / 2;
        return null;
      }
    }
  }

  /** Returns the budget the next wait spins for, in nanoseconds (0: it parks at once). */
  public long budgetNanos() {
    return budgetNanos;
  }

  /** Receives the time of each look of a spin, so that others can tell it is still looking. */
  @FunctionalInterface
  public interface Heartbeat {
    void seen(long nanoTime);
  }
}
