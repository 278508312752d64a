package dev.bridgekit.dist.internal; // not exported

import dev.bridgekit.dist.NodeDown;
import dev.bridgekit.dist.NodeUp;
import dev.bridgekit.runtime.internal.RemoteSignals;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps which local processes monitor which nodes ({@code monitor_node/2}: one {@link NodeDown}
 * per call, then forgotten) and which monitor them all ({@code net_kernel:monitor_nodes/1}: a
 * {@link NodeUp} and a {@link NodeDown} for every connection that comes and goes).
 */
final class NodeWatchers {
  private final Map<Atom, List<Pid>> byNode = new HashMap<>();
  private final Set<Pid> all = new LinkedHashSet<>();

  synchronized void watch(Atom node, Pid pid) {
    byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(pid);
  }

  /** Removes one watch of {@code pid} on {@code node}; false if it had none. */
  synchronized boolean unwatch(Atom node, Pid pid) {
    List<Pid> pids = byNode.get(node);
    if (pids == null || !pids.remove(pid)) {
      return false;
    }
    if (pids.isEmpty()) {
      byNode.remove(node);
    }
    return true;
  }

  synchronized void watchAll(Pid pid, boolean on) {
    if (on) {
      all.add(pid);
    } else {
      all.remove(pid);
    }
  }

  void up(Atom node) {
    List<Pid> pids;
    synchronized (this) {
      pids = new ArrayList<>(all);
    }
    for (Pid p : pids) {
      RemoteSignals.send(p, new NodeUp(node));
    }
  }

  /**
   * Tells the watchers of {@code node} that it is down; the watchers of all nodes only if it had
   * been up (they saw its {@link NodeUp}).
   */
  void down(Atom node, String reason, boolean wasUp) {
    List<Pid> pids;
    synchronized (this) {
      List<Pid> watching = byNode.remove(node);
      pids = watching == null ? new ArrayList<>() : watching;
      if (wasUp) {
        pids.addAll(all);
      }
    }
    for (Pid p : pids) {
      RemoteSignals.send(p, new NodeDown(node, reason));
    }
  }
}
