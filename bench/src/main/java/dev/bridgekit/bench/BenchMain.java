package dev.bridgekit.bench;

import dev.bridgekit.bench.dist.BigMessage;
import dev.bridgekit.bench.dist.EchoRtt;
import dev.bridgekit.bench.dist.EchoThroughput;
import dev.bridgekit.bench.ffi.CleanOverhead;
import dev.bridgekit.bench.ffi.DirtyRtt;
import dev.bridgekit.bench.ffi.HeartbeatLateness;
import dev.bridgekit.bench.ports.IdlePorts;
import dev.bridgekit.bench.ports.PortRtt;
import dev.bridgekit.bench.ports.PortThroughput;
import dev.bridgekit.bench.ports.SpawnRate;
import dev.bridgekit.bench.runtime.CallRtt;
import dev.bridgekit.bench.runtime.IdleBytes;
import dev.bridgekit.bench.runtime.MillionProcesses;
import dev.bridgekit.bench.runtime.SpawnExit;
import dev.bridgekit.bench.term.CodecRtt;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the benchmarks ({@code make bench}): the metrics whose names start with one of the
 * prefixes in {@code -Dbench.only} (comma-separated; empty for all), in order; writes {@code
 * <root>/target/bench/results.tsv}, {@code <root>} from {@code -Dbench.root} (default: the
 * working directory); prints the rows as an aligned table on stdout and progress on stderr.
 *
 * <p>A metric that fails becomes a row without figures, whose note says why, and the run goes on;
 * the exit status is then 1. An anchor that cannot run at all (no {@code erl}) ends the run with
 * status 2. Anchors are stopped at the end in every case.
 */
public final class BenchMain {
  private BenchMain() {}

  /** Returns every metric, in the order a full run runs them. */
  public static List<Metric> metrics() {
    return List.of(
        new CallRtt(), new SpawnExit(), new IdleBytes(), new MillionProcesses(), new CodecRtt(),
        CleanOverhead.ffm(), CleanOverhead.jnr(), CleanOverhead.jna(), new DirtyRtt(),
        new HeartbeatLateness(),
        new PortRtt(), new PortThroughput(), SpawnRate.ports(), SpawnRate.processBuilder(),
        IdlePorts.threads(), IdlePorts.memory(),
        new EchoRtt(), new EchoThroughput(), new BigMessage());
  }

  /** Runs the selected metrics; see the class comment for the properties and the exit status. */
  public static void main(String[] args) {
    Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
    List<String> prefixes =
        Arrays.stream(System.getProperty("bench.only", "").split(","))
            .map(String::strip)
            .filter(p -> !p.isEmpty())
            .toList();
    List<Metric> selected =
        metrics().stream()
            .filter(m -> prefixes.isEmpty() || prefixes.stream().anyMatch(m.name()::startsWith))
            .toList();
    if (selected.isEmpty()) {
      System.err.println(
          "bench: no metric starts with " + prefixes + "; there are "
              + metrics().stream().map(Metric::name).toList());
      System.exit(2);
    }
    System.exit(run(root, selected));
  }

  /** Runs {@code metrics}, writes and prints the results, and returns the exit status. */
  static int run(Path root, List<Metric> metrics) {
    long start = System.nanoTime();
    Progress progress = Progress.stderr();
    progress.say(
        "JDK %s (%s), %d CPUs, max heap %d MiB; metrics %s",
        Runtime.version(),
        System.getProperty("java.home"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        metrics.stream().map(Metric::name).toList());
    ResultTable table = new ResultTable();
    int status = 0;
    try (BenchContext context = new BenchContext(root, progress)) {
      for (Metric metric : metrics) {
        progress.say("%s: start", metric.name());
        // The garbage a metric leaves (a million processes' worth after runtime.million) would
        // otherwise be marked and collected while the next one measures, on the same two cores.
        System.gc();
        try {
          Row row = metric.run(context);
          table.add(row);
          progress.say("%s: project %s, anchor %s %s, ratio %s", metric.name(),
              ResultTable.format(row.project()), ResultTable.format(row.anchor()), row.unit(),
              ResultTable.format(row.ratio()));
        } catch (AnchorUnavailableException e) {
          System.err.println("bench: " + e.getMessage());
          status = 2;
          break;
        } catch (Exception e) {
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("bench run interrupted in " + metric.name(), e);
          }
          System.err.println("bench: " + metric.name() + " failed:");
          e.printStackTrace();
          table.add(failed(metric, e));
          status = 1;
        }
      }
    }
    try {
      Path tsv = root.resolve("target/bench/results.tsv");
      table.writeTsv(tsv);
      System.out.print(table.aligned());
      System.out.printf(
          "%d rows in %.1f s; written to %s%n",
          table.rows().size(), (System.nanoTime() - start) / 1e9, tsv);
    } catch (java.io.IOException e) {
      System.err.println("bench: cannot write the results: " + e);
      return 1;
    }
    return status;
  }

  private static Row failed(Metric metric, Exception e) {
    return new Row(metric.name(), Double.NaN, Double.NaN, "", metric.unit(), metric.better(),
        Double.NaN, Double.NaN, "", "FAILED: " + e);
  }
}
