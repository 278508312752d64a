package dev.bridgekit.bench;

/**
 * Measures one thing the project does against its anchor (a BEAM node, a raw JDK or library
 * baseline) and returns one row of results. The project's figure and the anchor's come from the
 * same run, so their ratio is the figure the row stands for.
 *
 * <p>Names are dotted, area first ({@code runtime.call_rtt}), so that {@code ONLY=<prefix>}
 * selects an area. A metric may throw: the run records the failure and goes on with the others.
 */
public interface Metric {
  /** Returns the row's name, e.g. {@code runtime.call_rtt}. */
  String name();

  /** Returns the unit of both sides' figures, e.g. {@code µs}, {@code bytes/process}. */
  String unit();

  /** Returns which way the figure improves. */
  Better better();

  /** Runs the project and the anchor and returns the row; {@code context} holds shared anchors. */
  Row run(BenchContext context) throws Exception;
}
