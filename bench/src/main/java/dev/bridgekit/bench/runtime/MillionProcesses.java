package dev.bridgekit.bench.runtime;

import dev.bridgekit.bench.BenchContext;
import dev.bridgekit.bench.Better;
import dev.bridgekit.bench.ErlAnchor;
import dev.bridgekit.bench.ErlReply;
import dev.bridgekit.bench.InProcess;
import dev.bridgekit.bench.NamedMetric;
import dev.bridgekit.bench.OpsWindow;
import dev.bridgekit.bench.Row;
import dev.bridgekit.bench.Sample;
import dev.bridgekit.bench.SideBySide;
import java.time.Duration;

/**
 * Measures how long one million live processes take to start: spawned one after another, each
 * counting itself started and blocking in a receive, timed until all have started; then all are
 * killed and seen gone. The project runs on a 4 GB heap, the BEAM node with its process limit
 * raised to two million ({@code +P}, a limit, not a tuning).
 */
public final class MillionProcesses extends NamedMetric {
  static final int COUNT = 1_000_000;
  private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(3);


  public MillionProcesses() {
    super("runtime.million", "s", Better.LOWER);
  }

  @Override
  public Row run(BenchContext context) throws Exception {
    ErlAnchor erl = context.erl();
    SideBySide.Round anchor =
        () -> {
          ErlReply reply = erl.command("spawn_idle " + COUNT, ROUND_TIMEOUT);
          IdleProcesses.killOnAnchor(erl, COUNT);
          return seconds(reply.window());
        };
    SideBySide.Round project =
        () ->
            InProcess.call(
                () -> {
                  IdleProcesses crowd = new IdleProcesses(COUNT);
                  OpsWindow window = crowd.start();
                  crowd.kill();
                  return seconds(window);
                },
                ROUND_TIMEOUT);
    SideBySide.Outcome outcome = SideBySide.alternate(name(), anchor, project, 1, 3, context);
    return Row.of(
        this,
        outcome,
        "erl spawn x1M",
        "µs/process",
        COUNT
            + " processes spawned in a loop by one process, each bumps a shared counter (atomic"
            + " / counters) and blocks in a receive; timed until the counter reaches "
            + COUNT
            + ", then all killed and checked gone; 1 warm-up, 3 alternating rounds, medians;"
            + " project on -Xmx"
            + (Runtime.getRuntime().maxMemory() >> 30)
            + "g; anchor on "
            + erl.description()
            + " (+P is the process limit, not a tuning); CPU/process = the OS process's CPU over"
            + " the timed window / "
            + COUNT);
  }

  private static Sample seconds(OpsWindow window) {
    return new Sample(window.wallNanos() / 1e9, window.cpuNanos() / 1e3 / window.ops());
  }
}
