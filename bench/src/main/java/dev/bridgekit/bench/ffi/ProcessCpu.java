package dev.bridgekit.bench.ffi;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Adds to each JMH iteration the forked JVM's CPU time per operation, as secondary result {@link
 * #RESULT}: every thread of the fork counts (the binding's clock thread too, which is its cost),
 * and time the benchmark thread spent descheduled by other load on the machine does not, which is
 * what makes this figure steadier than the wall time when other work shares the cores. Public,
 * with a public constructor: JMH instantiates it by class in the fork.
 */
public final class ProcessCpu implements InternalProfiler {
  /** The secondary result's name. */
  static final String RESULT = "process.cpu/op";

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long before;

  /** Makes the profiler; JMH calls it in the fork. */
  public ProcessCpu() {}

  @Override
  public String getDescription() {
    return "process CPU time per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    before = os.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmark, IterationParams iteration, IterationResult result) {
    long cpu = os.getProcessCpuTime() - before;
    // All operations, not only the measured ones: the CPU time spans the whole iteration.
    long ops = Math.max(1, result.getMetadata().getAllOps());
    return List.of(new ScalarResult(RESULT, (double) cpu / ops, "ns/op", AggregationPolicy.AVG));
  }
}
