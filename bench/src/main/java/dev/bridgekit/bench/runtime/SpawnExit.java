package dev.bridgekit.bench.runtime;

import dev.bridgekit.bench.BenchContext;
import dev.bridgekit.bench.Better;
import dev.bridgekit.bench.CpuClock;
import dev.bridgekit.bench.ErlAnchor;
import dev.bridgekit.bench.InProcess;
import dev.bridgekit.bench.NamedMetric;
import dev.bridgekit.bench.OpsWindow;
import dev.bridgekit.bench.Row;
import dev.bridgekit.bench.SideBySide;
import dev.bridgekit.runtime.Down;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.runtime.SpawnedMonitor;
import java.time.Duration;

/**
 * Measures a process's whole life, start to {@code DOWN}: {@link Processes#spawnMonitor} of a
 * process that returns at once, then the receive of its {@link Down}, against {@code
 * spawn_monitor/1} and a receive of its {@code 'DOWN'} in Erlang.
 */
public final class SpawnExit extends NamedMetric {
  private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(2);


  public SpawnExit() {
    super("runtime.spawn_exit", "µs", Better.LOWER);
  }

  @Override
  public Row run(BenchContext context) throws Exception {
    ErlAnchor erl = context.erl();
    SideBySide.Window anchor = ops -> erl.command("spawn_exit " + ops, ROUND_TIMEOUT).window();
    SideBySide.Window project = ops -> InProcess.call(() -> lives(ops), ROUND_TIMEOUT);
    SideBySide.Measured measured = Rounds.perOp(name(), anchor, project, context);
    long ops = measured.ops();
    return Row.of(
        this,
        measured.outcome(),
        "erl spawn_monitor+DOWN",
        "µs/op",
        ops + " processes per round, one at a time, "
            + Rounds.DESCRIPTION
            + "; project: Processes.spawnMonitor(() -> {}) then receive its Down, from a process;"
            + " anchor: spawn_monitor(fun() -> ok end) then receive {'DOWN',R,process,P,_}, on "
            + erl.description()
            + "; "
            + Rounds.CPU_NOTE);
  }

  /** Runs in a project process: {@code ops} processes, each started and seen dead in turn. */
  private static OpsWindow lives(long ops) {
    CpuClock cpu = CpuClock.self();
    long cpu0 = cpu.nanos();
    long t0 = System.nanoTime();
    for (long i = 0; i < ops; i++) {
      SpawnedMonitor child = Processes.spawnMonitor(() -> {});
      Processes.receive(m -> m instanceof Down d && d.ref().equals(child.ref()) ? d : null);
    }
    long t1 = System.nanoTime();
    long cpu1 = cpu.nanos();
    return new OpsWindow(ops, t1 - t0, cpu1 - cpu0);
  }
}
