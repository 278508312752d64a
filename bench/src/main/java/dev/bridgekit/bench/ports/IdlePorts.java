package dev.bridgekit.bench.ports;

import dev.bridgekit.bench.BenchContext;
import dev.bridgekit.bench.Better;
import dev.bridgekit.bench.ErlAnchor;
import dev.bridgekit.bench.Metric;
import dev.bridgekit.bench.Row;
import dev.bridgekit.bench.SideBySide;

/**
 * Measures what {@value IdleRounds#COUNT} open, idle ports on the echo program cost the process
 * that holds them, against the same number of {@code erlang:open_port/2} ports on a BEAM node:
 * its OS threads while they are open ({@link #threads()}; a port must not take a platform thread
 * of its own) and the resident memory they add ({@link #memory()}). Both rows come from the same
 * rounds, taken once per run.
 */
public final class IdlePorts implements Metric {
  private final boolean memory;

  private IdlePorts(boolean memory) {
    this.memory = memory;
  }

  /** Returns {@code ports.idle_1000}: the OS threads of the process with the ports open. */
  public static IdlePorts threads() {
    return new IdlePorts(false);
  }

  /** Returns {@code ports.idle_1000.rss}: the resident memory the ports add, per port. */
  public static IdlePorts memory() {
    return new IdlePorts(true);
  }

  @Override
  public String name() {
    return memory ? "ports.idle_1000.rss" : "ports.idle_1000";
  }

  @Override
  public String unit() {
    return memory ? "KiB/port" : "threads";
  }

  @Override
  public Better better() {
    return Better.LOWER;
  }

  @Override
  public Row run(BenchContext context) throws Exception {
    ErlAnchor erl = PortRounds.erl(context);
    // Both rows share one measurement: the first of them to run takes it for the run.
    IdleRounds rounds =
        context.anchor(IdleRounds.class.getName(), () -> IdleRounds.take(erl, context));
    SideBySide.Outcome outcome = memory ? rounds.rssPerPort() : rounds.threads();
    String figure =
        memory
            ? "memory the ports add / " + IdleRounds.COUNT + " (erl: VmRSS with the ports open"
                + " minus before; JVM: VmRSS outside the heap (VmRSS - the heap mapping's Rss in"
                + " /proc/self/smaps) with the"
                + " ports open minus before, plus heap used after System.gc() with the ports open"
                + " minus before, since what of the heap is resident moves with G1 and garbage)"
            : "Threads of /proc/<pid>/status with the ports open";
    return Row.of(
        this,
        outcome,
        "erl " + IdleRounds.COUNT + " idle open_port",
        "",
        IdleRounds.COUNT
            + " echo ports opened one after another and left idle 0.5 s, 1 warm-up and 3"
            + " alternating rounds, medians; figure: "
            + figure
            + "; project: Port.open(bk_port_echo, {packet,4}, default PortSpec: stderr to the"
            + " log) from one process; per idle port: its process (a parked virtual thread), 3"
            + " Unix-domain sockets (stdin, stdout, stderr) whose output the JVM's one poll"
            + " thread watches, no buffer until output comes, no platform thread; anchor:"
            + " open_port({spawn_executable,Echo},[{packet,4},binary]) from one process on "
            + erl.description()
            + "; "
            + rounds.describe()
            + "; figures of every round: "
            + (memory ? rounds.rssPerPort() : rounds.threads()).describe());
  }
}
