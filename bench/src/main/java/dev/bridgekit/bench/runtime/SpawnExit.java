package dev.bridgekit.bench.runtime;

import dev.bridgekit.bench.BenchContext;
import dev.bridgekit.bench.Better;
import dev.bridgekit.bench.CpuClock;
import dev.bridgekit.bench.ErlAnchor;
import dev.bridgekit.bench.InProcess;
import dev.bridgekit.bench.NamedMetric;
import dev.bridgekit.bench.OpsWindow;
import dev.bridgekit.bench.ResultTable;
import dev.bridgekit.bench.Row;
import dev.bridgekit.bench.SideBySide;
import dev.bridgekit.runtime.Down;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.runtime.SpawnedMonitor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures a process's whole life, start to {@code DOWN}: {@link Processes#spawnMonitor} of a
 * process that returns at once, then the receive of its {@link Down}, against {@code
 * spawn_monitor/1} and a receive of its {@code 'DOWN'} in Erlang. Its note also gives the JDK's
 * own floor, measured after the rounds: a virtual thread starting a virtual thread that sets a
 * flag and unparks it, with no process, pid, monitor or message, the waiter polling first as a
 * process's receive does. What the runtime adds is the project's figure less that floor.
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
    List<Double> floor = new ArrayList<>();
    for (int round = 0; round < FLOOR_ROUNDS; round++) {
      floor.add(onVirtualThread(() -> jdkFloor(ops)).micros().value());
    }
    double jdkFloor = floor.stream().sorted().toList().get(FLOOR_ROUNDS / 2);
    context.say("%s: JDK floor rounds %s µs", name(), floor);
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
            + Rounds.CPU_NOTE
            + String.format("; JDK floor (a virtual thread starting one that sets a flag and"
                + " unparks it, the starter polling up to 150 µs then parking, as a receive does;"
                + " no process, pid, monitor or message), median of %d rounds after the others: %s µs, ratio to"
                + " the anchor %s", FLOOR_ROUNDS, ResultTable.format(jdkFloor),
                ResultTable.format(jdkFloor / measured.outcome().anchor())));
  }

  private static final int FLOOR_ROUNDS = 5;

  /** Runs {@code ops} thread lives on plain virtual threads, as {@link #lives} runs processes. */
  private static OpsWindow jdkFloor(long ops) {
    CpuClock cpu = CpuClock.self();
    Thread starter = Thread.currentThread();
    long cpu0 = cpu.nanos();
    long t0 = System.nanoTime();
    for (long i = 0; i < ops; i++) {
      AtomicBoolean done = new AtomicBoolean();
      Thread.ofVirtual().start(() -> {
        done.set(true);
        LockSupport.unpark(starter);
      });
      long spinEnd = System.nanoTime() + 150_000;
      while (!done.get()) {
        if (System.nanoTime() - spinEnd < 0) {
          Thread.onSpinWait();
        } else {
          LockSupport.park();
        }
      }
    }
    long t1 = System.nanoTime();
    return new OpsWindow(ops, t1 - t0, cpu.nanos() - cpu0);
  }

  private static OpsWindow onVirtualThread(Callable<OpsWindow> body)
      throws InterruptedException {
    AtomicReference<Object> result = new AtomicReference<>();
    Thread.ofVirtual().start(() -> {
      try {
        result.set(body.call());
      } catch (Exception e) {
        result.set(e);
      }
    }).join();
    if (result.get() instanceof OpsWindow w) {
      return w;
    }
    throw new IllegalStateException("the JDK floor round failed", (Exception) result.get());
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
