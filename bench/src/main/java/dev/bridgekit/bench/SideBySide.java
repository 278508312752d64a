package dev.bridgekit.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Runs the anchor and the project in alternating rounds within one run, so that what the machine
 * is doing meanwhile (other load, frequency, page cache) falls on both sides alike: a warm-up of
 * each side, then rounds of anchor, project, anchor, project... Each side's figure is the median
 * of its rounds.
 *
 * <p>Per-operation metrics first {@link #calibrate} how many operations a round does, so that
 * both sides do the same number and each window is long enough for a CPU figure read in clock
 * ticks.
 */
public final class SideBySide {
  /** The pause between windows, so that one side's spinning threads settle before the other's. */
  private static final Duration SETTLE = Duration.ofMillis(100);

  private SideBySide() {}

  /** Runs one timed window of one side. */
  @FunctionalInterface
  public interface Round {
    /** Runs the window and returns its figure. */
    Sample run() throws Exception;
  }

  /** Runs a timed window of a given number of operations on one side. */
  @FunctionalInterface
  public interface Window {
    /** Does {@code ops} operations and returns how long they took and what CPU they cost. */
    OpsWindow run(long ops) throws Exception;
  }

  /**
   * Holds each side's samples, in round order, and their medians.
   *
   * @param anchorSamples the anchor's rounds
   * @param projectSamples the project's rounds
   */
  public record Outcome(List<Sample> anchorSamples, List<Sample> projectSamples) {
    public Outcome {
      anchorSamples = List.copyOf(anchorSamples);
      projectSamples = List.copyOf(projectSamples);
    }

    /** Returns the median of the anchor's figures. */
    public double anchor() {
      return median(anchorSamples, Sample::value);
    }

    /** Returns the median of the project's figures. */
    public double project() {
      return median(projectSamples, Sample::value);
    }

    /** Returns the median of the anchor's CPU per operation (NaN if not measured). */
    public double anchorCpuPerOp() {
      return median(anchorSamples, Sample::cpuPerOp);
    }

    /** Returns the median of the project's CPU per operation (NaN if not measured). */
    public double projectCpuPerOp() {
      return median(projectSamples, Sample::cpuPerOp);
    }

    /** Returns the figures of all rounds, for the log: {@code anchor [..] project [..]}. */
    public String describe() {
      return "anchor " + figures(anchorSamples) + " project " + figures(projectSamples);
    }

    private static String figures(List<Sample> samples) {
      return samples.stream().map(s -> ResultTable.format(s.value())).toList().toString();
    }
  }

  /**
   * Runs {@code warmups} windows of each side, then {@code rounds} alternating windows, anchor
   * first, and returns the rounds' samples.
   */
  public static Outcome alternate(
      String metric, Round anchor, Round project, int warmups, int rounds, Progress progress)
      throws Exception {
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds < 1: " + rounds);
    }
    for (int i = 0; i < warmups; i++) {
      progress.say("%s: warm-up %d/%d", metric, i + 1, warmups);
      anchor.run();
      settle();
      project.run();
      settle();
    }
    List<Sample> anchorSamples = new ArrayList<>();
    List<Sample> projectSamples = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      anchorSamples.add(anchor.run());
      settle();
      projectSamples.add(project.run());
      settle();
      progress.say(
          "%s: round %d/%d anchor %s project %s",
          metric,
          i + 1,
          rounds,
          ResultTable.format(anchorSamples.getLast().value()),
          ResultTable.format(projectSamples.getLast().value()));
    }
    return new Outcome(anchorSamples, projectSamples);
  }

  /**
   * A round plan: each side's warm-up, the faster side's window, the most the slower side's may
   * last, and the alternating rounds that follow.
   */
  public record Plan(Duration warmup, Duration target, Duration max, int rounds) {}

  /** What {@link #measure} measured: the operations per round, and the rounds. */
  public record Measured(long ops, Outcome outcome) {}

  /**
   * Calibrates the operations per round by {@code plan} ({@link #calibrate}), then runs its
   * rounds ({@link #alternate}), each window made a sample by {@code figure}.
   */
  public static Measured measure(String metric, Window anchor, Window project, Plan plan,
      Function<OpsWindow, Sample> figure, Progress progress) throws Exception {
    long ops =
        calibrate(metric, anchor, project, plan.warmup(), plan.target(), plan.max(), progress);
    Outcome outcome = alternate(metric, () -> figure.apply(anchor.run(ops)),
        () -> figure.apply(project.run(ops)), 0, plan.rounds(), progress);
    return new Measured(ops, outcome);
  }

  /**
   * Warms both sides up for about {@code warmup} each and returns the number of operations per
   * round: enough for the faster side's window to last {@code target}, but no more than lets the
   * slower side's last {@code max}.
   */
  public static long calibrate(
      String metric,
      Window anchor,
      Window project,
      Duration warmup,
      Duration target,
      Duration max,
      Progress progress)
      throws Exception {
    double anchorNanos = warmUp(anchor, warmup);
    settle();
    double projectNanos = warmUp(project, warmup);
    settle();
    double fast = Math.min(anchorNanos, projectNanos);
    double slow = Math.max(anchorNanos, projectNanos);
    long ops = (long) Math.ceil(target.toNanos() / fast);
    ops = Math.min(ops, (long) (max.toNanos() / slow));
    ops = Math.max(ops, 1_000);
    progress.say(
        "%s: warm-up says anchor %s ns/op, project %s ns/op: %d ops per round",
        metric, ResultTable.format(anchorNanos), ResultTable.format(projectNanos), ops);
    return ops;
  }

  /** Runs growing windows until {@code duration} is spent; returns the last one's ns per op. */
  private static double warmUp(Window side, Duration duration) throws Exception {
    long ops = 1_000;
    long spent = 0;
    while (true) {
      OpsWindow window = side.run(ops);
      spent += window.wallNanos();
      if (spent >= duration.toNanos()) {
        return window.nanosPerOp();
      }
      // Aim the next window at a quarter of the warm-up, or the rest of it if less.
      long aim = Math.min(duration.toNanos() / 4, duration.toNanos() - spent);
      ops = Math.max(1_000, (long) (aim / Math.max(1.0, window.nanosPerOp())));
    }
  }

  private static void settle() throws InterruptedException {
    Thread.sleep(SETTLE);
  }

  static double median(List<Sample> samples, ToDoubleFunction<Sample> field) {
    double[] values = samples.stream().mapToDouble(field).toArray();
    if (values.length == 0 || Arrays.stream(values).anyMatch(Double::isNaN)) {
      return Double.NaN;
    }
    Arrays.sort(values);
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }
}
