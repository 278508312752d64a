package dev.bridgekit.bench;

/**
 * Holds one line of {@code results.tsv}: a metric's project and anchor figures from the same run,
 * their CPU cost per operation, and a note on what was run.
 *
 * @param metric the metric's name
 * @param project the project's figure (median of the rounds)
 * @param anchor the anchor's figure (median of the rounds)
 * @param anchorName what the anchor is, e.g. {@code erl gen_server:call}
 * @param unit the figures' unit
 * @param better which way the figures improve
 * @param projectCpuPerOp the project's CPU time per operation, or NaN
 * @param anchorCpuPerOp the anchor's CPU time per operation, or NaN
 * @param cpuUnit the CPU figures' unit, empty when there are none
 * @param note how it was measured
 */
public record Row(
    String metric,
    double project,
    double anchor,
    String anchorName,
    String unit,
    Better better,
    double projectCpuPerOp,
    double anchorCpuPerOp,
    String cpuUnit,
    String note) {

  /** Returns a row of {@code metric}'s figures from {@code outcome}'s medians. */
  public static Row of(
      Metric metric, SideBySide.Outcome outcome, String anchorName, String cpuUnit, String note) {
    return new Row(
        metric.name(),
        outcome.project(),
        outcome.anchor(),
        anchorName,
        metric.unit(),
        metric.better(),
        outcome.projectCpuPerOp(),
        outcome.anchorCpuPerOp(),
        cpuUnit,
        note);
  }

  /** Returns project / anchor: below 1 the project is lower, above 1 higher. */
  public double ratio() {
    return project / anchor;
  }
}
