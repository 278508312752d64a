package dev.bridgekit.dist.internal; // not exported

import dev.bridgekit.dist.ExportedFunction;
import dev.bridgekit.dist.internal.ControlMessage.AliasSend;
import dev.bridgekit.dist.internal.ControlMessage.Exit2;
import dev.bridgekit.dist.internal.ControlMessage.RegSend;
import dev.bridgekit.dist.internal.ControlMessage.Send;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.ProcessBody;
import dev.bridgekit.runtime.internal.RemoteRouter;
import dev.bridgekit.runtime.internal.RemoteSignals;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Terms;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The distribution of one node: its listener, its connections (one per peer, set up on demand or
 * accepted), the ticker that keeps them alive, and the {@link RemoteRouter} through which the
 * runtime reaches remote processes. {@link ConnectionSetup} dials and accepts; the connections,
 * once pending or up, are kept here by peer name.
 */
public final class Distribution implements RemoteRouter {
  /**
   * Holds a node's distribution settings.
   *
   * @param name the node's name
   * @param creation its creation
   * @param cookie the cookie, for every peer
   * @param hidden whether it is hidden (not published to its peers' other peers)
   * @param netTickTime after how long without data a connection is down; ticks go every quarter
   * @param handshakeTimeout how long a connection setup may take
   * @param maxMessageSize the largest message accepted from a peer, in bytes
   * @param fragmentSize the size of the fragments big messages are sent in
   * @param locator how peers are found
   */
  public record Config(Atom name, int creation, Cookie cookie, boolean hidden,
      Duration netTickTime, Duration handshakeTimeout, int maxMessageSize, int fragmentSize,
      PeerLocator locator) {}

  private final Config config;
  private final Map<Atom, Connection> connections = new ConcurrentHashMap<>();
  private final NodeWatchers watchers = new NodeWatchers();
  private final ConnectionSetup setup;
  private volatile boolean stopped;
  private Thread ticker;
  private Pid groupLeader;
  /** Set by {@link #start}, before any connection can deliver a spawn request. */
  private volatile Spawns spawns;

  /** Creates the distribution of a node that accepts connections on {@code listener}. */
  public Distribution(Config config, CarrierListener listener) {
    this.config = config;
    this.setup = new ConnectionSetup(this, config, connections, listener);
  }

  /** Starts accepting connections and ticking. */
  public void start() {
    groupLeader = GroupLeader.start();
    spawns = new Spawns(groupLeader);
    setup.start();
    ticker = ServiceThreads.start("dist-ticker-" + config.name(), this::tickLoop);
  }

  /** Closes the listener and every connection (linked and monitoring processes are told). */
  public void stop() {
    stopped = true;
    setup.stop();
    if (ticker != null) {
      ticker.interrupt();
    }
    for (Connection c : new ArrayList<>(connections.values())) {
      c.close("node stopped");
    }
    if (groupLeader != null) {
      GroupLeader.stop(groupLeader);
    }
  }

  int maxMessageSize() {
    return config.maxMessageSize();
  }

  int fragmentSize() {
    return config.fragmentSize();
  }

  // ---- the public node's operations ----

  /**
   * Connects to {@code node} if not connected, waiting up to the handshake timeout.
   *
   * @return true if connected
   */
  public boolean connect(Atom node) throws InterruptedException {
    Connection c = connectionFor(node, true);
    if (c == null) {
      return false;
    }
    try {
      return c.outcome().get(config.handshakeTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  /** Takes the connection to {@code node} down; false if there was none. */
  public boolean disconnect(Atom node) {
    Connection c = connections.get(node);
    if (c == null) {
      return false;
    }
    c.close("disconnect");
    return true;
  }

  /** Returns the nodes connected now. */
  public List<Atom> nodes() {
    List<Atom> up = new ArrayList<>();
    for (Connection c : connections.values()) {
      if (c.state() == Connection.State.UP) {
        up.add(c.peer());
      }
    }
    up.sort((a, b) -> a.name().compareTo(b.name()));
    return up;
  }

  /** Sends {@code message} from {@code from} to the process registered as {@code name} there. */
  public void send(Pid from, Atom name, Atom node, Term message) {
    deliver(node, new RegSend(from, name, message));
  }

  @Override
  public void regSend(Pid from, Atom name, Atom node, Object message) {
    send(from, name, node, Terms.from(message));
  }

  /**
   * Makes {@code watcher} receive a {@link dev.bridgekit.dist.NodeDown} when {@code node} goes
   * down (connecting to it first, as {@code monitor_node/2} does).
   */
  public void monitorNode(Atom node, Pid watcher) {
    if (node.equals(config.name())) {
      return;
    }
    watchers.watch(node, watcher);
    if (connectionFor(node, true) == null) {
      watchers.down(node, "cannot connect to " + node, false);
    }
  }

  /** Removes one monitor of {@code watcher} on {@code node}. */
  public boolean demonitorNode(Atom node, Pid watcher) {
    return watchers.unwatch(node, watcher);
  }

  /** Makes {@code watcher} receive NodeUp and NodeDown for every peer, or stops it. */
  public void monitorNodes(Pid watcher, boolean on) {
    watchers.watchAll(watcher, on);
  }

  /**
   * Makes {@code module:function/arity} runnable by peers ({@code spawn}, {@code rpc:call}),
   * replacing any function exported under that name.
   */
  public void export(Atom module, Atom function, int arity, ExportedFunction fn) {
    spawns.export(new Spawns.Mfa(module, function, arity), fn);
  }

  /** Removes an exported function; false if there was none. */
  public boolean unexport(Atom module, Atom function, int arity) {
    return spawns.unexport(new Spawns.Mfa(module, function, arity));
  }

  /**
   * Spawns {@code module:function(args)} on {@code node} for the calling process {@code self},
   * linked to it and monitored by it (under {@code reqId}) as asked, and waits for the answer.
   *
   * @return the new pid, or the atom the spawn failed with ({@code noconnection}, ...)
   */
  public Term spawn(Pid self, Atom node, Atom module, Atom function, List<Term> args,
      boolean link, boolean monitor, Ref reqId) {
    return spawns.request(this, self, node, new Spawns.Mfa(module, function, args.size()), args,
        link, monitor, reqId);
  }

  /** Returns what a local process spawned for {@code module:function(args)} runs. */
  public ProcessBody body(Atom module, Atom function, List<Term> args) {
    return spawns.body(module, function, args);
  }

  Spawns spawns() {
    return spawns;
  }

  // ---- RemoteRouter: on the threads of local processes ----

  @Override
  public void send(Pid from, Pid to, Object message) {
    deliver(to.node(), new Send(from, to, Terms.from(message)));
  }

  @Override
  public void link(Pid from, Pid to) {
    for (int i = 0; i < 2; i++) {
      Connection c = connectionFor(to.node(), true);
      if (c == null) {
        break;
      }
      if (c.link(from, to)) {
        return;
      }
    }
    RemoteSignals.linkExit(to, from, ExitReason.NOCONNECTION);
  }

  @Override
  public void unlink(Pid from, Pid to) {
    Connection c = connections.get(to.node());
    if (c != null) {
      c.unlink(from, to);
    }
  }

  @Override
  public void linkExit(Pid from, Pid to, Term reason) {
    Connection c = connections.get(to.node());
    if (c != null) {
      c.linkExit(from, to, reason);
    }
  }

  @Override
  public void exit(Pid from, Pid to, Term reason) {
    deliver(to.node(), new Exit2(from, to, reason));
  }

  @Override
  public void aliasSend(Pid from, Ref alias, Object message) {
    deliver(alias.node(), new AliasSend(from, alias, Terms.from(message)));
  }

  @Override
  public void monitorName(Pid watcher, Atom name, Atom node, Ref ref) {
    for (int i = 0; i < 2; i++) {
      Connection c = connectionFor(node, true);
      if (c == null) {
        break;
      }
      if (c.monitor(watcher, name, ref)) {
        return;
      }
    }
    RemoteSignals.nameDown(watcher, ref, name, node, ExitReason.NOCONNECTION);
  }

  @Override
  public void monitor(Pid watcher, Pid target, Ref ref) {
    for (int i = 0; i < 2; i++) {
      Connection c = connectionFor(target.node(), true);
      if (c == null) {
        break;
      }
      if (c.monitor(watcher, target, ref)) {
        return;
      }
    }
    RemoteSignals.down(watcher, ref, target, ExitReason.NOCONNECTION);
  }

  @Override
  public void demonitor(Pid watcher, Pid target, Ref ref) {
    Connection c = connections.get(target.node());
    if (c != null) {
      c.demonitor(watcher, target, ref);
    }
  }

  @Override
  public void down(Pid watcher, Ref ref, Pid target, Term reason) {
    Connection c = connections.get(watcher.node());
    if (c != null) {
      c.down(watcher, ref, target, reason);
    }
  }

  /** Queues {@code m} on the connection to {@code node}, setting one up if needed. */
  private void deliver(Atom node, ControlMessage m) {
    sendTo(node, m);
  }

  /**
   * Queues {@code m} on the connection to {@code node}, setting one up if needed; false if there
   * is none to be had.
   */
  boolean sendTo(Atom node, ControlMessage m) {
    for (int i = 0; i < 2; i++) {
      // A connection found just as it goes down refuses; the second try dials anew.
      Connection c = connectionFor(node, true);
      if (c == null) {
        return false;
      }
      if (c.send(m)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the connection to {@code node}: the existing one, or (with {@code dial}) a new one
   * being set up. Null for a node that cannot be dialled (ours, a malformed name) or after stop.
   */
  Connection connectionFor(Atom node, boolean dial) {
    Connection c = connections.get(node);
    return c != null || !dial ? c : setup.dial(node);
  }

  /** Removes {@code c} from the table, if it is still the connection to its peer. */
  void forget(Connection c) {
    connections.remove(c.peer(), c);
  }

  void nodeUp(Atom peer) {
    watchers.up(peer);
  }

  void nodeDown(Atom peer, String reason, boolean wasUp) {
    Spawns s = spawns;
    if (s != null) {
      s.nodeDown(peer);
    }
    watchers.down(peer, reason, wasUp);
  }

  // ---- ticks ----

  private void tickLoop() {
    long tickNanos = config.netTickTime().toNanos();
    long interval = Math.max(1, tickNanos / 4);
    try {
      while (!stopped) {
        Thread.sleep(Duration.ofNanos(interval));
        long now = System.nanoTime();
        for (Connection c : connections.values()) {
          c.tick(now, tickNanos);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // stop() ends the ticker this way
    }
  }

}
