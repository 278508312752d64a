package dev.bridgekit.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clean and dirty calls: where they run, what waiting for them costs other virtual threads. */
class DirtySchedulingTest {
  private DirtyExecutor cpu;
  private DirtyExecutor io;
  private Sleeper sleeper;

  @BeforeEach
  void bind() {
    cpu = DirtyExecutor.create("test-cpu", 2, 16);
    io = DirtyExecutor.create("test-io", 10, 16);
    sleeper = Binding.of(Sleeper.class).library(DemoLibrary.source()).dirtyCpu(cpu).dirtyIo(io)
        .bind();
  }

  @AfterEach
  void close() {
    cpu.close();
    io.close();
  }

  @Test
  void dirtyIoCallsLeaveVirtualThreadsRunning() throws Exception {
    long lateness = heartbeatLatenessDuring(() -> sleeper.sleepDirty(100));
    System.err.println("dirty IO: heartbeat late by " + lateness / 1000 + " us at worst");
    // A regression guard, not the benchmark (ffi.heartbeat_lateness is): loose enough for a
    // loaded CI machine, far below the ~400 ms of the same calls inline on 2 cores.
    assertTrue(lateness < TimeUnit.MILLISECONDS.toNanos(100),
        "heartbeat late by " + lateness / 1_000_000 + " ms while 8 dirty calls ran");
    DirtyStats stats = io.stats();
    assertEquals(8, stats.submitted());
    assertEquals(8, stats.completed());
  }

  @Test
  void cleanCallsOfTheSameFunctionStarveVirtualThreads() throws Exception {
    // The problem dirty executors solve: each inline call pins a carrier for 100 ms; with 8 of
    // them on P carriers, the heartbeat waits about 8 / P * 100 ms.
    int carriers = Runtime.getRuntime().availableProcessors();
    long lateness = heartbeatLatenessDuring(() -> sleeper.sleepInline(100));
    System.err.println("inline: heartbeat late by " + lateness / 1_000_000 + " ms on "
        + carriers + " carriers");
    if (carriers <= 4) {
      assertTrue(lateness > TimeUnit.MILLISECONDS.toNanos(150),
          "heartbeat late by only " + lateness / 1_000_000 + " ms while 8 inline calls ran");
    }
  }

  /**
   * Runs a 1 ms heartbeat on a virtual thread while eight virtual threads each make {@code call};
   * returns the heartbeat's worst lateness in nanoseconds.
   */
  private static long heartbeatLatenessDuring(Runnable call) throws Exception {
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong worst = new AtomicLong();
    AtomicBoolean started = new AtomicBoolean();
    Thread heartbeat = Thread.ofVirtual().name("heartbeat").start(() -> {
      long next = System.nanoTime();
      while (!done.get()) {
        next += 1_000_000;
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
        started.set(true);
        if (late > 0) {
          next = System.nanoTime(); // count each stall once, not as a growing backlog
        }
      }
    });
    while (!started.get()) {
      Thread.sleep(1);
    }
    worst.set(0); // the heartbeat's own start-up is not what is measured
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      callers.add(Thread.ofVirtual().name("caller-" + i).start(call));
    }
    for (Thread t : callers) {
      t.join();
    }
    done.set(true);
    heartbeat.join();
    return worst.get();
  }

  @Test
  void aTimedOutCallThrowsAndRaisesItsCancellationFlag() throws Exception {
    CancellationFlag flag = new CancellationFlag();
    long start = System.nanoTime();
    var e = assertThrows(NativeTimeoutException.class, () -> sleeper.waitBriefly(flag, 10_000));
    long waited = System.nanoTime() - start;
    assertEquals("bk_demo_wait_cancellable", e.function());
    assertEquals(Duration.ofMillis(50), e.timeout());
    assertTrue(waited < TimeUnit.SECONDS.toNanos(5), "waited " + waited / 1_000_000 + " ms");
    assertTrue(flag.isCancelled());
    // The native call polls the flag and stops: the worker is free again soon.
    awaitCompleted(io, 1);
  }

  @Test
  void aFullQueueRejectsCallsWithATypedException() throws Exception {
    DirtyExecutor tiny = DirtyExecutor.create("tiny", 1, 1);
    try {
      Sleeper s = Binding.of(Sleeper.class).library(DemoLibrary.source()).dirtyIo(tiny).bind();
      CancellationFlag flag = new CancellationFlag();
      List<Thread> waiters = new ArrayList<>();
      // The first call runs (its thread took it off the queue); the second fills the queue.
      waiters.add(Thread.ofVirtual().start(() -> s.waitLong(flag, 10_000)));
      awaitRunning(tiny, 1);
      waiters.add(Thread.ofVirtual().start(() -> s.waitLong(flag, 10_000)));
      awaitSubmitted(tiny, 2);
      var e = assertThrows(NativeRejectedException.class, () -> s.waitLong(flag, 10_000));
      assertEquals("tiny", e.executor());
      assertEquals(1, e.queueCapacity());
      DirtyStats stats = tiny.stats();
      assertEquals(1, stats.running());
      assertEquals(1, stats.queued());
      assertEquals(1, stats.rejected());
      flag.cancel();
      for (Thread t : waiters) {
        t.join();
      }
      assertEquals(2, tiny.stats().completed());
    } finally {
      tiny.close();
    }
  }

  @Test
  void anInterruptedCallerStopsWaitingKeepsItsInterruptAndCancels() throws Exception {
    CancellationFlag flag = new CancellationFlag();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean interruptKept = new AtomicBoolean();
    Thread caller = Thread.ofVirtual().start(() -> {
      try {
        sleeper.waitLong(flag, 10_000);
      } catch (Throwable t) {
        thrown.set(t);
        interruptKept.set(Thread.currentThread().isInterrupted());
      }
    });
    awaitSubmitted(io, 1);
    caller.interrupt();
    caller.join(5_000);
    assertInstanceOf(NativeInterruptedException.class, thrown.get());
    assertTrue(interruptKept.get());
    assertTrue(flag.isCancelled());
    awaitCompleted(io, 1);
  }

  @Test
  void asyncMethodsReturnAtOnceAndCompleteOnADirtyThread() throws Exception {
    CompletableFuture<Long> primes = sleeper.countPrimesAsync(100_000);
    assertEquals(9592L, primes.get(10, TimeUnit.SECONDS));
    assertEquals(9592L, sleeper.countPrimes(100_000));
    assertEquals(2, cpu.stats().completed());
  }

  @Test
  void asyncTimeoutsFailTheFutureAndCancel() throws Exception {
    CancellationFlag flag = new CancellationFlag();
    CompletableFuture<Integer> f = sleeper.waitAsync(flag, 10_000);
    var e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
    assertInstanceOf(NativeTimeoutException.class, e.getCause());
    assertTrue(flag.isCancelled());
    awaitCompleted(io, 1);
  }

  @Test
  void errnoOfADirtyCallReachesTheCaller() {
    var e = assertThrows(NativeCallException.class, () -> sleeper.openClose("/nonexistent/x"));
    assertEquals(2, e.errno());
    assertEquals("bk_demo_open_close", e.function());
  }

  @Test
  void aBindingOverridesTheAnnotatedCallClass() {
    Sleeper dirty = Binding.of(Sleeper.class).library(DemoLibrary.source())
        .callClass("callBack", CallClass.DIRTY_CPU).dirtyCpu(cpu).bind();
    List<String> threads = new CopyOnWriteArrayList<>();
    dirty.callBack(i -> {
      threads.add(Thread.currentThread().getName());
      return i;
    }, 2);
    assertEquals(2, threads.size());
    assertTrue(threads.stream().allMatch(n -> n.startsWith("bridgekit-test-cpu-")), threads.toString());
  }

  @Test
  void aCallClassForAnUnknownMethodFailsTheBinding() {
    var e = assertThrows(BindingException.class, () -> Binding.of(Sleeper.class)
        .library(DemoLibrary.source()).callClass("noSuchMethod", CallClass.DIRTY_IO).bind());
    assertTrue(e.getMessage().contains("noSuchMethod"), e.getMessage());
  }

  @Test
  void statsShowWaitTimesWhenCallsQueue() throws Exception {
    DirtyExecutor one = DirtyExecutor.create("one", 1, 8);
    try {
      Sleeper s = Binding.of(Sleeper.class).library(DemoLibrary.source()).dirtyIo(one).bind();
      List<Thread> callers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        callers.add(Thread.ofVirtual().start(() -> s.sleepDirty(20)));
      }
      for (Thread t : callers) {
        t.join();
      }
      DirtyStats stats = one.stats();
      assertEquals(3, stats.completed());
      assertEquals(0, stats.queued());
      // Three 20 ms calls on one thread: the last waited for the other two.
      assertTrue(stats.maxWait().toMillis() >= 30, stats.toString());
      assertTrue(stats.meanWait().compareTo(stats.maxWait()) <= 0, stats.toString());
    } finally {
      one.close();
    }
  }

  static void awaitSubmitted(DirtyExecutor executor, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (executor.stats().submitted() < n && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertTrue(executor.stats().submitted() >= n, executor.stats().toString());
  }

  static void awaitRunning(DirtyExecutor executor, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (executor.stats().running() < n && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertEquals(n, executor.stats().running(), executor.stats().toString());
  }

  static void awaitCompleted(DirtyExecutor executor, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (executor.stats().completed() < n && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertEquals(n, executor.stats().completed(), executor.stats().toString());
  }
}
