package dev.bridgekit.bench;

/**
 * Records a timed window of {@code ops} operations: the wall time they took and the CPU time the
 * side's whole OS process spent meanwhile (all its threads: for a JVM that includes JIT and GC,
 * for {@code erl} every scheduler, busy-waiting included).
 *
 * @param ops operations done in the window
 * @param wallNanos the window's wall time
 * @param cpuNanos the process's CPU time over the window
 */
public record OpsWindow(long ops, long wallNanos, long cpuNanos) {
  public OpsWindow {
    if (ops < 1) {
      throw new IllegalArgumentException("ops < 1: " + ops);
    }
  }

  /** Returns wall time per operation, in nanoseconds. */
  public double nanosPerOp() {
    return (double) wallNanos / ops;
  }

  /** Returns the sample in microseconds per operation, wall and CPU. */
  public Sample micros() {
    return new Sample(wallNanos / 1e3 / ops, cpuNanos / 1e3 / ops);
  }
}
