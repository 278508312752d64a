package dev.bridgekit.ports;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Times out spawns the launcher leaves without an answer: one virtual thread, running only while
 * spawns are in flight, looks at them twice a second. One timer for all spawns, where a timed wait
 * per spawn would arm and cancel a timer task of the virtual-thread scheduler each time (see
 * {@link PendingSpawn}). Any thread may call {@link #watch}.
 */
final class SpawnWatchdog {
  private static final long PERIOD_MS = 500;

  private final Map<Long, PendingSpawn> spawns;
  private final long limitNanos;
  private final AtomicBoolean running = new AtomicBoolean();

  /** Watches the spawns in {@code spawns} (live, concurrent), timing out those older than {@code limitMs}. */
  SpawnWatchdog(Map<Long, PendingSpawn> spawns, long limitMs) {
    this.spawns = spawns;
    this.limitNanos = TimeUnit.MILLISECONDS.toNanos(limitMs);
  }

  /** Makes sure the watchdog runs; call after adding a spawn. */
  void watch() {
    if (running.compareAndSet(false, true)) {
      Thread.ofVirtual().name("bk-ports-spawn-watchdog").start(this::loop);
    }
  }

  private void loop() {
    try {
      while (true) {
        Thread.sleep(PERIOD_MS);
        long now = System.nanoTime();
        for (PendingSpawn s : spawns.values()) {
          if (s.olderThan(limitNanos, now)) {
            s.timeOut();
          }
        }
        if (spawns.isEmpty()) {
          running.set(false);
          // A spawn added meanwhile saw the watchdog running and left it to this thread.
          if (spawns.isEmpty() || !running.compareAndSet(false, true)) {
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      running.set(false);
      Thread.currentThread().interrupt(); // nobody interrupts this thread; end if someone does
    }
  }
}
