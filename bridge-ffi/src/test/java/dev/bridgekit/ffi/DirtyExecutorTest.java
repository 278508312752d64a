package dev.bridgekit.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The dirty executor's handoff: spinning and parked threads, wake-ups, close. */
class DirtyExecutorTest {
  @Test
  void aBurstOfLongCallsOnParkedThreadsRunsInParallel() throws Exception {
    try (DirtyExecutor executor = DirtyExecutor.create("burst", 4, 16)) {
      // Each wave finds the threads parked: past their spin, woken one per call.
      for (int wave = 0; wave < 2; wave++) {
        Thread.sleep(20); // every thread parks: past its spin
        long start = System.nanoTime();
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          calls.add(executor.submit("sleep", () -> {
            Thread.sleep(100);
            return 1;
          }));
        }
        for (CompletableFuture<Integer> c : calls) {
          assertEquals(1, c.get(5, TimeUnit.SECONDS));
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 300, "wave " + wave + ": 4 x 100 ms on 4 threads took " + millis + " ms");
      }
    }
  }

  @Test
  void manyShortCallsFromManyVirtualThreadsAllComplete() throws Exception {
    try (DirtyExecutor executor = DirtyExecutor.create("many", 2, 64)) {
      AtomicLong sum = new AtomicLong();
      List<Thread> callers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        callers.add(Thread.ofVirtual().start(() -> {
          for (int i = 0; i < 2_000; i++) {
            long v = i;
            try {
              sum.addAndGet(executor.submit("add", () -> v).get(5, TimeUnit.SECONDS));
            } catch (Exception e) {
              throw new AssertionError("call " + i + " failed or was lost", e);
            }
          }
        }));
      }
      for (Thread t : callers) {
        t.join(20_000);
      }
      assertEquals(8L * (1_999L * 2_000 / 2), sum.get());
      assertEquals(16_000, executor.stats().completed());
      assertEquals(0, executor.stats().queued());
    }
  }

  @Test
  void closeFinishesQueuedCallsRejectsNewOnesAndEndsItsThreads() throws Exception {
    DirtyExecutor executor = DirtyExecutor.create("closing", 1, 8);
    CompletableFuture<Integer> running = executor.submit("slow", () -> {
      Thread.sleep(50);
      return 1;
    });
    CompletableFuture<Integer> queued = executor.submit("queued", () -> 2);
    executor.close();
    var e = assertThrows(NativeRejectedException.class, () -> executor.submit("late", () -> 3));
    assertEquals("late", e.function());
    assertEquals(1, running.get(5, TimeUnit.SECONDS));
    assertEquals(2, queued.get(5, TimeUnit.SECONDS));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (threadNamed("bridgekit-closing-1") && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(!threadNamed("bridgekit-closing-1"), "the closed executor's thread still runs");
  }

  private static boolean threadNamed(String name) {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name));
  }
}
