package dev.bridgekit.runtime.internal; // not exported

import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.NameDown;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;

/**
 * Sets up monitors on registered names, as {@code erlang:monitor(process, {Name, Node})}.
 *
 * <p>A monitor on a remote name sits in the watcher's monitor table like any remote monitor, with
 * a stand-in target ({@link #standIn}: pid number 0 of the node, which is never a process), so
 * that demonitoring and the watcher's exit reach the router as for a pid; the router remembers
 * the name, and its DOWN comes back as a {@link NameDown} through {@link RemoteSignals#nameDown}.
 */
public final class NameMonitors {
  private NameMonitors() {}

  /** Returns the stand-in target recorded for a monitor on a name of {@code node}. */
  public static Pid standIn(Atom node) {
    return new Pid(node, 0, 0, 0);
  }

  /**
   * Makes {@code self} monitor the process registered as {@code name} on {@code node}. On this
   * node, as on BEAM, the name is looked up now and the process it names is monitored; its DOWN is
   * a {@link NameDown} all the same, and a name nobody holds gives one ({@code noproc}) at once.
   */
  public static Ref monitor(LocalProcess self, Atom name, Atom node) {
    if (node.equals(LocalNode.name()) || node.equals(Atom.NONODE)) {
      LocalProcess target = Registry.whereis(name.name());
      if (target != null) {
        return Signals.monitor(self, target.pid(), name);
      }
      Ref ref = LocalNode.newRef();
      self.deliver(new NameDown(ref, name, node, ExitReason.NOPROC));
      return ref;
    }
    Ref ref = LocalNode.newRef();
    RemoteRouter router = LocalNode.router();
    if (router == null) {
      self.deliver(new NameDown(ref, name, node, ExitReason.NOCONNECTION));
    } else if (self.addMonitor(ref, standIn(node))) {
      router.monitorName(self.pid(), name, node, ref);
    }
    return ref;
  }
}
