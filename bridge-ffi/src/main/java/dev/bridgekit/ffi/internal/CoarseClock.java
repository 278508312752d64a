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
 *
 * <p>The clock sleeps when nobody needs it: a thousand wake-ups a second cost an idle JVM 3.5% of
 * a core on these machines (a millisecond's sleep costs 23 µs of CPU in a VM). After {@link
 * #AWAKE_TICKS} ticks it publishes a reading with {@link #ASLEEP} set instead of a tick, and parks
 * until a call that starts on that reading wakes it ({@link #start}): the waking caller publishes
 * the next tick itself, so its call is timed like any other, and the clock ticks again. While calls
 * run, that costs one wake-up a second. The sleeping reading is far ahead of every tick, so that a
 * call under way when the clock fell asleep looks long when it ends, and is bounded precisely.
 */
final class CoarseClock {
  /**
   * How often the clock ticks. Each tick wakes a thread, which costs the cores the calls run on
   * (at 250 µs, 7% of a trivial downcall in a tight loop on 2 cores); a millisecond is as fine as
   * BEAM's {@code long_schedule} monitor, which counts in milliseconds.
   */
  static final long RESOLUTION_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** How many ticks the clock publishes once woken before it sleeps again: about a second. */
  static final int AWAKE_TICKS = 1000;

  /** How many recent ticks are kept: about eight seconds' worth; a power of two. */
  private static final int RING = 8192;
  /** The low bits of a reading, which hold its tick's place in the ring. */
  private static final long INDEX_BITS = RING - 1;
  /** The bit set in the reading the clock leaves while it sleeps, and in no tick. */
  static final long ASLEEP = RING;
  /** How far the sleeping reading lies ahead of the tick before it: over 18 minutes. */
  private static final long ASLEEP_AHEAD = 1L << 40;

  private static final AtomicLongArray VALUES = new AtomicLongArray(RING);
  private static final AtomicLongArray PUBLISHED_BY = new AtomicLongArray(RING);
  /** The name of {@link #now}, which bound classes read directly (see ClassGen). */
  static final String NOW_FIELD = "now";
  /** The name of {@link #start}, which bound classes call (see ClassGen). */
  static final String START_METHOD = "start";

  /**
   * The latest reading. Volatile, and not only for visibility: a plain field's reads could be
   * merged by the JIT with an earlier read in the same compiled code, making a call's start look
   * earlier than it was. On x86 a volatile read is a plain load (measured here: no difference per
   * call).
   */
  static volatile long now;

  /** Held to publish a reading: by the clock's thread, or by a caller waking it. */
  private static final Object PUBLISHING = new Object();
  /** The ring place of the next reading; guarded by {@link #PUBLISHING}. */
  private static int next;
  private static final Thread TICKER;

  static {
    synchronized (PUBLISHING) {
      publish(false);
    }
    TICKER = Thread.ofPlatform().name("bridgekit-ffi-clock").daemon(true)
        .unstarted(CoarseClock::run);
    TICKER.start();
  }

  private CoarseClock() {}

  private static void run() {
    for (;;) {
      for (int i = 0; i < AWAKE_TICKS; i++) {
        LockSupport.parkNanos(RESOLUTION_NANOS);
        synchronized (PUBLISHING) {
          publish(false);
        }
      }
      synchronized (PUBLISHING) {
        publish(true);
      }
      while ((now & ASLEEP) != 0) {
        LockSupport.park(CoarseClock.class);
      }
    }
  }

  /**
   * Publishes the next reading: a tick, the time with its ring place in the low bits, or with
   * {@code asleep}, the sleeping reading. The readings still increase from tick to tick, since
   * ticks are far more than {@code 2 * RING} nanoseconds apart. The caller holds {@link
   * #PUBLISHING}.
   */
  private static void publish(boolean asleep) {
    int i = next;
    next = (i + 1) & (int) INDEX_BITS;
    long t = (System.nanoTime() & ~(INDEX_BITS | ASLEEP)) | i;
    if (asleep) {
      t = (t + ASLEEP_AHEAD) | ASLEEP;
    }
    PUBLISHED_BY.set(i, 0);
    VALUES.set(i, t);
    now = t;
    PUBLISHED_BY.set(i, System.nanoTime());
  }

  /** Returns a recent {@code System.nanoTime()} reading: the one a call ends on. */
  static long now() {
    return now;
  }

  /**
   * Returns the reading a call starts on: {@link #now}, after waking the clock if it sleeps.
   * Kept under the JIT's always-inline size (35 bytes of bytecode).
   */
  static long start() {
    long t = now;
    return (t & ASLEEP) == 0 ? t : wake();
  }

  private static long wake() {
    synchronized (PUBLISHING) {
      if ((now & ASLEEP) != 0) {
        publish(false);
        LockSupport.unpark(TICKER);
      }
      return now;
    }
  }

  /** True while the clock sleeps: for tests. */
  static boolean asleep() {
    return (now & ASLEEP) != 0;
  }

  /**
   * Returns a {@code System.nanoTime()} by which the reader of tick {@code reading} had surely read
   * it: the earliest known time a later reading was published by. {@code Long.MAX_VALUE} if no
   * later reading is known (then nothing is proven about the reader).
   */
  static long publishedBy(long reading) {
    int following = (int) ((reading + 1) & INDEX_BITS);
    // The slot may be mid-reuse: a value read twice, unchanged, with a non-zero time read between,
    // is the time of that value's tick (the clock clears the time before it stores a new value).
    long value = VALUES.get(following);
    long by = PUBLISHED_BY.get(following);
    if (by == 0 || value - reading <= 0 || VALUES.get(following) != value) {
      return Long.MAX_VALUE;
    }
    return by;
  }
}
