package dev.bridgekit.bench.dist;

import dev.bridgekit.bench.BenchContext;
import dev.bridgekit.bench.Metric;
import dev.bridgekit.bench.OpsWindow;
import dev.bridgekit.bench.ResultTable;
import dev.bridgekit.bench.Row;
import dev.bridgekit.bench.Sample;
import dev.bridgekit.bench.SideBySide;
import dev.bridgekit.bench.dist.DistPeers.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Runs one {@code dist.*} row: alternating rounds of the anchor (BEAM echo) and the project (our
 * echo), each project round followed by a jinterface round with the same operations, whose median
 * goes into the row's note.
 */
final class DistRounds {
  static final Duration WARM_UP = Duration.ofSeconds(1);
  static final Duration WINDOW = Duration.ofSeconds(1);
  static final Duration MAX_WINDOW = Duration.ofSeconds(3);
  static final int ROUNDS = 5;
  static final Duration ROUND_TIMEOUT = Duration.ofMinutes(1);
  static final String CPU_NOTE =
      "CPU/op = the echo side's OS process user+system CPU over the round / ops (project and"
          + " jinterface: the whole bench JVM; anchor: the echo erl node, from /proc)";

  private DistRounds() {}

  /** What a row runs: the client command, its arguments for a number of operations, the figure. */
  record Plan(String command, LongFunction<String> args, Function<OpsWindow, Sample> figure) {}

  /** Returns how many operations a round does, after warming both sides up. */
  static long calibrate(Metric metric, BenchContext context, DistPeers peers, Plan plan)
      throws Exception {
    return SideBySide.calibrate(
        metric.name(),
        ops -> peers.window(Target.ANCHOR, plan.command(), plan.args().apply(ops), ROUND_TIMEOUT),
        ops -> peers.window(Target.PROJECT, plan.command(), plan.args().apply(ops), ROUND_TIMEOUT),
        WARM_UP,
        WINDOW,
        MAX_WINDOW,
        context);
  }

  /** Runs {@code warmups} and {@link #ROUNDS} rounds of {@code ops} and returns the row. */
  static Row run(Metric metric, BenchContext context, DistPeers peers, Plan plan, long ops,
      int warmups, String cpuUnit, String note) throws Exception {
    String args = plan.args().apply(ops);
    List<Sample> jinterface = new ArrayList<>();
    boolean[] measuring = {warmups == 0};
    int[] projectRuns = {0};
    SideBySide.Outcome outcome =
        SideBySide.alternate(
            metric.name(),
            () -> plan.figure().apply(
                peers.window(Target.ANCHOR, plan.command(), args, ROUND_TIMEOUT)),
            () -> {
              Sample s = plan.figure().apply(
                  peers.window(Target.PROJECT, plan.command(), args, ROUND_TIMEOUT));
              if (peers.hasJinterface()) {
                Sample j = plan.figure().apply(
                    peers.window(Target.JINTERFACE, plan.command(), args, ROUND_TIMEOUT));
                if (++projectRuns[0] > warmups) {
                  jinterface.add(j);
                }
              }
              return s;
            },
            warmups,
            ROUNDS,
            context);
    String jinterfaceNote;
    if (peers.hasJinterface()) {
      SideBySide.Outcome j = new SideBySide.Outcome(outcome.anchorSamples(), jinterface);
      jinterfaceNote = String.format(
          "jinterface (OTP's OtpNode+OtpMbox echo in the bench JVM, same client, a round after"
              + " each project round): %s %s, ratio to the anchor %s, CPU/op %s %s, rounds %s",
          ResultTable.format(j.project()), metric.unit(),
          ResultTable.format(j.project() / j.anchor()),
          ResultTable.format(j.projectCpuPerOp()), cpuUnit,
          j.projectSamples().stream().map(x -> ResultTable.format(x.value())).toList());
    } else {
      jinterfaceNote = "jinterface: not measured: " + peers.jinterfaceMissing();
    }
    context.say("%s: %s; %s", metric.name(), outcome.describe(), jinterfaceNote);
    return Row.of(
        metric,
        outcome,
        "erl echo on a 2nd node",
        cpuUnit,
        note
            + "; client: a process on "
            + DistPeers.CLIENT
            + " sending {self(), Msg} to {echo, Node}, all nodes on 127.0.0.1 (long names);"
            + " project: a runtime process on a bridge-dist Node in the bench JVM; anchor: an"
            + " Erlang process on "
            + DistPeers.ECHO_ERL
            + "; "
            + ROUNDS
            + " alternating rounds, medians; "
            + CPU_NOTE
            + "; "
            + jinterfaceNote
            + "; client "
            + peers.clientDescription());
  }
}
