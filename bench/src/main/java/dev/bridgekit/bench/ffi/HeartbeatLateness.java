package dev.bridgekit.bench.ffi;

import dev.bridgekit.bench.BenchContext;
import dev.bridgekit.bench.Better;
import dev.bridgekit.bench.NamedMetric;
import dev.bridgekit.bench.ResultTable;
import dev.bridgekit.bench.Row;
import dev.bridgekit.bench.Sample;
import dev.bridgekit.bench.SideBySide;
import dev.bridgekit.ffi.Binding;
import dev.bridgekit.ffi.DirtyExecutor;

/**
 * Measures what eight 100 ms native calls from virtual threads do to a 1 ms heartbeat on another
 * virtual thread: the calls declared {@code @DirtyIo} (run on the dirty IO executor, callers
 * parked) against the same calls inline ({@code @Clean}, each pinning its carrier). A round's
 * figure is the heartbeat's worst lateness over the round.
 */
public final class HeartbeatLateness extends NamedMetric {
  private static final int CALLERS = 8;
  private static final int CALL_MS = 100;
  private static final int WARM_UPS = 2;
  private static final int ROUNDS = 7;


  public HeartbeatLateness() {
    super("ffi.heartbeat_lateness", "ms", Better.LOWER);
  }

  @Override
  public Row run(BenchContext context) throws Exception {
    DemoCalls demo = Binding.of(DemoCalls.class).library(DemoLibraryFile.source()).bind();
    SideBySide.Outcome outcome = SideBySide.alternate(name(),
        () -> round(() -> demo.sleepInline(CALL_MS)),
        () -> round(() -> demo.sleepDirty(CALL_MS)),
        WARM_UPS, ROUNDS, context);
    context.say("%s: %s", name(), outcome.describe());
    double projectWorst = outcome.projectSamples().stream().mapToDouble(Sample::value).max()
        .orElseThrow();
    double anchorWorst = outcome.anchorSamples().stream().mapToDouble(Sample::value).max()
        .orElseThrow();
    return Row.of(this, outcome, "the same calls @Clean (inline)", "",
        CALLERS + " virtual threads each call bk_demo_sleep_ms(" + CALL_MS + ") once while a"
            + " virtual thread beats every 1 ms; figure = the heartbeat's worst lateness in a"
            + " round; " + WARM_UPS + " warm-ups each, then " + ROUNDS + " alternating rounds,"
            + " medians; worst of all rounds: project " + ResultTable.format(projectWorst)
            + " ms, anchor " + ResultTable.format(anchorWorst) + " ms; project: @DirtyIo on the"
            + " shared dirty IO executor (" + DirtyExecutor.io().stats().threads() + " threads);"
            + " anchor: @Clean, pinning " + Runtime.getRuntime().availableProcessors()
            + " carriers");
  }

  private static Sample round(Runnable call) throws InterruptedException {
    return Sample.of(Heartbeat.worstLatenessDuring(CALLERS, call) / 1e6);
  }
}
