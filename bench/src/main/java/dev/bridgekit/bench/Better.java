package dev.bridgekit.bench;

/** Says which way a metric improves: the {@code better} column of the results. */
public enum Better {
  /** Less is better: times, bytes, CPU. */
  LOWER,
  /** More is better: throughputs. */
  HIGHER;

  /** Returns the column's spelling: {@code lower} or {@code higher}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
