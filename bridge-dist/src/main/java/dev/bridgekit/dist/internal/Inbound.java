package dev.bridgekit.dist.internal; // not exported

import dev.bridgekit.dist.internal.ControlMessage.AliasSend;
import dev.bridgekit.dist.internal.ControlMessage.DemonitorP;
import dev.bridgekit.dist.internal.ControlMessage.Exit;
import dev.bridgekit.dist.internal.ControlMessage.Exit2;
import dev.bridgekit.dist.internal.ControlMessage.Ignored;
import dev.bridgekit.dist.internal.ControlMessage.Link;
import dev.bridgekit.dist.internal.ControlMessage.MonitorP;
import dev.bridgekit.dist.internal.ControlMessage.MonitorPExit;
import dev.bridgekit.dist.internal.ControlMessage.RegSend;
import dev.bridgekit.dist.internal.ControlMessage.Send;
import dev.bridgekit.dist.internal.ControlMessage.SpawnReply;
import dev.bridgekit.dist.internal.ControlMessage.SpawnRequest;
import dev.bridgekit.dist.internal.ControlMessage.Unlink;
import dev.bridgekit.dist.internal.ControlMessage.UnlinkId;
import dev.bridgekit.dist.internal.ControlMessage.UnlinkIdAck;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.internal.LocalNode;
import dev.bridgekit.runtime.internal.LocalProcess;
import dev.bridgekit.runtime.internal.Registry;
import dev.bridgekit.runtime.internal.RemoteSignals;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader of one {@link Connection}: reads its packets, decodes them, and acts on each
 * control message in the order it came, delivering to local processes through the runtime's
 * {@link RemoteSignals}. A packet over the size limit, a malformed one, an unknown control
 * message or a signal on behalf of another node's process closes the connection, logged.
 */
final class Inbound {
  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

  private final Connection connection;
  private final Carrier carrier;
  private final Atom peer;
  private final PacketDecoder decoder;
  private final long maxPacket;
  /** 131 70, the sequence and the fragment number: what precedes a continuation's body. */
  private static final int CONTINUATION_HEAD = 18;
  private final byte[] head = new byte[CONTINUATION_HEAD];

  Inbound(Connection connection, Carrier carrier, int maxMessageSize) {
    this.connection = connection;
    this.carrier = carrier;
    this.peer = connection.peer();
    this.decoder = new PacketDecoder(maxMessageSize);
    this.maxPacket = maxMessageSize + 64L;
  }

  /** Reads until the connection ends, then closes it with why. */
  void run() {
    try {
      // The handshake bounded its reads; from now on silence is the ticker's to judge.
      carrier.readTimeout(0);
      DataInputStream in = new DataInputStream(
          new BufferedInputStream(carrier.input(), Connection.READ_BUFFER));
      for (;;) {
        long length = Integer.toUnsignedLong(in.readInt());
        connection.markRead();
        if (length == 0) {
          continue; // a tick
        }
        if (length > maxPacket) {
          throw new ProtocolException("packet of " + length + " bytes exceeds the limit of "
              + maxPacket);
        }
        PacketDecoder.Message m = read(in, (int) length);
        if (m != null) {
          dispatch(ControlMessage.decode(m.control(), m.payload()));
        }
      }
    } catch (ProtocolException e) {
      LOG.warn("closing the connection to {}: {}", peer, e.getMessage());
      connection.close("protocol error: " + e.getMessage());
    } catch (EOFException e) {
      connection.close("connection closed by the peer");
    } catch (IOException e) {
      connection.close("connection lost: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("closing the connection to {} after an internal error", peer, e);
      connection.close("internal error: " + e);
    }
  }

  /**
   * Reads and decodes a packet. A continuation fragment's body is read straight into the array
   * its message is reassembled in; any other packet into an array of its own.
   */
  private PacketDecoder.Message read(DataInputStream in, int length)
      throws IOException, ProtocolException {
    int headLength = Math.min(length, CONTINUATION_HEAD);
    in.readFully(head, 0, headLength);
    if (headLength == CONTINUATION_HEAD && (head[0] & 0xFF) == PacketDecoder.VERSION
        && head[1] == PacketDecoder.DIST_FRAG_CONT) {
      return decoder.continuation(head, length - CONTINUATION_HEAD,
          (into, at, n) -> readFully(in, into, at, n));
    }
    byte[] packet = new byte[length];
    System.arraycopy(head, 0, packet, 0, headLength);
    readFully(in, packet, headLength, length - headLength);
    return decoder.decode(packet);
  }

  /** Reads in chunks, so that a big packet counts as activity while it arrives. */
  private void readFully(DataInputStream in, byte[] into, int at, int n) throws IOException {
    int end = at + n;
    while (at < end) {
      int k = in.read(into, at, Math.min(end - at, 1 << 16));
      if (k < 0) {
        throw new EOFException();
      }
      at += k;
      connection.markRead();
    }
  }

  /** Acts on a control message from the peer. */
  private void dispatch(ControlMessage m) throws ProtocolException {
    switch (m) {
      case Send s -> {
        if (isLocal(s.to())) {
          RemoteSignals.send(s.to(), s.message());
        }
      }
      case RegSend r -> {
        LocalProcess p = Registry.whereis(r.name().name());
        if (p != null) {
          p.deliver(r.message());
        }
      }
      case AliasSend a -> {
        fromPeer(a.from(), m);
        RemoteSignals.aliasSend(a.alias(), a.message());
      }
      case SpawnRequest r -> {
        fromPeer(r.from(), m);
        connection.distribution().spawns().requested(connection, r);
      }
      case SpawnReply r -> connection.distribution().spawns().replied(connection, r);
      case Link l -> {
        fromPeer(l.from(), m);
        if (!isLocal(l.to())) {
          connection.send(new Exit(l.to(), l.from(), ExitReason.NOPROC));
        } else if (connection.linkReceived(l.to(), l.from())
            && !RemoteSignals.link(l.from(), l.to())) {
          connection.linkRemoved(l.to(), l.from());
          connection.send(new Exit(l.to(), l.from(), ExitReason.NOPROC));
        }
      }
      case UnlinkId u -> {
        fromPeer(u.from(), m);
        if (connection.unlinkReceived(u.to(), u.from())) {
          RemoteSignals.unlink(u.from(), u.to());
        }
        connection.send(new UnlinkIdAck(u.id(), u.to(), u.from()));
      }
      case Unlink u -> {
        fromPeer(u.from(), m);
        if (connection.unlinkReceived(u.to(), u.from())) {
          RemoteSignals.unlink(u.from(), u.to());
        }
      }
      case UnlinkIdAck a -> {
        fromPeer(a.from(), m);
        connection.unlinkAcknowledged(a.to(), a.from(), a.id());
      }
      case Exit e -> {
        fromPeer(e.from(), m);
        if (connection.linkRemoved(e.to(), e.from())) {
          RemoteSignals.linkExit(e.from(), e.to(), e.reason());
        }
      }
      case Exit2 e -> {
        fromPeer(e.from(), m);
        if (isLocal(e.to())) {
          RemoteSignals.exit(e.from(), e.to(), e.reason());
        }
      }
      case MonitorP mp -> monitored(mp);
      case DemonitorP d -> {
        fromPeer(d.watcher(), m);
        Pid target = connection.unwatched(d.ref());
        if (target != null) {
          RemoteSignals.demonitor(target, d.ref());
        }
      }
      case MonitorPExit x -> {
        Connection.Watch w = connection.monitorEnded(x.ref());
        if (w != null) {
          w.fire(x.ref(), peer, x.reason());
        }
      }
      case Ignored i -> { }
      default -> throw new ProtocolException("control message not expected from a peer: "
          + m.getClass().getSimpleName());
    }
  }

  /** The peer's {@code watcher} monitors a local process, by pid or by registered name. */
  private void monitored(MonitorP m) throws ProtocolException {
    fromPeer(m.watcher(), m);
    Pid target = null;
    if (m.target() instanceof Pid p && isLocal(p)) {
      target = p;
    } else if (m.target() instanceof Atom name) {
      LocalProcess p = Registry.whereis(name.name());
      target = p == null ? null : p.pid();
    }
    if (target != null && connection.watched(m.ref(), m.watcher(), m.target(), target)) {
      if (RemoteSignals.monitor(m.watcher(), target, m.ref())) {
        return;
      }
      connection.unwatched(m.ref());
    }
    connection.send(new MonitorPExit(m.target(), m.watcher(), m.ref(), ExitReason.NOPROC));
  }

  /** Checks that a signal that names its sender comes from a process of the peer. */
  private void fromPeer(Pid from, ControlMessage m) throws ProtocolException {
    if (!from.node().equals(peer)) {
      throw new ProtocolException(peer + " sent " + m.getClass().getSimpleName()
          + " on behalf of " + from + ", a process of another node");
    }
  }

  private static boolean isLocal(Pid pid) {
    return pid.node().equals(LocalNode.name());
  }
}
