package dev.bridgekit.runtime.internal; // not exported

import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;

/**
 * Carries signals to processes of other nodes: the seam the distribution bridge fills (installed
 * with {@link LocalNode#route}). The runtime calls it on whichever thread acts: the sender's, or,
 * for the links and monitors of a process that exits, the thread that ends it (its own, or its
 * killer's). It must not block for long nor call {@code Processes}: the thread may be that of a
 * process being released. Signals coming the other way enter through {@link RemoteSignals}.
 *
 * <p>Without a router, a message to a remote pid is dropped, and linking or monitoring one gives
 * {@code noconnection} at once.
 */
public interface RemoteRouter {
  /** Sends {@code message} to the remote process {@code to}. */
  void send(Pid from, Pid to, Object message);

  /**
   * Links local {@code from} and remote {@code to}. If the link cannot be made (no connection, the
   * process is dead) the router later delivers the exit signal through {@link
   * RemoteSignals#linkExit}.
   */
  void link(Pid from, Pid to);

  /** Removes the link between local {@code from} and remote {@code to}. */
  void unlink(Pid from, Pid to);

  /** Sends the exit signal of a link: local {@code from} exited with {@code reason}. */
  void linkExit(Pid from, Pid to, Term reason);

  /** Sends an exit signal as {@code exit/2} does. */
  void exit(Pid from, Pid to, Term reason);

  /**
   * Makes local {@code watcher} monitor remote {@code target} under {@code ref}; the DOWN comes
   * back through {@link RemoteSignals#down} (with {@code noconnection} or {@code noproc} if the
   * monitor cannot be set up).
   */
  void monitor(Pid watcher, Pid target, Ref ref);

  /** Removes the monitor {@code ref} of local {@code watcher} on remote {@code target}. */
  void demonitor(Pid watcher, Pid target, Ref ref);

  /** Tells remote {@code watcher} that local {@code target}, which it monitors, exited. */
  void down(Pid watcher, Ref ref, Pid target, Term reason);

  /**
   * Sends {@code message} from local {@code from} to the remote process alias {@code alias}; the
   * peer drops it if the alias is not active. Routers that know no aliases drop it.
   */
  default void aliasSend(Pid from, Ref alias, Object message) {}

  /**
   * Sends {@code message} from local {@code from} to the process registered as {@code name} on
   * remote {@code node}; the peer drops it if no process has the name. Routers that cannot reach
   * names drop it.
   */
  default void regSend(Pid from, Atom name, Atom node, Object message) {}

  /**
   * Makes local {@code watcher} monitor the process registered as {@code name} on remote {@code
   * node} under {@code ref}; the DOWN comes back through {@link RemoteSignals#nameDown}. Routers
   * that cannot answer with {@code noconnection} at once.
   */
  default void monitorName(Pid watcher, Atom name, Atom node, Ref ref) {
    RemoteSignals.nameDown(watcher, ref, name, node, ExitReason.NOCONNECTION);
  }
}
