package dev.bridgekit.bench.ffi;

import dev.bridgekit.bench.BenchContext;
import dev.bridgekit.bench.Better;
import dev.bridgekit.bench.CpuClock;
import dev.bridgekit.bench.NamedMetric;
import dev.bridgekit.bench.OpsWindow;
import dev.bridgekit.bench.Row;
import dev.bridgekit.bench.SideBySide;
import dev.bridgekit.ffi.Binding;
import dev.bridgekit.ffi.DirtyExecutor;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Measures a dirty call's round trip from a virtual thread: a trivial C function declared
 * {@code @DirtyCpu}, called in a loop, against the plain way to get a call off a virtual thread (a
 * trivial task handed to a {@code newFixedThreadPool} of as many threads, then {@code
 * future.get()}), the same number of calls per round, with the JVM's CPU per call.
 */
public final class DirtyRtt extends NamedMetric {
  private static final Duration WARM_UP = Duration.ofSeconds(2);
  private static final Duration WINDOW = Duration.ofSeconds(1);
  private static final Duration MAX_WINDOW = Duration.ofSeconds(4);
  private static final int ROUNDS = 5;


  public DirtyRtt() {
    super("ffi.dirty_rtt", "µs", Better.LOWER);
  }

  @Override
  public Row run(BenchContext context) throws Exception {
    DemoCalls demo = Binding.of(DemoCalls.class).library(DemoLibraryFile.source()).bind();
    int threads = DirtyExecutor.cpu().stats().threads();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      SideBySide.Window anchor = ops -> OnVirtualThread.call("dirty-rtt-anchor", () -> {
        int a = 20;
        int b = 22;
        return timed(ops, i -> pool.submit(() -> a + (int) i).get() - (int) i == a);
      });
      SideBySide.Window project = ops -> OnVirtualThread.call("dirty-rtt-project",
          () -> timed(ops, i -> demo.addDirty(20, (int) i) - (int) i == 20));
      SideBySide.Measured measured = SideBySide.measure(name(), anchor, project,
          new SideBySide.Plan(WARM_UP, WINDOW, MAX_WINDOW, ROUNDS), OpsWindow::micros, context);
      long ops = measured.ops();
      SideBySide.Outcome outcome = measured.outcome();
      context.say("%s: %s", name(), outcome.describe());
      return Row.of(this, outcome, "VT -> newFixedThreadPool(" + threads + ") + future.get",
          "µs/op",
          ops + " calls per round, same on both sides, 2 s warm-up each, then " + ROUNDS
              + " alternating rounds (anchor, project), medians; one virtual thread calling in a"
              + " loop; project: a @DirtyCpu method bound to bk_demo_add_i32 on the shared dirty"
              + " CPU executor (" + threads + " threads); anchor: pool.submit(() -> a + i).get()"
              + " on Executors.newFixedThreadPool(" + threads + "); CPU/op = this JVM's"
              + " user+system CPU over the round / ops (all threads: caller, workers, carriers,"
              + " JIT, GC)");
    } finally {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface Call {
    boolean run(long i) throws Exception;
  }

  private static OpsWindow timed(long ops, Call call) throws Exception {
    CpuClock cpu = CpuClock.self();
    long cpu0 = cpu.nanos();
    long t0 = System.nanoTime();
    for (long i = 0; i < ops; i++) {
      if (!call.run(i & 0xFFFF)) {
        throw new IllegalStateException("a call returned the wrong sum at " + i);
      }
    }
    long t1 = System.nanoTime();
    long cpu1 = cpu.nanos();
    return new OpsWindow(ops, t1 - t0, cpu1 - cpu0);
  }
}
