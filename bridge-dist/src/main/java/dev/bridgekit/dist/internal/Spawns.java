package dev.bridgekit.dist.internal; // not exported

import dev.bridgekit.dist.ExportedFunction;
import dev.bridgekit.dist.internal.ControlMessage.DemonitorP;
import dev.bridgekit.dist.internal.ControlMessage.Exit;
import dev.bridgekit.dist.internal.ControlMessage.SpawnReply;
import dev.bridgekit.dist.internal.ControlMessage.SpawnRequest;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.ProcessBody;
import dev.bridgekit.runtime.ProcessExitException;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.runtime.internal.ProcessTable;
import dev.bridgekit.runtime.internal.RemoteSignals;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.ListTerm;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Terms;
import dev.bridgekit.term.Tuple;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * Remote spawn, both ways (SPAWN_REQUEST and SPAWN_REPLY, "Protocol between Connected Nodes").
 *
 * <p>Peers spawn the functions exported here ({@link #export}); an unknown one starts a process
 * that exits with {@code undef}, as BEAM's would. {@code erpc:execute_call/4}, which {@code
 * rpc:call} and {@code erpc:call} spawn, runs the exported function and ends with the exit reason
 * erpc reads the result from ({@code {Ref, return, Value}}, {@code {Ref, exit, Reason}}, {@code
 * {Ref, error, Reason, Stack}}), and {@code erpc:execute_cast/3} just runs it.
 *
 * <p>This node's requests wait in {@link #pending} for their reply; the reader thread records the
 * link and monitor the reply says were set up before anything later on the connection is read.
 */
final class Spawns {
  private static final Atom LINK = Atom.of("link");
  private static final Atom MONITOR = Atom.of("monitor");
  private static final Atom ERPC = Atom.of("erpc");
  private static final Atom EXECUTE_CALL = Atom.of("execute_call");
  private static final Atom EXECUTE_CAST = Atom.of("execute_cast");
  private static final Atom RETURN = Atom.of("return");
  private static final Atom EXIT = Atom.of("exit");
  private static final Atom ERROR = Atom.of("error");
  private static final Atom UNDEF = Atom.of("undef");
  private static final Atom BADOPT = Atom.of("badopt");

  /** What the reader hands a requesting process: the new pid, or the atom saying why not. */
  record Replied(Ref reqId, Term result) {}

  record Mfa(Atom module, Atom function, int arity) {
    @Override
    public String toString() {
      return module + ":" + function + "/" + arity;
    }
  }

  private record Pending(Pid requester, Atom node) {}

  private final Map<Mfa, ExportedFunction> exports = new ConcurrentHashMap<>();
  private final Map<Ref, Pending> pending = new ConcurrentHashMap<>();
  private final Pid groupLeader;

  Spawns(Pid groupLeader) {
    this.groupLeader = groupLeader;
  }

  void export(Mfa mfa, ExportedFunction fn) {
    exports.put(mfa, fn);
  }

  boolean unexport(Mfa mfa) {
    return exports.remove(mfa) != null;
  }

  // ---- this node asks ----

  /**
   * Asks {@code node} for a process, from the calling process {@code self}, and waits for the
   * answer: the new pid, or the atom the node refused with ({@code noconnection} if the
   * connection cannot be made or is lost first).
   */
  Term request(Distribution dist, Pid self, Atom node, Mfa mfa, List<Term> args, boolean link,
      boolean monitor, Ref reqId) {
    ListTerm options = link && monitor ? ListTerm.of(LINK, MONITOR)
        : link ? ListTerm.of(LINK) : monitor ? ListTerm.of(MONITOR) : ListTerm.NIL;
    pending.put(reqId, new Pending(self, node));
    SpawnRequest r = new SpawnRequest(reqId, self, groupLeader, mfa.module(), mfa.function(),
        options, ListTerm.of(args));
    if (!dist.sendTo(node, r)) {
      pending.remove(reqId);
      return ExitReason.NOCONNECTION;
    }
    // If the caller is killed meanwhile, the entry stays for the reply to find and undo.
    return Processes.receive(m -> m instanceof Replied s && s.reqId().equals(reqId) ? s : null)
        .result();
  }

  /** A SPAWN_REPLY: records what it set up and hands the result to the waiting process. */
  void replied(Connection c, SpawnReply r) {
    Pending p = pending.remove(r.reqId());
    Pid requester = p == null ? r.to() : p.requester();
    if (r.result() instanceof Pid child) {
      if ((r.flags() & SpawnRequest.LINKED) != 0 && c.linkReceived(requester, child)
          && !RemoteSignals.link(child, requester)) {
        // The requester is gone: the new process learns so, as of a link to a dead process.
        c.linkRemoved(requester, child);
        c.send(new Exit(requester, child, ExitReason.NOPROC));
      }
      if ((r.flags() & SpawnRequest.MONITORED) != 0 && c.monitorRecorded(r.reqId(), requester,
          child) && !RemoteSignals.monitoring(requester, r.reqId(), child)) {
        c.monitorEnded(r.reqId());
        c.send(new DemonitorP(requester, child, r.reqId()));
      }
    }
    if (p != null) {
      RemoteSignals.send(requester, new Replied(r.reqId(), r.result()));
    }
  }

  /** The connection to {@code node} is down: its requests fail with {@code noconnection}. */
  void nodeDown(Atom node) {
    pending.forEach((ref, p) -> {
      if (p.node().equals(node) && pending.remove(ref, p)) {
        RemoteSignals.send(p.requester(), new Replied(ref, ExitReason.NOCONNECTION));
      }
    });
  }

  // ---- a peer asks ----

  /** A SPAWN_REQUEST: starts the process, sets up the link and monitor asked for, replies. */
  void requested(Connection c, SpawnRequest r) {
    boolean link = false;
    boolean monitor = false;
    for (Term option : r.options().elements()) {
      if (LINK.equals(option)) {
        link = true;
      } else if (MONITOR.equals(option)
          || (option instanceof Tuple t && t.arity() == 2 && MONITOR.equals(t.get(0)))) {
        monitor = true;
      } else if (!(option instanceof Tuple t && t.arity() >= 1 && t.get(0) instanceof Atom)) {
        // Tuple options ({priority, P}, {fullsweep_after, N}, ...) tune BEAM's processes and
        // have no meaning here; anything else is malformed.
        c.send(new SpawnReply(r.reqId(), r.from(), 0, BADOPT));
        return;
      }
    }
    CountDownLatch go = new CountDownLatch(1);
    ProcessBody body = body(r.module(), r.function(), r.args().elements());
    // The process waits until its reply is queued: its exit signal or DOWN must not overtake it.
    Pid pid = Processes.spawn(() -> {
      go.await();
      body.run();
    });
    int flags = 0;
    if (link && c.linkReceived(pid, r.from())) {
      if (RemoteSignals.link(r.from(), pid)) {
        flags |= SpawnRequest.LINKED;
      } else {
        c.linkRemoved(pid, r.from());
      }
    }
    if (monitor && c.watched(r.reqId(), r.from(), pid, pid)) {
      if (RemoteSignals.monitor(r.from(), pid, r.reqId())) {
        flags |= SpawnRequest.MONITORED;
      } else {
        c.unwatched(r.reqId());
      }
    }
    c.send(new SpawnReply(r.reqId(), r.from(), flags, pid));
    go.countDown();
  }

  /**
   * Returns what a process spawned for {@code module:function(args)} runs: the exported function,
   * or an exit with {@code undef}.
   */
  ProcessBody body(Atom module, Atom function, List<Term> args) {
    if (ERPC.equals(module) && EXECUTE_CALL.equals(function) && args.size() == 4
        && args.get(0) instanceof Ref ref && args.get(1) instanceof Atom m
        && args.get(2) instanceof Atom f && args.get(3) instanceof ListTerm a && a.isProper()) {
      return () -> {
        throw Processes.exit(erpcCall(ref, m, f, a.elements()));
      };
    }
    if (ERPC.equals(module) && EXECUTE_CAST.equals(function) && args.size() == 3
        && args.get(0) instanceof Atom m && args.get(1) instanceof Atom f
        && args.get(2) instanceof ListTerm a && a.isProper()) {
      return () -> run(m, f, a.elements());
    }
    return () -> run(module, function, args);
  }

  /** Runs an exported function; an unknown one exits with {@code undef}, as in BEAM. */
  private Object run(Atom module, Atom function, List<Term> args) throws Exception {
    ExportedFunction fn = exports.get(new Mfa(module, function, args.size()));
    if (fn == null) {
      throw Processes.exit(Tuple.of(UNDEF, undefStack(module, function, args)));
    }
    return fn.apply(args);
  }

  /** Runs the function of an {@code erpc:execute_call}; returns the exit reason with its result. */
  private Term erpcCall(Ref ref, Atom module, Atom function, List<Term> args) {
    ExportedFunction fn = exports.get(new Mfa(module, function, args.size()));
    if (fn == null) {
      return Tuple.of(ref, ERROR, UNDEF, undefStack(module, function, args));
    }
    try {
      Object value = fn.apply(args);
      return Tuple.of(ref, RETURN, value == null ? Atom.UNDEFINED : Terms.from(value));
    } catch (ProcessExitException e) {
      if (!ProcessTable.current().isAlive()) {
        throw e; // killed: the process ends with the killer's reason, not a result
      }
      return Tuple.of(ref, EXIT, e.reason());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Processes.exit(ExitReason.KILLED);
    } catch (Exception e) {
      return Tuple.of(ref, ERROR, ExitReason.crash(e), ListTerm.NIL);
    }
  }

  /** The stack of an {@code undef} error, as BEAM gives it: {@code [{M, F, Args, []}]}. */
  private static ListTerm undefStack(Atom module, Atom function, List<Term> args) {
    return ListTerm.of(Tuple.of(module, function, ListTerm.of(args), ListTerm.NIL));
  }
}
