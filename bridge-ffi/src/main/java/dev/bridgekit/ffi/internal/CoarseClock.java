package dev.bridgekit.ffi.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A clock for timing every clean call at the cost of two plain memory reads: a daemon thread
 * stores {@code System.nanoTime()} every {@link #RESOLUTION_NANOS}, and callers read the stored
 * value. Two {@code nanoTime} calls per downcall would cost more than a trivial downcall itself.
 *
 * <p>A reading can be stale by more than the resolution when the ticking thread is descheduled,
 * which would make a short call look long. So the ticks are also kept in a ring, each with a
 * precise time taken just after it was published, and {@link #publishedBy} lets a caller whose
 * call looked long bound its true duration from below with one precise reading: a caller that read
 * tick {@code v} read it before any later tick was published. Each reading carries its tick's
 * place in the ring in its low bits (a few microseconds of the reading, nothing at the millisecond
 * scale of the check), so that look-up is a few reads, not a search: with ticks about a
 * millisecond apart but never exactly, a call that spans one tick often looks long, so the look-up
 * runs about once per tick while calls run.
 */
final class CoarseClock {
  /**
   * How often the clock ticks. Each tick wakes a thread, which costs the cores the calls run on
   * (at 250 µs, 7% of a trivial downcall in a tight loop on 2 cores); a millisecond is as fine as
   * BEAM's {@code long_schedule} monitor, which counts in milliseconds.
   */
  static final long RESOLUTION_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** How many recent ticks are kept: about eight seconds' worth; a power of two. */
  private static final int RING = 8192;
  /** The low bits of a reading, which hold its tick's place in the ring. */
  private static final long INDEX_BITS = RING - 1;

  private static final AtomicLongArray VALUES = new AtomicLongArray(RING);
  private static final AtomicLongArray PUBLISHED_BY = new AtomicLongArray(RING);
  /** The name of {@link #now}, which bound classes read directly (see ClassGen). */
  static final String NOW_FIELD = "now";

  /**
   * The latest tick. Volatile, and not only for visibility: a plain field's reads could be merged
   * by the JIT with an earlier read in the same compiled code, making a call's start look earlier
   * than it was. On x86 a volatile read is a plain load (measured here: no difference per call).
   */
  static volatile long now;

  static {
    tick(0);
    Thread.ofPlatform().name("bridgekit-ffi-clock").daemon(true).start(() -> {
      for (int i = 1; ; i = (i + 1) % RING) {
        LockSupport.parkNanos(RESOLUTION_NANOS);
        tick(i);
      }
    });
  }

  /**
   * Publishes tick {@code i}: the time with {@code i} in its low bits. The readings still increase
   * from tick to tick, since ticks are far more than {@code RING} nanoseconds apart.
   */
  private static void tick(int i) {
    long t = (System.nanoTime() & ~INDEX_BITS) | i;
    PUBLISHED_BY.set(i, 0);
    VALUES.set(i, t);
    now = t;
    PUBLISHED_BY.set(i, System.nanoTime());
  }

  private CoarseClock() {}

  /** Returns a recent {@code System.nanoTime()} reading. */
  static long now() {
    return now;
  }

  /**
   * Returns a {@code System.nanoTime()} by which the reader of tick {@code reading} had surely read
   * it: the earliest known time a later tick was published by. {@code Long.MAX_VALUE} if no later
   * tick is known (then nothing is proven about the reader).
   */
  static long publishedBy(long reading) {
    int next = (int) ((reading + 1) & INDEX_BITS);
    // The slot may be mid-reuse: a value read twice, unchanged, with a non-zero time read between,
    // is the time of that value's tick (the clock clears the time before it stores a new value).
    long value = VALUES.get(next);
    long by = PUBLISHED_BY.get(next);
    if (by == 0 || value <= reading || VALUES.get(next) != value) {
      return Long.MAX_VALUE;
    }
    return by;
  }
}
