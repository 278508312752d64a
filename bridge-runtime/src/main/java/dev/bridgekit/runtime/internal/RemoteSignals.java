package dev.bridgekit.runtime.internal; // not exported

import dev.bridgekit.runtime.NameDown;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;

/**
 * Delivers to local processes the signals that come from processes of other nodes: the entry
 * points of the distribution bridge, the other half of {@link RemoteRouter}. The bridge keeps its
 * own record of which remote processes link to or monitor local ones, per connection, so that a
 * lost connection becomes {@code noconnection} signals through these calls.
 */
public final class RemoteSignals {
  private RemoteSignals() {}

  /** Delivers {@code message} to local {@code to}; dropped if it is not alive. */
  public static void send(Pid to, Object message) {
    LocalProcess p = ProcessTable.get(to);
    if (p != null) {
      p.deliver(message);
    }
  }

  /** Records that remote {@code from} linked to local {@code to}; false if {@code to} is dead. */
  public static boolean link(Pid from, Pid to) {
    LocalProcess p = ProcessTable.get(to);
    return p != null && p.addLink(from);
  }

  /** Removes the link of remote {@code from} to local {@code to}. */
  public static void unlink(Pid from, Pid to) {
    LocalProcess p = ProcessTable.get(to);
    if (p != null) {
      p.removeLink(from);
    }
  }

  /** Delivers a link's exit signal: remote {@code from} exited with {@code reason}. */
  public static void linkExit(Pid from, Pid to, Term reason) {
    LocalProcess p = ProcessTable.get(to);
    if (p != null) {
      Signals.linkExit(p, from, reason);
    }
  }

  /** Delivers an exit signal sent with {@code exit/2} by remote {@code from}. */
  public static void exit(Pid from, Pid to, Term reason) {
    Signals.exit(from, to, reason);
  }

  /**
   * Records that remote {@code watcher} monitors local {@code target} under {@code ref}; false if
   * {@code target} is dead (the bridge then answers with a DOWN {@code noproc}).
   */
  public static boolean monitor(Pid watcher, Pid target, Ref ref) {
    LocalProcess p = ProcessTable.get(target);
    return p != null && p.addWatcher(ref, watcher);
  }

  /** Removes the monitor {@code ref} a remote process held on local {@code target}. */
  public static void demonitor(Pid target, Ref ref) {
    LocalProcess p = ProcessTable.get(target);
    if (p != null) {
      p.removeWatcher(ref);
    }
  }

  /** Delivers the DOWN of monitor {@code ref} that local {@code watcher} holds on a remote process. */
  public static void down(Pid watcher, Ref ref, Pid target, Term reason) {
    LocalProcess p = ProcessTable.get(watcher);
    if (p != null) {
      p.deliverDown(ref, target, reason);
    }
  }

  /**
   * Records that local {@code watcher} monitors remote {@code target} under {@code ref}, a monitor
   * the remote node set up (the {@code monitor} option of a spawn request); false if {@code
   * watcher} is dead.
   */
  public static boolean monitoring(Pid watcher, Ref ref, Pid target) {
    LocalProcess p = ProcessTable.get(watcher);
    return p != null && p.addMonitor(ref, target);
  }

  /**
   * Delivers the {@link NameDown} of monitor {@code ref} that local {@code watcher} holds on the
   * name {@code name} of remote {@code node}, if it still holds it.
   */
  public static void nameDown(Pid watcher, Ref ref, Atom name, Atom node, Term reason) {
    LocalProcess p = ProcessTable.get(watcher);
    if (p == null) {
      return;
    }
    // Under the watcher's lock, as its Downs are: a demonitor that no longer finds the monitor
    // finds this message in the mailbox (to flush).
    synchronized (p) {
      if (p.isAlive() && p.removeMonitor(ref) != null) {
        p.deliver(new NameDown(ref, name, node, reason));
      }
    }
  }

  /** Delivers {@code message} through the local process alias {@code alias}, if active. */
  public static void aliasSend(Ref alias, Object message) {
    Aliases.deliver(alias, message);
  }
}
