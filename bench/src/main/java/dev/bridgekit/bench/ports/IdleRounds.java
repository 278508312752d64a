package dev.bridgekit.bench.ports;

import dev.bridgekit.bench.BenchContext;
import dev.bridgekit.bench.ErlAnchor;
import dev.bridgekit.bench.ErlReply;
import dev.bridgekit.bench.InProcess;
import dev.bridgekit.bench.Sample;
import dev.bridgekit.bench.SideBySide;
import dev.bridgekit.ports.Port;
import dev.bridgekit.ports.PortSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes the rounds of {@link IdlePorts}: each side opens {@value #COUNT} echo ports, lets them go
 * idle, and reports its {@link ProcStatus} before and with the ports open; then closes them. Kept
 * for the run as an "anchor" of the {@link BenchContext}, so that both rows share it.
 */
final class IdleRounds implements AutoCloseable {
  static final int COUNT = 1000;
  private static final int WARM_UPS = 1;
  private static final int ROUNDS = 3;
  private static final Duration IDLE = Duration.ofMillis(500);

  /**
   * One round of one side: the process before and with the ports open, and for the JVM the heap
   * (after a full collection) at both moments (zero for erl).
   */
  private record Round(ProcStatus before, ProcStatus open, Heap heapBefore, Heap heapOpen) {
    /**
     * Returns the memory the ports added, per port, in KiB. For erl, what VmRSS grew by. For the
     * JVM, what VmRSS grew by outside the heap (direct buffers, metaspace, stacks of threads)
     * plus what the heap holds more after a full collection: how much of the heap is resident
     * moves with G1's regions and the garbage of the moment, which VmRSS alone would count as
     * the ports'.
     */
    double rssPerPort() {
      long outsideHeap = (open.rssKib() - heapOpen.residentKib())
          - (before.rssKib() - heapBefore.residentKib());
      return (double) (outsideHeap + heapOpen.usedKib() - heapBefore.usedKib()) / COUNT;
    }

    long rawRssDeltaKib() {
      return open.rssKib() - before.rssKib();
    }
  }

  /** The JVM heap after a full collection: used, and resident, in KiB. */
  private record Heap(long usedKib, long residentKib) {
    static final Heap NONE = new Heap(0, 0);

    static Heap now() throws InterruptedException {
      System.gc();
      Thread.sleep(50);
      MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      return new Heap(heap.getUsed() >> 10, HeapRss.kib());
    }
  }

  private final SideBySide.Outcome threads;
  private final SideBySide.Outcome rssPerPort;
  private final Round anchorLast;
  private final Round projectLast;

  private IdleRounds(List<Round> anchor, List<Round> project) {
    this.threads = new SideBySide.Outcome(
        anchor.stream().map(r -> Sample.of(r.open().threads())).toList(),
        project.stream().map(r -> Sample.of(r.open().threads())).toList());
    this.rssPerPort = new SideBySide.Outcome(
        anchor.stream().map(r -> Sample.of(r.rssPerPort())).toList(),
        project.stream().map(r -> Sample.of(r.rssPerPort())).toList());
    this.anchorLast = anchor.getLast();
    this.projectLast = project.getLast();
  }

  static IdleRounds take(ErlAnchor erl, BenchContext context) throws Exception {
    List<Round> anchor = new ArrayList<>();
    List<Round> project = new ArrayList<>();
    SideBySide.alternate(
        "ports.idle_1000",
        () -> {
          Round r = onAnchor(erl);
          anchor.add(r);
          return Sample.of(r.open().threads());
        },
        () -> {
          Round r = InProcess.call(IdleRounds::onProject, PortRounds.ROUND_TIMEOUT);
          project.add(r);
          return Sample.of(r.open().threads());
        },
        WARM_UPS,
        ROUNDS,
        context);
    return new IdleRounds(
        anchor.subList(WARM_UPS, anchor.size()), project.subList(WARM_UPS, project.size()));
  }

  SideBySide.Outcome threads() {
    return threads;
  }

  SideBySide.Outcome rssPerPort() {
    return rssPerPort;
  }

  /** Says what the last round of each side saw, for the notes. */
  String describe() {
    return "last round: JVM threads " + projectLast.before().threads() + " before, "
        + projectLast.open().threads() + " with the ports open, VmRSS " + signed(projectLast
            .rawRssDeltaKib()) + " KiB (heap used after GC " + signed(projectLast.heapOpen()
            .usedKib() - projectLast.heapBefore().usedKib()) + " KiB, heap resident "
        + signed(projectLast.heapOpen().residentKib() - projectLast.heapBefore().residentKib())
        + " KiB); erl threads " + anchorLast.before().threads() + " before, "
        + anchorLast.open().threads() + " with the ports open, VmRSS "
        + signed(anchorLast.rawRssDeltaKib()) + " KiB";
  }

  private static String signed(long kib) {
    return (kib >= 0 ? "+" : "") + kib;
  }

  private static Round onAnchor(ErlAnchor erl) throws InterruptedException {
    ProcStatus before = ProcStatus.of(erl.osPid());
    ErlReply opened = erl.command("port_idle " + COUNT, PortRounds.ROUND_TIMEOUT);
    try {
      if (opened.number("ops") != COUNT) {
        throw new IllegalStateException("erl opened " + opened.number("ops") + " of " + COUNT);
      }
      Thread.sleep(IDLE);
      return new Round(before, ProcStatus.of(erl.osPid()), Heap.NONE, Heap.NONE);
    } finally {
      erl.command("port_idle_close", PortRounds.ROUND_TIMEOUT);
    }
  }

  /** Runs in a project process. */
  private static Round onProject() throws InterruptedException {
    PortSpec spec = PortRounds.echoSpec();
    Heap heapBefore = Heap.now();
    ProcStatus before = ProcStatus.self();
    List<Port> ports = new ArrayList<>(COUNT);
    try {
      for (int i = 0; i < COUNT; i++) {
        ports.add(Port.open(spec));
      }
      Thread.sleep(IDLE);
      Heap heapOpen = Heap.now();
      return new Round(before, ProcStatus.self(), heapBefore, heapOpen);
    } finally {
      for (Port port : ports) {
        port.close();
      }
    }
  }

  @Override
  public void close() {
    // Figures only: nothing runs.
  }
}
