package dev.bridgekit.dist.internal; // not exported

import dev.bridgekit.dist.internal.ControlMessage.DemonitorP;
import dev.bridgekit.dist.internal.ControlMessage.Exit;
import dev.bridgekit.dist.internal.ControlMessage.Link;
import dev.bridgekit.dist.internal.ControlMessage.MonitorP;
import dev.bridgekit.dist.internal.ControlMessage.MonitorPExit;
import dev.bridgekit.dist.internal.ControlMessage.UnlinkId;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.internal.RemoteSignals;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one connection to one peer node: pending while a handshake sets it up, then up with a
 * reader and a writer (platform threads, see {@link #start}), until it goes down once and for
 * all. Signals sent before it is up wait in its outbox; the links and monitors that cross it are
 * kept here, so that its end turns into {@code noconnection} exit signals and DOWN messages.
 *
 * <p>Threads: the runtime calls the sending methods on the threads of local processes; the
 * reader thread ({@link Inbound}) delivers what arrives, in order; the {@link PacketWriter}
 * writes (a sender itself when the socket is free, else the writer thread) and parks senders
 * while too much waits to be written.
 * The bookkeeping is guarded by this object's monitor, never held while calling into the
 * runtime or writing.
 */
final class Connection {
  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

  enum State { PENDING, UP, DOWN }

  /**
   * The reader's buffer: smaller than a fragment, so that a fragment's body is read straight
   * into the message it belongs to, not copied through this buffer (8 MB less to copy per 8 MB
   * message); small packets still arrive many per system call.
   */
  static final int READ_BUFFER = 1 << 14;

  private final Atom peer;
  private final Distribution dist;
  private final PacketWriter writer;
  private final CompletableFuture<Boolean> outcome = new CompletableFuture<>();

  // Guarded by this.
  private State state = State.PENDING;
  private Attempt attempt;
  private final Links links = new Links();
  /** Monitors local processes hold on the peer's: ref to (watcher, target). */
  private final Map<Ref, Watch> outMonitors = new HashMap<>();
  /** Monitors the peer's processes hold on local ones: ref to (watcher, target as named). */
  private final Map<Ref, Watched> inMonitors = new HashMap<>();
  private Carrier carrier;
  private long flags;

  private volatile long lastRead;
  private long writtenAtLastTick = -1;

  /**
   * A monitor a local process holds on a process of the peer: {@code target} is its pid, or the
   * registered name (an atom) it was set up with.
   */
  record Watch(Pid watcher, Term target) {
    /** Delivers this monitor's DOWN ({@code ref}, on a process of {@code peer}) to its watcher. */
    void fire(Ref ref, Atom peer, Term reason) {
      if (target instanceof Atom name) {
        RemoteSignals.nameDown(watcher, ref, name, peer, reason);
      } else {
        RemoteSignals.down(watcher, ref, (Pid) target, reason);
      }
    }
  }

  private record Watched(Pid watcher, Term targetAsNamed, Pid target) {}

  Connection(Atom peer, Distribution dist, Attempt attempt) {
    this.peer = peer;
    this.dist = dist;
    this.attempt = attempt;
    this.writer = new PacketWriter(peer.name(), PacketWriter.HIGH_WATERMARK, this::close);
  }

  Atom peer() {
    return peer;
  }

  Distribution distribution() {
    return dist;
  }

  synchronized State state() {
    return state;
  }

  /** Returns the handshake that owns this connection while it is pending. */
  synchronized Attempt attempt() {
    return attempt;
  }

  /** Hands this pending connection to another handshake (a simultaneous connect it won). */
  synchronized void attempt(Attempt a) {
    attempt = a;
  }

  /** Completes with true when the connection is up, false if it goes down first. */
  CompletableFuture<Boolean> outcome() {
    return outcome;
  }

  /** Returns the negotiated flags (ours and the peer's); 0 until up. */
  synchronized long flags() {
    return flags;
  }

  /** Brings the connection up on {@code s} after a handshake that gave {@code result}. */
  void start(Carrier s, Handshake.Result result, long ourFlags) {
    PacketOutput o;
    try {
      o = new PacketOutput(s.output(), PacketWriter.SOCKET_BUFFER);
    } catch (IOException e) {
      s.close();
      close("could not start: " + e.getMessage());
      return;
    }
    Inbound inbound = new Inbound(this, s, dist.maxMessageSize());
    Thread r = Thread.ofPlatform().daemon().name("dist-reader-" + peer).unstarted(inbound::run);
    synchronized (this) {
      if (state != State.PENDING) {
        s.close();
        return;
      }
      state = State.UP;
      carrier = s;
      flags = ourFlags & result.flags();
      attempt = null;
      lastRead = System.nanoTime();
      writer.up(o, new PacketEncoder(flags, dist.fragmentSize()), r);
    }
    // Platform threads, not virtual ones: a virtual thread's blocking socket read parks it on
    // the JDK's poller, whose thread then wakes a carrier to run it, one more thread handoff per
    // message than a platform thread blocked in read(2). Measured on the echo round trip (bench
    // dist.echo_rtt): about 64 µs and 38 µs of CPU with virtual threads, 43 µs and 24 µs of CPU
    // with platform ones (a native carrier would make a virtual thread poll between sleeps).
    // One pair per peer, as BEAM has one port per connection.
    writer.startWriter();
    r.start();
    outcome.complete(true);
  }

  // ---- signals from local processes (any thread) ----

  /**
   * Sends {@code m} to the peer (see {@link PacketWriter#send}: the caller may write it, or park
   * while the connection is busy); false if the connection is down.
   */
  boolean send(ControlMessage m) {
    synchronized (this) {
      if (state == State.DOWN) {
        return false;
      }
      if (!writer.isUp()) {
        writer.queue(m);
        return true;
      }
    }
    writer.send(m);
    return true;
  }

  /** Returns how many bytes of packets wait to be written (for tests). */
  long queuedBytes() {
    return writer.queuedBytes();
  }

  /** Links local {@code from} to the peer's {@code to}; false if the connection is down. */
  synchronized boolean link(Pid from, Pid to) {
    if (state == State.DOWN) {
      return false;
    }
    if (links.linkSent(from, to)) {
      writer.queue(new Link(from, to));
    }
    return true;
  }

  synchronized void unlink(Pid from, Pid to) {
    if (state == State.DOWN) {
      return;
    }
    long id = links.unlinkSent(from, to);
    if (id != 0) {
      writer.queue(new UnlinkId(id, from, to));
    }
  }

  /** Sends the exit signal of the link between local {@code from} and the peer's {@code to}. */
  synchronized void linkExit(Pid from, Pid to, Term reason) {
    if (state != State.DOWN && links.exit(from, to)) {
      writer.queue(new Exit(from, to, reason));
    }
  }

  /**
   * Makes local {@code watcher} monitor the peer's {@code target}, a pid or a registered name;
   * false if down.
   */
  synchronized boolean monitor(Pid watcher, Term target, Ref ref) {
    if (state == State.DOWN) {
      return false;
    }
    outMonitors.put(ref, new Watch(watcher, target));
    writer.queue(new MonitorP(watcher, target, ref));
    return true;
  }

  synchronized void demonitor(Pid watcher, Pid target, Ref ref) {
    Watch w = state == State.DOWN ? null : outMonitors.remove(ref);
    if (w != null) {
      writer.queue(new DemonitorP(watcher, w.target(), ref)); // the name, for a name monitor
    }
  }

  /**
   * Records that local {@code watcher} monitors the peer's {@code target}, a monitor the peer set
   * up (a spawn request's); false if down.
   */
  synchronized boolean monitorRecorded(Ref ref, Pid watcher, Pid target) {
    if (state == State.DOWN) {
      return false;
    }
    outMonitors.put(ref, new Watch(watcher, target));
    return true;
  }

  /** Tells the peer's {@code watcher} that local {@code target}, which it monitors, exited. */
  synchronized void down(Pid watcher, Ref ref, Pid target, Term reason) {
    Watched w = state == State.DOWN ? null : inMonitors.remove(ref);
    if (w != null) {
      writer.queue(new MonitorPExit(w.targetAsNamed(), watcher, ref, reason));
    }
  }

  // ---- ticks (the distribution's ticker thread) ----

  /**
   * Sends a tick if nothing was sent since the last call, and closes the connection if nothing
   * arrived for {@code tickTimeNanos}.
   */
  void tick(long now, long tickTimeNanos) {
    synchronized (this) {
      if (state != State.UP) {
        return;
      }
      long w = writer.written();
      if (w == writtenAtLastTick) {
        writer.tick();
      }
      writtenAtLastTick = w;
    }
    if (now - lastRead > tickTimeNanos) {
      close("net_tick_timeout: nothing received for " + tickTimeNanos / 1_000_000 + " ms");
    }
  }

  // ---- the end ----

  /** Takes the connection down (once; later calls do nothing), with {@code reason} for the log. */
  void close(String reason) {
    List<Links.Key> brokenLinks;
    List<Map.Entry<Ref, Watch>> brokenWatches;
    List<Map.Entry<Ref, Watched>> brokenWatched;
    boolean wasUp;
    synchronized (this) {
      if (state == State.DOWN) {
        return;
      }
      wasUp = state == State.UP;
      state = State.DOWN;
      brokenLinks = links.clear();
      brokenWatches = new ArrayList<>(outMonitors.entrySet());
      brokenWatched = new ArrayList<>(inMonitors.entrySet());
      outMonitors.clear();
      inMonitors.clear();
    }
    writer.stop();
    if (carrier != null) {
      carrier.close();
    }
    dist.forget(this);
    LOG.debug("connection to {} down: {}", peer, reason);
    for (Links.Key k : brokenLinks) {
      RemoteSignals.linkExit(k.remote(), k.local(), ExitReason.NOCONNECTION);
    }
    for (Map.Entry<Ref, Watch> e : brokenWatches) {
      e.getValue().fire(e.getKey(), peer, ExitReason.NOCONNECTION);
    }
    for (Map.Entry<Ref, Watched> e : brokenWatched) {
      RemoteSignals.demonitor(e.getValue().target(), e.getKey());
    }
    outcome.complete(false);
    dist.nodeDown(peer, reason, wasUp);
  }

  // ---- bookkeeping for signals from the peer (its reader thread, Inbound) ----

  /** Records a LINK received; true if it made a new link (see {@link Links#linkReceived}). */
  synchronized boolean linkReceived(Pid local, Pid remote) {
    return state != State.DOWN && links.linkReceived(local, remote);
  }

  /** Removes the link for an exit signal received (or a link that failed); true if active. */
  synchronized boolean linkRemoved(Pid local, Pid remote) {
    return links.exit(local, remote);
  }

  synchronized boolean unlinkReceived(Pid local, Pid remote) {
    return links.unlinkReceived(local, remote);
  }

  synchronized void unlinkAcknowledged(Pid local, Pid remote, long id) {
    links.unlinkAcknowledged(local, remote, id);
  }

  /** Records that the peer's {@code watcher} monitors local {@code target}; false if down. */
  synchronized boolean watched(Ref ref, Pid watcher, Term targetAsNamed, Pid target) {
    if (state == State.DOWN) {
      return false;
    }
    inMonitors.put(ref, new Watched(watcher, targetAsNamed, target));
    return true;
  }

  /** Forgets the peer's monitor {@code ref}; returns the local process it watched, or null. */
  synchronized Pid unwatched(Ref ref) {
    Watched w = inMonitors.remove(ref);
    return w == null ? null : w.target();
  }

  /** Forgets the monitor {@code ref} a local process held on the peer's; null if none. */
  synchronized Watch monitorEnded(Ref ref) {
    return outMonitors.remove(ref);
  }

  /** Notes that data arrived, for the tick check. */
  void markRead() {
    lastRead = System.nanoTime();
  }

  @Override
  public String toString() {
    return "connection to " + peer + " (" + state() + ")";
  }
}
