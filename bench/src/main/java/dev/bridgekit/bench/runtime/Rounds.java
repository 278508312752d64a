package dev.bridgekit.bench.runtime;

import dev.bridgekit.bench.BenchContext;
import dev.bridgekit.bench.OpsWindow;
import dev.bridgekit.bench.SideBySide;
import java.time.Duration;

/** Holds the round plan the per-operation runtime rows share, and the words their notes use. */
final class Rounds {
  private Rounds() {}

  /** Warm-up of each side before calibration. */
  static final Duration WARM_UP = Duration.ofSeconds(2);

  /** The faster side's window: long enough for a CPU figure read in 10 ms clock ticks. */
  static final Duration WINDOW = Duration.ofSeconds(1);

  /** The most the slower side's window may take, so that a slow side keeps the run short. */
  static final Duration MAX_WINDOW = Duration.ofSeconds(4);

  /** Alternating rounds per side. */
  static final int ROUNDS = 5;

  static final String DESCRIPTION =
      "2 s warm-up each, then 5 alternating rounds (anchor, project), medians";

  /**
   * Calibrates the operations per round so the faster side's window lasts {@link #WINDOW}, then
   * runs {@link #ROUNDS} alternating rounds, in µs per operation.
   */
  static SideBySide.Measured perOp(
      String metric, SideBySide.Window anchor, SideBySide.Window project, BenchContext context)
      throws Exception {
    return SideBySide.measure(metric, anchor, project,
        new SideBySide.Plan(WARM_UP, WINDOW, MAX_WINDOW, ROUNDS), OpsWindow::micros, context);
  }

  static final String CPU_NOTE =
      "CPU/op = the whole OS process's user+system CPU over the round / ops (JVM: all threads"
          + " incl. JIT and GC; erl: all schedulers incl. busy-waiting, from /proc/<pid>/stat)";
}
