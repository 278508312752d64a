package dev.bridgekit.dist.internal; // not exported

import dev.bridgekit.dist.internal.HandshakeException.Kind;
import dev.bridgekit.term.Atom;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up a node's connections: dials peers, accepts them on the listener, and decides under one
 * lock ({@code setup}) which handshake owns a peer's pending connection. A simultaneous connect
 * resolves as BEAM resolves it (the attempt of the node with the greater name wins); a peer that
 * is connected already is asked whether it restarted ({@code alive}) and replaces its old
 * connection only once it has proved it has the cookie; a handshake that lost closes its carrier.
 */
final class ConnectionSetup {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionSetup.class);

  private final Distribution dist;
  private final Distribution.Config config;
  private final Map<Atom, Connection> connections;
  private final CarrierListener listener;
  private final long ourFlags;
  private final Handshake handshake;
  private final Object setup = new Object();
  private volatile boolean stopped;

  ConnectionSetup(Distribution dist, Distribution.Config config,
      Map<Atom, Connection> connections, CarrierListener listener) {
    this.dist = dist;
    this.config = config;
    this.connections = connections;
    this.listener = listener;
    this.ourFlags = DistFlags.ours(config.hidden());
    this.handshake = new Handshake(config.name(), ourFlags, config.creation(), config.cookie(),
        config.handshakeTimeout());
  }

  /** Starts accepting connections. */
  void start() {
    ServiceThreads.start("dist-accept-" + config.name(), this::acceptLoop);
  }

  /** Stops accepting and dialling; handshakes under way end without a connection. */
  void stop() {
    stopped = true;
    listener.close();
  }

  /**
   * Returns the connection to {@code node}, a new one being dialled unless one exists. Null for
   * a node that cannot be dialled (ours, a malformed name) or after stop.
   */
  Connection dial(Atom node) {
    if (stopped || node.equals(config.name())) {
      return connections.get(node);
    }
    Connection c;
    NodeName name;
    try {
      name = NodeName.of(node);
    } catch (IllegalArgumentException e) {
      return null;
    }
    Attempt attempt = new Attempt(true);
    synchronized (setup) {
      if (stopped) {
        return null;
      }
      c = connections.get(node);
      if (c != null) {
        return c;
      }
      c = new Connection(node, dist, attempt);
      attempt.connection = c;
      connections.put(node, c);
    }
    Connection dialled = c;
    ServiceThreads.start("dist-dial-" + node, () -> dial(dialled, name, attempt));
    return c;
  }

  private void dial(Connection c, NodeName name, Attempt attempt) {
    Carrier carrier = null;
    try {
      PeerLocator.Location where = config.locator().locate(name);
      carrier = Carriers.unconnected(where.address().getAddress());
      if (!attempt.carrier(carrier)) {
        return; // lost a simultaneous connect before it began
      }
      carrier.connect(where.address(), (int) config.handshakeTimeout().toMillis());
      Handshake.Result result = handshake.initiate(carrier, c.peer(), !where.version6());
      established(attempt, carrier, result);
    } catch (IOException | RuntimeException e) {
      if (carrier != null) {
        carrier.close();
      }
      failed(attempt, c.peer(), e);
    }
  }

  private void acceptLoop() {
    while (!stopped) {
      Carrier carrier;
      try {
        carrier = listener.accept();
      } catch (IOException e) {
        if (!stopped) {
          LOG.error("{} stopped accepting distribution connections", config.name(), e);
        }
        return;
      }
      ServiceThreads.start("dist-handshake", () -> accept(carrier));
    }
  }

  private void accept(Carrier carrier) {
    Attempt attempt = new Attempt(false);
    attempt.carrier(carrier);
    Atom[] peer = new Atom[1];
    try {
      Handshake.Result result = handshake.accept(carrier, new Handshake.Gate() {
        @Override
        public String admit(Atom name) {
          peer[0] = name;
          return ConnectionSetup.this.admit(name, attempt);
        }

        @Override
        public void replace(Atom name) {
          // Done in established(), once the peer has proved it knows the cookie.
        }
      });
      established(attempt, carrier, result);
    } catch (IOException | RuntimeException e) {
      String from = peer[0] != null ? peer[0].toString() : carrier.peer();
      carrier.close();
      if (e instanceof HandshakeException h && h.kind() == Kind.BAD_COOKIE) {
        LOG.warn("{} refused a connection from {}: wrong cookie", config.name(), from);
      } else if (e instanceof HandshakeException h && h.kind() == Kind.NOK) {
        LOG.debug("{}: {}", config.name(), e.getMessage());
      } else {
        LOG.warn("{} closed a connection from {} during the handshake: {}", config.name(), from,
            e.getMessage());
      }
      if (peer[0] != null) {
        failed(attempt, peer[0], e);
      }
    }
  }

  /** Decides the handshake status for {@code peer}, for the acceptor's gate. */
  private String admit(Atom peer, Attempt attempt) {
    if (peer.equals(config.name())) {
      return "not_allowed";
    }
    synchronized (setup) {
      if (stopped) {
        return "not_allowed";
      }
      Connection c = connections.get(peer);
      if (c != null && c.state() == Connection.State.UP) {
        attempt.replacing = c;
        return "alive";
      }
      if (c != null && c.state() == Connection.State.PENDING) {
        Attempt other = c.attempt();
        if (other == null || !other.outgoing) {
          return "not_allowed"; // another incoming handshake from that name is under way
        }
        if (config.name().name().compareTo(peer.name()) > 0) {
          return "nok"; // our attempt wins; the peer drops this one
        }
        c.attempt(attempt);
        attempt.connection = c;
        other.abort();
        return "ok_simultaneous";
      }
      c = new Connection(peer, dist, attempt);
      attempt.connection = c;
      connections.put(peer, c);
      return "ok";
    }
  }

  /** Brings up the connection {@code attempt} set up, unless another attempt took it over. */
  private void established(Attempt attempt, Carrier carrier, Handshake.Result result) {
    Connection old = null;
    Connection c;
    synchronized (setup) {
      if (stopped) {
        carrier.close();
        return;
      }
      if (attempt.replacing != null) {
        old = attempt.replacing;
        c = new Connection(result.peer(), dist, attempt);
        attempt.connection = c;
        connections.put(result.peer(), c);
      } else {
        c = attempt.connection;
        if (c == null || c.attempt() != attempt || c.state() != Connection.State.PENDING) {
          carrier.close();
          return;
        }
      }
    }
    if (old != null) {
      old.close("replaced by a new connection from " + result.peer());
    }
    synchronized (setup) {
      if (c.attempt() != attempt) {
        carrier.close();
        return;
      }
      c.start(carrier, result, ourFlags);
    }
    LOG.debug("{} connected to {} (flags {})", config.name(), result.peer(),
        DistFlags.names(result.flags()));
    dist.nodeUp(result.peer());
  }

  /** Ends the pending connection {@code attempt} owned, unless another attempt owns it now. */
  private void failed(Attempt attempt, Atom peer, Exception e) {
    Connection c;
    synchronized (setup) {
      c = attempt.connection;
      if (c == null || c.attempt() != attempt || c.state() != Connection.State.PENDING) {
        return;
      }
      if (attempt.outgoing && e instanceof HandshakeException h && h.kind() == Kind.NOK
          && System.nanoTime() - attempt.started < config.handshakeTimeout().toNanos()) {
        // The peer says its own attempt to us is under way and wins. If it is, it will take
        // this connection over when it reaches our acceptor. But BEAM also answers nok while it
        // still holds the remains of a connection that just closed, and then no attempt comes:
        // so dial again shortly, until one of the two succeeds or the setup time is up.
        Attempt next = attempt.retry();
        next.connection = c;
        c.attempt(next);
        Connection retried = c;
        ServiceThreads.start("dist-dial-" + peer, () -> {
          try {
            Thread.sleep(Math.min(50L << Math.min(next.retries, 4), 500));
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return;
          }
          boolean stillOurs;
          synchronized (setup) {
            stillOurs = retried.attempt() == next && retried.state() == Connection.State.PENDING;
          }
          if (stillOurs) {
            dial(retried, NodeName.of(peer), next);
          }
        });
        return;
      }
    }
    if (attempt.outgoing) {
      LOG.debug("{} could not connect to {}: {}", config.name(), peer, e.toString());
    }
    c.close("cannot connect: " + e.getMessage());
  }
}
