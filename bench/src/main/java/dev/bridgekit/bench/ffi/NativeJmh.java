package dev.bridgekit.bench.ffi;

import dev.bridgekit.bench.BenchContext;
import dev.bridgekit.bench.Metric;
import dev.bridgekit.bench.ResultTable;
import dev.bridgekit.bench.Row;
import dev.bridgekit.runtime.NativeDir;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Turns a JMH comparison of native calls into a row, as {@code JmhRow} does for pure-Java code,
 * with two differences. A forked JVM gets what it needs to call C: native access and {@code
 * bridgekit.native.dir} (JmhRow's fixed JVM arguments replace the parent's, so its forks have
 * neither). And the sides take turns, one fork at a time in the order anchor, project, project,
 * anchor, three times, so that load on the machine that comes and goes falls on both sides alike
 * (and a trend cancels out), and a fork whose JIT happened to lay the loop out badly is one of six
 * per side.
 *
 * <p>Each side's figure is the median, over all its measurement iterations (which one disturbed
 * iteration cannot move much), of the fork's CPU time per call ({@link ProcessCpu}), not of the
 * wall time per call. The benchmark is one thread doing compute only, so on an idle machine the
 * two agree; but this machine is shared, and wall time counts the time other processes took the
 * benchmark thread's core, which falls on whichever side's fork happened to run then (a run here
 * gave the raw FFM anchor 17 ns and the binding 10 ns by wall time, 8.5 and 9.0 by CPU). CPU time
 * is also the stricter figure for the project: it counts every thread of the fork, so the
 * binding's clock thread is charged to it, where wall time would hide it on the other core. The
 * wall-time medians and their ratio stay in the note.
 */
final class NativeJmh {
  /**
   * One second of warm-up per fork: C2 has compiled the one-call loop well within it, and two
   * made the three ffi rows take 36 s more of a run that must stay under ten minutes.
   */
  private static final int WARMUPS = 1;
  private static final int ITERATIONS = 3;
  /**
   * Twelve forks, not eight: on this VM a fork's figure can sit 20 to 30% above the next one's on
   * either side, for the whole fork (its JIT, or where its threads run), and with four forks a
   * side one or two such forks moved a median by 10% from run to run; six a side halve that.
   */
  private static final List<Boolean> ANCHOR_TURNS =
      List.of(true, false, false, true, true, false, false, true, true, false, false, true);

  /** What a row does per side, also written into its note. */
  static final String PLAN = "JMH 1.37, " + ANCHOR_TURNS.size() + " forks taking turns (anchor,"
      + " project, project, anchor, three times), each " + WARMUPS + "x1 s warm-up + " + ITERATIONS
      + "x1 s measurement, avg time; figure = median over the side's "
      + ANCHOR_TURNS.size() / 2 * ITERATIONS + " measurement iterations of the fork's process CPU"
      + " time per call (one compute-only thread: its time per call on an idle core, and"
      + " steady under outside load)";

  private NativeJmh() {}

  /** Runs {@code project.method} and {@code anchor.method}; returns the row, scores in ns. */
  static Row compare(
      Metric metric,
      BenchContext context,
      Class<?> project,
      Class<?> anchor,
      String method,
      String anchorName,
      String note)
      throws Exception {
    Files.createDirectories(context.workDir());
    Map<Class<?>, List<Double>> scores = new HashMap<>();
    Map<Class<?>, List<Double>> cpu = new HashMap<>();
    List<Class<?>> turns = ANCHOR_TURNS.stream().<Class<?>>map(a -> a ? anchor : project).toList();
    for (int turn = 0; turn < turns.size(); turn++) {
      Class<?> side = turns.get(turn);
      String log = context.workDir()
          .resolve("jmh-" + metric.name() + "-" + (turn + 1) + "-" + side.getSimpleName() + ".log")
          .toString();
      context.say("%s: JMH fork %d/%d, %s.%s, report in %s", metric.name(), turn + 1,
          turns.size(), side.getSimpleName(), method, log);
      for (IterationResult it : iterations(side, method, log)) {
        scores.computeIfAbsent(side, k -> new ArrayList<>()).add(it.getPrimaryResult().getScore());
        Result<?> perOp = it.getSecondaryResults().get(ProcessCpu.RESULT);
        if (perOp != null) {
          cpu.computeIfAbsent(side, k -> new ArrayList<>()).add(perOp.getScore());
        }
      }
    }
    List<Double> projectScores = scores.get(project);
    List<Double> anchorScores = scores.get(anchor);
    List<Double> projectCpu = cpu.getOrDefault(project, List.of());
    List<Double> anchorCpu = cpu.getOrDefault(anchor, List.of());
    if (projectCpu.size() != projectScores.size() || anchorCpu.size() != anchorScores.size()) {
      throw new IllegalStateException("JMH gave no CPU time for some iterations of " + method
          + ": project " + projectCpu.size() + "/" + projectScores.size() + ", anchor "
          + anchorCpu.size() + "/" + anchorScores.size());
    }
    double projectWall = median(projectScores);
    double anchorWall = median(anchorScores);
    return new Row(
        metric.name(),
        median(projectCpu),
        median(anchorCpu),
        anchorName,
        metric.unit(),
        metric.better(),
        median(projectCpu),
        median(anchorCpu),
        "ns",
        String.format(
            "%s; CPU/op iterations project %s, anchor %s; wall time per call median project %s,"
                + " anchor %s (ratio %s), iterations project %s, anchor %s; %s",
            PLAN, spread(projectCpu), spread(anchorCpu), ResultTable.format(projectWall),
            ResultTable.format(anchorWall), ResultTable.format(projectWall / anchorWall),
            spread(projectScores), spread(anchorScores), note));
  }

  /** Runs one fork of {@code type.method}; returns its measurement iterations. */
  private static List<IterationResult> iterations(Class<?> type, String method, String log)
      throws Exception {
    Options options =
        new OptionsBuilder()
            .include(benchmark(type, method))
            .forks(1)
            .warmupIterations(WARMUPS)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(ITERATIONS)
            .measurementTime(TimeValue.seconds(1))
            .mode(Mode.AverageTime)
            .timeUnit(TimeUnit.NANOSECONDS)
            .jvmArgs(
                "-Xms1g",
                "-Xmx1g",
                "--sun-misc-unsafe-memory-access=allow",
                "--enable-native-access=ALL-UNNAMED",
                "-D" + NativeDir.PROPERTY + "=" + NativeDir.path())
            .addProfiler(ProcessCpu.class)
            .shouldFailOnError(true)
            .output(log)
            .build();
    List<IterationResult> scores = new ArrayList<>();
    for (RunResult result : new Runner(options).run()) {
      for (BenchmarkResult fork : result.getBenchmarkResults()) {
        scores.addAll(fork.getIterationResults());
      }
    }
    if (scores.isEmpty()) {
      throw new IllegalStateException("JMH gave no result for " + type.getName() + "." + method);
    }
    return scores;
  }

  private static String benchmark(Class<?> type, String method) {
    return "^" + Pattern.quote(type.getName() + "." + method) + "$";
  }

  /** Returns the median of {@code values}, NaN if there are none. */
  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
  }

  /** Returns {@code mean (min..max)} of the iterations, for the note. */
  private static String spread(List<Double> values) {
    double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    return "mean " + ResultTable.format(mean) + " ("
        + ResultTable.format(values.stream().mapToDouble(Double::doubleValue).min().orElse(0))
        + ".." + ResultTable.format(values.stream().mapToDouble(Double::doubleValue).max().orElse(0))
        + ")";
  }
}
