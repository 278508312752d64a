package dev.bridgekit.bench.ffi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures how late a 1 ms heartbeat on a virtual thread runs while other virtual threads make
 * calls: the symptom of carriers pinned by native code.
 */
final class Heartbeat {
  private static final long PERIOD_NANOS = 1_000_000;

  private Heartbeat() {}

  /**
   * Starts the heartbeat, then {@code callers} virtual threads each running {@code call} once;
   * returns the heartbeat's worst lateness, in nanoseconds, from the callers' start to their end.
   */
  static long worstLatenessDuring(int callers, Runnable call) throws InterruptedException {
    AtomicBoolean done = new AtomicBoolean();
    AtomicBoolean beating = new AtomicBoolean();
    AtomicLong worst = new AtomicLong();
    Thread heartbeat = Thread.ofVirtual().name("heartbeat").start(() -> {
      long next = System.nanoTime();
      while (!done.get()) {
        next += PERIOD_NANOS;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          try {
            Thread.sleep(Duration.ofNanos(wait));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        long late = System.nanoTime() - next;
        worst.accumulateAndGet(late, Math::max);
        beating.set(true);
        if (late > 0) {
          next = System.nanoTime(); // a stall counts once, not as a growing backlog
        }
      }
    });
    while (!beating.get()) {
      Thread.sleep(1);
    }
    worst.set(0); // the heartbeat's own start is not what is measured
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      threads.add(Thread.ofVirtual().name("caller-" + i).start(call));
    }
    for (Thread t : threads) {
      t.join();
    }
    done.set(true);
    heartbeat.join();
    return worst.get();
  }
}
