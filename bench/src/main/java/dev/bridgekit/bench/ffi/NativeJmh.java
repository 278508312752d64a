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
 * anchor, so that load on the machine that comes and goes falls on both sides alike (and a trend
 * cancels out); each side's figure is the median of all its measurement iterations, which one
 * disturbed iteration cannot move much.
 */
final class NativeJmh {
  private static final int WARMUPS = 3;
  private static final int ITERATIONS = 5;

  /** What a row does per side, also written into its note. */
  static final String PLAN = "JMH 1.37, 4 forks taking turns (anchor, project, project, anchor),"
      + " each " + WARMUPS + "x1 s warm-up + " + ITERATIONS + "x1 s measurement, avg time;"
      + " figure = median of the side's " + 2 * ITERATIONS + " measurement iterations";

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
    List<Class<?>> turns = List.of(anchor, project, project, anchor);
    for (int turn = 0; turn < turns.size(); turn++) {
      Class<?> side = turns.get(turn);
      String log = context.workDir()
          .resolve("jmh-" + metric.name() + "-" + (turn + 1) + "-" + side.getSimpleName() + ".log")
          .toString();
      context.say("%s: JMH fork %d/%d, %s.%s, report in %s", metric.name(), turn + 1,
          turns.size(), side.getSimpleName(), method, log);
      scores.computeIfAbsent(side, k -> new ArrayList<>()).addAll(iterations(side, method, log));
    }
    List<Double> projectScores = scores.get(project);
    List<Double> anchorScores = scores.get(anchor);
    return new Row(
        metric.name(),
        median(projectScores),
        median(anchorScores),
        anchorName,
        metric.unit(),
        metric.better(),
        Double.NaN,
        Double.NaN,
        "",
        String.format(
            "%s; iterations project %s, anchor %s; CPU/op not measured (one thread, compute"
                + " only: CPU is the time); %s",
            PLAN, spread(projectScores), spread(anchorScores), note));
  }

  /** Runs one fork of {@code type.method}; returns its measurement iterations' scores. */
  private static List<Double> iterations(Class<?> type, String method, String log)
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
            .shouldFailOnError(true)
            .output(log)
            .build();
    List<Double> scores = new ArrayList<>();
    for (RunResult result : new Runner(options).run()) {
      for (BenchmarkResult fork : result.getBenchmarkResults()) {
        for (IterationResult it : fork.getIterationResults()) {
          scores.add(it.getPrimaryResult().getScore());
        }
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

  static double median(List<Double> values) {
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
