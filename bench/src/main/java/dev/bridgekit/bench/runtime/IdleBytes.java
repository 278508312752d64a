package dev.bridgekit.bench.runtime;

import dev.bridgekit.bench.BenchContext;
import dev.bridgekit.bench.Better;
import dev.bridgekit.bench.ErlAnchor;
import dev.bridgekit.bench.ErlReply;
import dev.bridgekit.bench.InProcess;
import dev.bridgekit.bench.NamedMetric;
import dev.bridgekit.bench.Row;
import dev.bridgekit.bench.Sample;
import dev.bridgekit.bench.SideBySide;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures what an idle process costs in memory: {@value #COUNT} processes blocked in a receive,
 * the heap they add (after full collections; a parked virtual thread's stack is a heap object, so
 * it counts) against what {@code erlang:memory(processes)} grows by. Both sides kill them after.
 */
public final class IdleBytes extends NamedMetric {
  static final int COUNT = 100_000;
  private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(2);


  public IdleBytes() {
    super("runtime.idle_bytes", "bytes/process", Better.LOWER);
  }

  @Override
  public Row run(BenchContext context) throws Exception {
    ErlAnchor erl = context.erl();
    AtomicLong oneProcess = new AtomicLong();
    SideBySide.Round anchor =
        () -> {
          ErlReply reply = erl.command("spawn_idle " + COUNT, ROUND_TIMEOUT);
          oneProcess.set(reply.number("one_process_memory"));
          IdleProcesses.killOnAnchor(erl, COUNT);
          return Sample.of((double) reply.number("memory_delta") / COUNT);
        };
    SideBySide.Round project = () -> InProcess.call(IdleBytes::heapPerProcess, ROUND_TIMEOUT);
    SideBySide.Outcome outcome = SideBySide.alternate(name(), anchor, project, 1, 3, context);
    return Row.of(
        this,
        outcome,
        "erl memory(processes)",
        "",
        COUNT
            + " processes blocked in a receive, 1 warm-up and 3 alternating rounds, medians;"
            + " project: heap used after 3x System.gc() (G1, -Xmx"
            + (Runtime.getRuntime().maxMemory() >> 30)
            + "g), after minus before, / "
            + COUNT
            + " (parked virtual thread stacks are heap StackChunks, so counted); anchor:"
            + " erlang:memory(processes) after minus before / "
            + COUNT
            + ", process_info(P, memory) of one = "
            + oneProcess.get()
            + " bytes, on "
            + erl.description());
  }

  /** Runs in a project process: the heap {@value #COUNT} idle processes add, per process. */
  private static Sample heapPerProcess() throws InterruptedException {
    IdleProcesses crowd = new IdleProcesses(COUNT);
    long before = heapAfterGc();
    crowd.start();
    long after = heapAfterGc();
    crowd.kill();
    return Sample.of((double) (after - before) / COUNT);
  }

  private static long heapAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(20);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
