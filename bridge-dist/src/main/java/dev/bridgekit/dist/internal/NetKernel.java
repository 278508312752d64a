package dev.bridgekit.dist.internal; // not exported

import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Tuple;

/**
 * Stands in for BEAM's {@code net_kernel} process where peers expect one: answers the {@code
 * is_auth} call that {@code net_adm:ping/1} makes (and jinterface's {@code ping}) with {@code
 * yes}, as jinterface's node does. Other requests go unanswered: this node has no kernel
 * application behind the name.
 */
public final class NetKernel {
  private NetKernel() {}

  /** The name BEAM nodes send to. */
  public static final String NAME = "net_kernel";

  private static final Atom GEN_CALL = Atom.of("$gen_call");
  private static final Atom IS_AUTH = Atom.of("is_auth");
  private static final Atom YES = Atom.of("yes");

  /** Starts the process and registers it as {@code net_kernel}; returns its pid. */
  public static Pid start() {
    Pid pid = Processes.spawn(NetKernel::loop);
    try {
      Processes.register(NAME, pid);
    } catch (IllegalArgumentException taken) {
      Processes.exit(pid, ExitReason.KILL);
      throw taken;
    }
    return pid;
  }

  /** Stops the process. */
  public static void stop(Pid pid) {
    Processes.exit(pid, ExitReason.KILL);
  }

  private static void loop() {
    for (;;) {
      Object m = Processes.receive();
      // {'$gen_call', {From, Tag}, {is_auth, Node}}; the reply {Tag, yes} goes to From's pid,
      // which a caller that made Tag an alias still receives.
      if (m instanceof Tuple call && call.arity() == 3 && GEN_CALL.equals(call.get(0))
          && call.get(1) instanceof Tuple from && from.arity() == 2
          && from.get(0) instanceof Pid caller
          && call.get(2) instanceof Tuple request && request.arity() == 2
          && IS_AUTH.equals(request.get(0))) {
        Term tag = from.get(1);
        Processes.send(caller, Tuple.of(tag, YES));
      }
    }
  }
}
