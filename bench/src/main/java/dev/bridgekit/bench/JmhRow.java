package dev.bridgekit.bench;

import java.nio.file.Files;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Turns a JMH comparison into a row: runs the project's benchmark method and the anchor's (same
 * method name, two classes) in one JMH run, each in its own forked JVM (this JVM's {@code java},
 * so the JDK 25 toolchain), average time per operation, and puts the two scores side by side.
 * JMH's own report goes to {@code <work dir>/jmh-<metric>.log}.
 */
public final class JmhRow {
  /** What a JMH run does per benchmark, also written into the row's note. */
  static final String PLAN = "JMH 1.37, 1 fork each, 5x1 s warm-up + 5x1 s measurement, avg time";

  private JmhRow() {}

  /**
   * Runs {@code project.method} and {@code anchor.method} and returns the row, scores in {@code
   * metric}'s unit (nanoseconds or microseconds per operation).
   */
  public static Row compare(
      Metric metric,
      BenchContext context,
      Class<?> project,
      Class<?> anchor,
      String method,
      String anchorName,
      String note)
      throws Exception {
    TimeUnit unit =
        switch (metric.unit()) {
          case "ns" -> TimeUnit.NANOSECONDS;
          case "µs" -> TimeUnit.MICROSECONDS;
          default ->
              throw new IllegalArgumentException("JMH rows time in ns or µs: " + metric.unit());
        };
    Files.createDirectories(context.workDir());
    String log = context.workDir().resolve("jmh-" + metric.name() + ".log").toString();
    Options options =
        new OptionsBuilder()
            .include(benchmark(project, method))
            .include(benchmark(anchor, method))
            .forks(1)
            .warmupIterations(5)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(1))
            .mode(Mode.AverageTime)
            .timeUnit(unit)
            .jvmArgs("-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow")
            .shouldFailOnError(true)
            .output(log)
            .build();
    context.say("%s: JMH running %s and %s, report in %s", metric.name(),
        project.getSimpleName(), anchor.getSimpleName(), log);
    Collection<RunResult> results = new Runner(options).run();
    Map<String, Result<?>> scores = new HashMap<>();
    for (RunResult result : results) {
      scores.put(result.getParams().getBenchmark(), result.getPrimaryResult());
    }
    Result<?> projectScore = score(scores, project, method);
    Result<?> anchorScore = score(scores, anchor, method);
    return new Row(
        metric.name(),
        projectScore.getScore(),
        anchorScore.getScore(),
        anchorName,
        metric.unit(),
        metric.better(),
        Double.NaN,
        Double.NaN,
        "",
        String.format(
            "%s; project ±%s, anchor ±%s (99.9%% CI); CPU/op not measured (one thread, compute"
                + " only: CPU is the time); %s",
            PLAN,
            ResultTable.format(projectScore.getScoreError()),
            ResultTable.format(anchorScore.getScoreError()),
            note));
  }

  private static String benchmark(Class<?> type, String method) {
    return "^" + Pattern.quote(type.getName() + "." + method) + "$";
  }

  private static Result<?> score(Map<String, Result<?>> scores, Class<?> type, String method) {
    Result<?> score = scores.get(type.getName() + "." + method);
    if (score == null) {
      throw new IllegalStateException(
          "JMH gave no result for " + type.getName() + "." + method + "; it gave "
              + scores.keySet());
    }
    return score;
  }
}
