package dev.bridgekit.ports;

import dev.bridgekit.runtime.Down;
import dev.bridgekit.runtime.Exit;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.From;
import dev.bridgekit.runtime.GenServer;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The process of a {@link PortPool}, as poolboy's gen_server: it links to its workers (and traps
 * exits, to replace them), monitors the processes that have one out (to take it back when they
 * die), and queues parked checkouts in order.
 */
final class PoolServer implements GenServer<PoolServer.State> {
  private final PortSpec spec;
  private final int size;
  private final int maxOverflow;

  PoolServer(PortSpec spec, int size, int maxOverflow) {
    this.spec = spec;
    this.size = size;
    this.maxOverflow = maxOverflow;
  }

  /** A worker that is out: who has it, and the monitor on them. */
  record Lease(Pid holder, Ref monitor) {}

  static final class State {
    final Set<Pid> workers = new HashSet<>();
    final ArrayDeque<Pid> idle = new ArrayDeque<>();
    final Map<Pid, Lease> out = new HashMap<>();
    final Map<Ref, Pid> leases = new HashMap<>();
    final ArrayDeque<From> waiting = new ArrayDeque<>();
    int overflow;
  }

  @Override
  public State init() {
    Processes.trapExit(true);
    State s = new State();
    for (int i = 0; i < size; i++) {
      s.idle.add(newWorker(s));
    }
    return s;
  }

  private Pid newWorker(State s) {
    Pid w = PortServer.startLink(spec);
    s.workers.add(w);
    return w;
  }

  @Override
  public CallResult<State> handleCall(Object request, From from, State s) {
    return switch (request) {
      case PoolProtocol.Checkout c -> {
        Pid w = s.idle.poll();
        if (w == null && s.overflow < maxOverflow) {
          w = newWorker(s);
          s.overflow++;
        }
        if (w != null) {
          lend(s, w, from.pid());
          yield new Reply<>(w, s);
        }
        if (c.block()) {
          s.waiting.add(from);
          yield new NoReply<>(s);
        }
        yield new Reply<>(PoolProtocol.FULL, s);
      }
      case PoolProtocol.Status st -> new Reply<>(
          new PortPool.PoolStatus(s.idle.size(), s.overflow, s.out.size(), s.waiting.size()), s);
      default -> throw new IllegalArgumentException("unknown call: " + request);
    };
  }

  @Override
  public Result<State> handleCast(Object message, State s) {
    if (message instanceof PoolProtocol.Checkin c) {
      Lease lease = s.out.remove(c.worker());
      if (lease != null) {
        s.leases.remove(lease.monitor());
        Processes.demonitor(lease.monitor(), true);
        giveBack(s, c.worker());
      }
    }
    return new NoReply<>(s);
  }

  @Override
  public Result<State> handleInfo(Object message, State s) {
    switch (message) {
      case Down d -> {
        // A holder died: its worker comes back.
        Pid w = s.leases.remove(d.ref());
        if (w != null) {
          s.out.remove(w);
          giveBack(s, w);
        }
      }
      case Exit e when s.workers.remove(e.from()) -> workerDied(s, e.from());
      default -> {
        // An exit of a dismissed worker or a stray: nothing to do.
      }
    }
    return new NoReply<>(s);
  }

  private void lend(State s, Pid w, Pid holder) {
    Ref ref = Processes.monitor(holder); // a holder already dead sends its Down at once
    s.out.put(w, new Lease(holder, ref));
    s.leases.put(ref, w);
  }

  /** Hands a free worker to the longest waiting checkout that still waits, else keeps it or, if it is overflow, stops it. */
  private void giveBack(State s, Pid w) {
    if (handToWaiter(s, w)) {
      return;
    }
    if (s.overflow > 0) {
      s.overflow--;
      dismiss(s, w);
    } else {
      s.idle.add(w);
    }
  }

  private boolean handToWaiter(State s, Pid w) {
    for (From f; (f = s.waiting.poll()) != null; ) {
      if (GenServer.reply(f, w)) { // false: that caller timed out and gave up
        lend(s, w, f.pid());
        return true;
      }
    }
    return false;
  }

  /** As poolboy: a waiter gets a new worker; else an overflow slot is freed; else it is replaced. */
  private void workerDied(State s, Pid w) {
    s.idle.remove(w);
    Lease lease = s.out.remove(w);
    if (lease != null) {
      s.leases.remove(lease.monitor());
      Processes.demonitor(lease.monitor(), true);
    }
    if (!s.waiting.isEmpty()) {
      Pid fresh = newWorker(s);
      if (!handToWaiter(s, fresh)) {
        s.idle.add(fresh);
      }
    } else if (s.overflow > 0) {
      s.overflow--;
    } else {
      s.idle.add(newWorker(s));
    }
  }

  private static void dismiss(State s, Pid w) {
    s.workers.remove(w);
    Processes.unlink(w);
    Processes.exit(w, ExitReason.SHUTDOWN);
  }

  /**
   * Stops every worker and waits for them (each closes its port within its close grace), so that
   * when the pool has exited, so have its workers.
   */
  @Override
  public void terminate(Term reason, State s) {
    Set<Ref> pending = new HashSet<>();
    for (Pid w : s.workers) {
      pending.add(Processes.monitor(w));
      Processes.exit(w, ExitReason.SHUTDOWN);
    }
    long deadline = System.nanoTime() + spec.closeGrace().plusSeconds(5).toNanos();
    while (!pending.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break; // they go on stopping; their links to this pool finish them
      }
      Processes.receive(m -> m instanceof Down d && pending.remove(d.ref()) ? d : null,
          java.time.Duration.ofNanos(left));
    }
  }
}
