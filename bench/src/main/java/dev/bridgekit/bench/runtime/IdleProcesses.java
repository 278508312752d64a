package dev.bridgekit.bench.runtime;

import dev.bridgekit.bench.CpuClock;
import dev.bridgekit.bench.ErlAnchor;
import dev.bridgekit.bench.ErlReply;
import dev.bridgekit.bench.OpsWindow;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Pid;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts a crowd of project processes that each count themselves started and then block in a
 * receive that nothing will match, as {@code bench_anchor:spawn_idle} does on the BEAM side, and
 * kills them again. The pid array is made up front, so a heap reading taken between construction
 * and {@link #start} does not count it.
 */
final class IdleProcesses {
  private static final Object STOP = new Object();
  private static final Duration KILL_TIMEOUT = Duration.ofMinutes(2);

  private final Pid[] pids;
  private final AtomicInteger started = new AtomicInteger();
  /**
   * Bodies that have run to their end: a killed process's thread still unwinds after it is dead.
   */
  private final AtomicInteger ended = new AtomicInteger();

  IdleProcesses(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count < 1: " + count);
    }
    this.pids = new Pid[count];
  }

  /**
   * Spawns them all and returns once each has started: the wall time and this JVM's CPU. If a
   * spawn fails, kills those started and rethrows.
   */
  OpsWindow start() throws InterruptedException {
    AtomicInteger counter = started;
    AtomicInteger done = ended;
    CpuClock cpu = CpuClock.self();
    long cpu0 = cpu.nanos();
    long t0 = System.nanoTime();
    try {
      for (int i = 0; i < pids.length; i++) {
        pids[i] =
            Processes.spawn(
                () -> {
                  counter.incrementAndGet();
                  try {
                    Processes.receive(m -> m == STOP ? m : null);
                  } finally {
                    done.incrementAndGet();
                  }
                });
      }
      awaitStarted();
    } catch (RuntimeException | Error e) {
      kill(); // an out-of-memory part way must not leave the next round a heap full of them
      throw e;
    }
    long t1 = System.nanoTime();
    long cpu1 = cpu.nanos();
    return new OpsWindow(pids.length, t1 - t0, cpu1 - cpu0);
  }

  /**
   * Kills them all and returns once none is alive and every started one's thread has left its
   * body. A killed process is dead at once, but its thread still has to wake and unwind: a million
   * of those keep both cores busy for seconds, and the next metric must not run beside them.
   *
   * @throws IllegalStateException naming a survivor if one is still alive after a minute
   */
  void kill() throws InterruptedException {
    // A start that failed part way leaves nulls at the end: kill what did start.
    for (Pid pid : pids) {
      if (pid != null) {
        Processes.exit(pid, ExitReason.KILL);
      }
    }
    long deadline = System.nanoTime() + 60_000_000_000L;
    for (Pid pid : pids) {
      while (pid != null && Processes.isAlive(pid)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("still alive a minute after kill: " + pid);
        }
        Thread.sleep(1);
      }
    }
    while (ended.get() < started.get()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            (started.get() - ended.get()) + " killed processes still unwinding after a minute");
      }
      Thread.sleep(1);
    }
  }

  /**
   * Has the anchor kill what its last {@code spawn_idle} left, the BEAM twin of {@link #kill()},
   * and checks that all {@code count} went.
   */
  static void killOnAnchor(ErlAnchor erl, int count) {
    ErlReply killed = erl.command("kill_idle", KILL_TIMEOUT);
    if (killed.number("killed") != count || killed.number("left") != 0) {
      throw new IllegalStateException(
          "erl's kill_idle killed " + killed.number("killed") + " of " + count + ", left "
              + killed.number("left"));
    }
  }

  /** Polls every millisecond, as the BEAM side does: no mailbox fills up meanwhile. */
  private void awaitStarted() throws InterruptedException {
    while (started.get() < pids.length) {
      Thread.sleep(1);
    }
  }
}
