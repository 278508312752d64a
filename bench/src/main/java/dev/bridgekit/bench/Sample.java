package dev.bridgekit.bench;

/**
 * Records one timed window of one side: the metric's figure and, where measured, the CPU time the
 * side's OS process spent per operation over the window (NaN when not measured).
 *
 * @param value the figure, in the metric's unit
 * @param cpuPerOp CPU time per operation, in the row's CPU unit, or NaN
 */
public record Sample(double value, double cpuPerOp) {
  /** Returns a sample without a CPU figure. */
  public static Sample of(double value) {
    return new Sample(value, Double.NaN);
  }
}
