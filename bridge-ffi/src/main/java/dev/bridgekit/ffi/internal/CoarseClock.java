package dev.bridgekit.ffi.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A clock for timing every clean call at the cost of two plain memory reads: a daemon thread
 * stores {@code System.nanoTime()} every {@link #RESOLUTION_NANOS}, and callers read the stored
 * value, {@link #now} when a call starts and {@link #endNow} when it ends. Two {@code nanoTime}
 * calls per downcall would cost more than a trivial downcall itself.
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
 * <p>The clock idles when no call needs it: a thousand wake-ups a second cost an idle JVM 3% of a
 * core on these machines (a millisecond's sleep costs 23 µs of CPU in a VM). It learns whether
 * calls run at no cost to them: after {@link #AWAKE_TICKS} ticks it goes on ticking as fast, but
 * with {@link #endNow} set far ahead of {@link #now}, so that the next call to end looks long: its
 * check calls {@link #callEnded}, which makes the clock tick as before. Only if no call ends for
 * another {@link #AWAKE_TICKS} ticks does the clock idle, ticking every {@link
 * #IDLE_RESOLUTION_NANOS} (with {@link #endNow} still ahead) until a call ends. Nothing is added to
 * a call's own path; while calls run, one check every two seconds takes the slow path. The price
 * is precision after a second with no call: a call that starts while the clock idles is bounded
 * from the next slow tick, so it is reported when it runs over its threshold by more than the
 * idle resolution (and sometimes when by less).
 */
final class CoarseClock {
  /**
   * How often the clock ticks. Each tick wakes a thread, which costs the cores the calls run on
   * (at 250 µs, 7% of a trivial downcall in a tight loop on 2 cores); a millisecond is as fine as
   * BEAM's {@code long_schedule} monitor, which counts in milliseconds.
   */
  static final long RESOLUTION_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /**
   * How often the clock ticks while idle. Measured here, process CPU of an idle JVM with one
   * binding: 3% of a core ticking every millisecond, 1% every 10 ms, 0.5 to 0.7% every 20 ms,
   * 0.2% every 100 ms (a wake-up after a longer sleep costs more).
   */
  static final long IDLE_RESOLUTION_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /**
   * How many fast ticks the clock publishes before it asks whether calls still run, and how many
   * more, with no call ending, before it idles: about a second's worth each.
   */
  static final int AWAKE_TICKS = 1000;

  /** How many recent ticks are kept: eight seconds' worth or more; a power of two. */
  private static final int RING = 8192;
  /** The low bits of a reading, which hold its tick's place in the ring. */
  private static final long INDEX_BITS = RING - 1;
  /**
   * How far ahead of {@link #now} {@link #endNow} lies while the clock idles: 13 days, more than
   * any threshold a binding would set.
   */
  private static final long IDLE_AHEAD = 1L << 50;

  private static final AtomicLongArray VALUES = new AtomicLongArray(RING);
  private static final AtomicLongArray PUBLISHED_BY = new AtomicLongArray(RING);
  /** The name of {@link #now}, which bound classes read directly (see ClassGen). */
  static final String NOW_FIELD = "now";
  /** The name of {@link #endNow}, which bound classes read directly (see ClassGen). */
  static final String END_NOW_FIELD = "endNow";

  /**
   * The latest tick: the reading a call starts on. Volatile, and not only for visibility: a plain
   * field's reads could be merged by the JIT with an earlier read in the same compiled code,
   * making a call's start look earlier than it was. On x86 a volatile read is a plain load
   * (measured here: no difference per call).
   */
  static volatile long now;

  /** The reading a call ends on: {@link #now} while the clock ticks fast, far ahead while idle. */
  static volatile long endNow;

  /** Held to publish a tick: by the clock's thread, or by a caller ending its idling. */
  private static final Object PUBLISHING = new Object();
  /** The ring place of the next tick; guarded by {@link #PUBLISHING}. */
  private static int next;
  /** {@link #TICKING}, {@link #ASKING} or {@link #IDLE}; guarded by {@link #PUBLISHING}. */
  private static int state;
  /** Ticking fast, with {@link #endNow} equal to {@link #now}. */
  private static final int TICKING = 0;
  /** Ticking fast, with {@link #endNow} ahead: the next call to end says calls still run. */
  private static final int ASKING = 1;
  /** Ticking slowly, with {@link #endNow} ahead, until a call ends. */
  private static final int IDLE = 2;
  private static final Thread TICKER;

  static {
    synchronized (PUBLISHING) {
      publish();
    }
    TICKER = Thread.ofPlatform().name("bridgekit-ffi-clock").daemon(true)
        .unstarted(CoarseClock::run);
    TICKER.start();
  }

  private CoarseClock() {}

  private static void run() {
    for (;;) {
      tickFast(TICKING);
      synchronized (PUBLISHING) {
        state = ASKING;
        publish();
      }
      if (!tickFast(ASKING)) {
        continue; // a call ended: calls still run
      }
      synchronized (PUBLISHING) {
        if (state != ASKING) {
          continue;
        }
        state = IDLE;
        publish();
      }
      boolean idling = true;
      while (idling) {
        LockSupport.parkNanos(IDLE_RESOLUTION_NANOS); // cut short by callEnded's unpark
        synchronized (PUBLISHING) {
          idling = state == IDLE;
          if (idling) {
            publish();
          }
        }
      }
    }
  }

  /**
   * Publishes up to {@link #AWAKE_TICKS} ticks, one every {@link #RESOLUTION_NANOS}, while the
   * state stays {@code expected}; returns false if it changed (a call ended while asking).
   */
  private static boolean tickFast(int expected) {
    for (int i = 0; i < AWAKE_TICKS; i++) {
      LockSupport.parkNanos(RESOLUTION_NANOS);
      synchronized (PUBLISHING) {
        if (state != expected) {
          return false;
        }
        publish();
      }
    }
    return true;
  }

  /**
   * Publishes the next tick: the time with its ring place in the low bits. The readings still
   * increase from tick to tick, since ticks are far more than {@code RING} nanoseconds apart. The
   * caller holds {@link #PUBLISHING}.
   */
  private static void publish() {
    int i = next;
    next = (i + 1) & (int) INDEX_BITS;
    long t = (System.nanoTime() & ~INDEX_BITS) | i;
    PUBLISHED_BY.set(i, 0);
    VALUES.set(i, t);
    // endNow first: a call that starts on this tick ends on it or on a later one.
    endNow = state == TICKING ? t : t + IDLE_AHEAD;
    now = t;
    PUBLISHED_BY.set(i, System.nanoTime());
  }

  /** Returns the latest tick, a recent {@code System.nanoTime()} reading. */
  static long now() {
    return now;
  }

  /** Returns the reading a call ends on (see {@link #endNow}). */
  static long endNow() {
    return endNow;
  }

  /**
   * Called by a call that looked long: if the clock asks whether calls run, or idles (which makes
   * every call look long when it ends), makes it tick fast as before, publishing a tick at once.
   */
  static void callEnded() {
    if (endNow != now) {
      synchronized (PUBLISHING) {
        if (state != TICKING) {
          boolean wasIdle = state == IDLE;
          state = TICKING;
          publish();
          if (wasIdle) {
            LockSupport.unpark(TICKER);
          }
        }
      }
    }
  }

  /** True while the clock idles: for tests. */
  static boolean idle() {
    synchronized (PUBLISHING) {
      return state == IDLE;
    }
  }

  /** Returns how many ticks were published from the one read as {@code a} to {@code b}. */
  static int ticksBetween(long a, long b) {
    return (int) ((b - a) & INDEX_BITS);
  }

  /**
   * Returns a {@code System.nanoTime()} by which the reader of tick {@code reading} had surely read
   * it: the earliest known time a later tick was published by. {@code Long.MAX_VALUE} if no later
   * tick is known (then nothing is proven about the reader).
   */
  static long publishedBy(long reading) {
    int following = (int) ((reading + 1) & INDEX_BITS);
    // The slot may be mid-reuse: a value read twice, unchanged, with a non-zero time read between,
    // is the time of that value's tick (the clock clears the time before it stores a new value).
    long value = VALUES.get(following);
    long by = PUBLISHED_BY.get(following);
    if (by == 0 || value <= reading || VALUES.get(following) != value) {
      return Long.MAX_VALUE;
    }
    return by;
  }
}
