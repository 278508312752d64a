package dev.bridgekit.bench;

/**
 * Holds what identifies a {@link Metric} (its name, unit and direction), so that each metric class
 * is only its measurement.
 */
public abstract class NamedMetric implements Metric {
  private final String name;
  private final String unit;
  private final Better better;

  /**
   * Names the metric.
   *
   * @param name dotted, area first, e.g. {@code runtime.call_rtt}
   * @param unit the unit of both sides' figures
   * @param better which way the figure improves
   */
  protected NamedMetric(String name, String unit, Better better) {
    this.name = name;
    this.unit = unit;
    this.better = better;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String unit() {
    return unit;
  }

  @Override
  public final Better better() {
    return better;
  }
}
