package dev.bridgekit.runtime.internal; // not exported

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the timed receives of processes on virtual threads: one platform daemon thread for the
 * node, in place of the JDK timer task that {@code LockSupport.parkNanos} schedules (and cancels)
 * on a virtual thread for every wait. That task cost about 2 µs per wait, more than the rest of a
 * {@code GenServer.call}.
 *
 * <p>A waiter parks with a plain {@code park} after {@link #arm}: it publishes its deadline and
 * makes sure the timer holds an <em>entry</em> for it, keyed by a time no later than its deadline
 * rounded up to a {@link #TICK}. Entries are never cancelled. When the timer reaches one, it looks
 * at what the waiter does now: waiting past its deadline, it unparks it; waiting for a later
 * deadline, it files a new entry; not waiting, it forgets it. So a process that calls in a loop
 * with the same timeout files one entry per timeout period, not one per call: each call's deadline
 * is later than the entry it finds, which therefore covers it.
 *
 * <p>Each waiter's {@link Waiter#filedAt} is the key of its earliest entry (other entries of it
 * are stale, dropped when reached). The waiter writes its deadline, then reads {@code filedAt};
 * the timer clears {@code filedAt}, then reads the deadline: with both volatile, one of them sees
 * the other, so no waiter parks on an entry the timer is dropping.
 *
 * <p>Precision: a receive never ends early (the waiter checks its deadline itself) and ends at most
 * about a tick late, plus scheduling. Memory: entries live until their key or a sweep; the timer
 * sweeps out entries of processes not waiting whenever it holds twice as many as after its last
 * sweep (and at least {@link #SWEEP_FLOOR}), so it holds at most about twice the entries in use.
 * An entry (32 bytes, and a {@link Waiter} of 32 per process) holds the waiter's thread, not its
 * process: a process that dies with entries left keeps none of its messages alive. The thread
 * starts with the first entry, and parks without a timeout while it holds none.
 */
final class ReceiveTimer {
  private ReceiveTimer() {}

  private static final Logger LOG = LoggerFactory.getLogger(ReceiveTimer.class);

  /** "None": no deadline, no entry. A real time that equals it is moved one tick (or ns) later. */
  static final long NONE = Long.MIN_VALUE;

  /** The timer's granularity, a power of two nanoseconds (about 1 ms): keys are multiples of it. */
  static final long TICK = 1L << 20;

  /**
   * Waits shorter than this park with {@code parkNanos}: a tick of rounding would make them much
   * late, and they are rare.
   */
  static final long SHORTEST = 2 * TICK;

  /** Entries lie at most this far ahead (about 18 minutes), so that keys compare by subtraction. */
  private static final long HORIZON = 1L << 40;

  /** No sweep below this many entries. */
  static final int SWEEP_FLOOR = 1024;

  /** One process's side of its timed waits: allocated at its first one. */
  static final class Waiter {
    final Thread thread;

    /** The deadline of the timed wait in progress, or NONE. Written by the owner only. */
    volatile long deadline = NONE;

    /** The key of this waiter's earliest entry, or NONE. Compared and set by owner and timer. */
    volatile long filedAt = NONE;

    Waiter(Thread thread) {
      this.thread = thread;
    }
  }

  /** A request to look at {@code waiter} at time {@code key}; on the inbox, then in the heap. */
  private static final class Entry {
    final long key;
    final Waiter waiter;
    Entry next;

    Entry(long key, Waiter waiter) {
      this.key = key;
      this.waiter = waiter;
    }
  }

  private static final VarHandle FILED_AT;
  private static final VarHandle INBOX;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      FILED_AT = lookup.findVarHandle(Waiter.class, "filedAt", long.class);
      INBOX = lookup.findStaticVarHandle(ReceiveTimer.class, "inbox", Entry.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** New entries, newest first (a lock-free stack that only the timer thread empties). */
  @SuppressWarnings("unused") // through INBOX
  private static volatile Entry inbox;

  /** Entries filed and not yet dropped, on the inbox or in the heap. */
  private static final AtomicInteger HELD = new AtomicInteger();

  /** How many sweeps {@link #sweepNow} has asked for. */
  private static final AtomicLong SWEEPS_ASKED = new AtomicLong();

  /** How many of those the timer has made: it read the count before it began its last sweep. */
  private static volatile long sweepsMade;

  /** The timer thread, started with the first entry (class initialization is lazy). */
  private static final class Clock {
    static final Thread THREAD =
        Thread.ofPlatform().daemon().name("bridgekit-receive-timer").start(ReceiveTimer::run);
  }

  /**
   * Prepares the calling waiter to park with a plain {@code park} until {@code deadline}: the timer
   * will unpark it once the deadline has passed. Call before each park of the wait (the entry it
   * relied on may be gone after a spurious wake-up), and {@link #disarm} after the wait.
   */
  static void arm(Waiter waiter, long deadline, long now) {
    long at = deadline == NONE ? deadline + 1 : deadline; // later, never earlier
    waiter.deadline = at;
    file(waiter, keyFor(at, now));
  }

  /** Ends the wait: an entry that reaches the waiter now finds it not waiting. Owner only. */
  static void disarm(Waiter waiter) {
    waiter.deadline = NONE;
  }

  /** Returns how many entries the timer holds, stale ones included. */
  static int entries() {
    return HELD.get();
  }

  /**
   * Makes the timer sweep at once, and returns when it has: then it holds only the entries of
   * processes waiting in a timed receive. For tests.
   */
  static void sweepNow() throws InterruptedException {
    long ticket = SWEEPS_ASKED.incrementAndGet();
    LockSupport.unpark(Clock.THREAD);
    while (sweepsMade < ticket) {
      Thread.sleep(1);
    }
  }

  /** Returns the key for a wait until {@code deadline}: at or after it, within the horizon. */
  private static long keyFor(long deadline, long now) {
    long at = deadline - now > HORIZON ? now + HORIZON : deadline;
    long key = (at + TICK - 1) & -TICK;
    return key == NONE ? key + TICK : key;
  }

  /** Makes sure {@code waiter} has an entry at {@code key} or earlier. */
  private static void file(Waiter waiter, long key) {
    for (;;) {
      long filed = waiter.filedAt;
      if (filed != NONE && filed - key <= 0) {
        return;
      }
      if (FILED_AT.compareAndSet(waiter, filed, key)) {
        push(new Entry(key, waiter));
        return;
      }
    }
  }

  private static void push(Entry entry) {
    HELD.incrementAndGet();
    Entry head;
    do {
      head = inbox;
      entry.next = head;
    } while (!INBOX.compareAndSet(head, entry));
    if (head == null) {
      // The first since the timer last emptied the inbox: the timer may sleep past this key.
      LockSupport.unpark(Clock.THREAD);
    }
  }

  // ---- the timer thread ----

  private static void run() {
    PriorityQueue<Entry> heap =
        new PriorityQueue<>(SWEEP_FLOOR, (a, b) -> Long.signum(a.key - b.key));
    int sweepAt = SWEEP_FLOOR;
    for (;;) {
      try {
        for (Entry e = (Entry) INBOX.getAndSet((Entry) null); e != null; ) {
          Entry next = e.next;
          e.next = null;
          heap.add(e);
          e = next;
        }
        long now = System.nanoTime();
        long asked = SWEEPS_ASKED.get();
        if (heap.size() >= sweepAt || asked != sweepsMade) {
          heap.removeIf(e -> sweepDrops(e, now));
          sweepAt = Math.max(SWEEP_FLOOR, 2 * heap.size());
          sweepsMade = asked;
        }
        Entry first;
        while ((first = heap.peek()) != null && first.key - now <= 0) {
          heap.poll();
          HELD.decrementAndGet();
          reach(first, now);
        }
        // This thread belongs to the node and nothing may cancel it: an interrupt would only
        // make every park below return at once.
        Thread.interrupted();
        if (first == null) {
          sweepAt = SWEEP_FLOOR;
          LockSupport.park();
        } else {
          LockSupport.parkNanos(first.key - now);
        }
      } catch (Throwable e) { // an OutOfMemoryError: keep serving the entries still held
        LOG.error("receive timer failed; continuing", e);
      }
    }
  }

  /** Acts on an entry whose time has come: wakes its waiter, files a later entry, or forgets it. */
  private static void reach(Entry entry, long now) {
    Waiter waiter = entry.waiter;
    if (!FILED_AT.compareAndSet(waiter, entry.key, NONE)) {
      return; // stale: an earlier entry was filed after this one, and covers the waiter
    }
    long deadline = waiter.deadline;
    if (deadline == NONE) {
      return; // its next timed wait files anew
    }
    if (deadline - now <= 0) {
      // That wait parks no more (its waiter checks the deadline before parking): no new entry.
      LockSupport.unpark(waiter.thread);
    } else {
      file(waiter, keyFor(deadline, now));
    }
  }

  /** Returns whether a sweep drops {@code entry}: stale, or its waiter not waiting. */
  private static boolean sweepDrops(Entry entry, long now) {
    Waiter waiter = entry.waiter;
    if (waiter.filedAt == entry.key) {
      if (waiter.deadline != NONE) {
        return false; // in use
      }
      if (FILED_AT.compareAndSet(waiter, entry.key, NONE)) {
        long deadline = waiter.deadline;
        if (deadline != NONE) {
          // It began a wait meanwhile, and may have parked relying on this entry.
          file(waiter, keyFor(deadline, now));
        }
      }
    }
    HELD.decrementAndGet();
    return true;
  }
}
