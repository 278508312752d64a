package dev.bridgekit.dist.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.runtime.internal.LocalNode;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A peer node made of this module's own parts (the handshake, the packet codec) over a raw
 * socket, for tests that must send what no well-behaved node sends: unknown control messages,
 * malformed terms, oversized packets.
 */
public final class FakePeer implements AutoCloseable {
  private final Socket socket;
  private final Atom name;
  private final DataInputStream in;
  private final OutputStream out;
  private final PacketEncoder encoder;
  private final PacketDecoder decoder = new PacketDecoder(1 << 26);

  private FakePeer(Socket socket, Atom name, long flags) throws IOException {
    this.socket = socket;
    this.name = name;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.encoder = new PacketEncoder(flags, 1 << 16);
  }

  /**
   * Connects to the node {@code target} listening on {@code port} of this host as node {@code
   * name} with {@code cookie}, and completes the handshake.
   */
  public static FakePeer connect(Atom name, Atom target, int port, String cookie)
      throws IOException {
    return connect(name, target, port, cookie, 0);
  }

  /**
   * As {@link #connect(Atom, Atom, int, String)}, with the socket's receive buffer fixed at {@code
   * receiveBuffer} bytes (0: the system's, which grows to megabytes on loopback), for tests that
   * need the connection to fill up.
   */
  public static FakePeer connect(Atom name, Atom target, int port, String cookie,
      int receiveBuffer) throws IOException {
    Socket s = new Socket();
    if (receiveBuffer > 0) {
      s.setReceiveBufferSize(receiveBuffer); // before connect: it sets the TCP window
    }
    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    long flags = DistFlags.ours(true);
    Handshake.Result r = new Handshake(name, flags, 77, new Cookie(cookie), Duration.ofSeconds(5))
        .initiate(Carriers.of(s), target, false);
    return new FakePeer(s, name, flags & r.flags());
  }

  /**
   * Completes, as node {@code name} with {@code cookie}, the handshake of a connection a node
   * opened to us on {@code s}, answering its name with {@code status}.
   */
  public static FakePeer accept(Socket s, Atom name, String cookie, String status)
      throws IOException {
    long flags = DistFlags.ours(true);
    Handshake.Result r = new Handshake(name, flags, 77, new Cookie(cookie), Duration.ofSeconds(5))
        .accept(Carriers.of(s), new Handshake.Gate() {
          @Override
          public String admit(Atom peer) {
            return status;
          }

          @Override
          public void replace(Atom peer) {}
        });
    return new FakePeer(s, name, flags & r.flags());
  }

  /**
   * Returns the local node's connection to this peer once it is up. This peer is through its
   * handshake before the node's side is: until the node's side is too, what is sent waits unbounded
   * in the pending connection's outbox.
   */
  public Connection nodeSide() throws Exception {
    Connection c = ((Distribution) LocalNode.router()).connectionFor(name, false);
    assertNotNull(c, "connection to " + name);
    assertTrue(c.outcome().get(5, TimeUnit.SECONDS), "connection to " + name + " up");
    return c;
  }

  /** Returns a pid of this fake node, {@code <name.id.0>}. */
  public Pid pid(int id) {
    return new Pid(name, id, 0, 77);
  }

  /** Sends a control message, encoded as this module encodes it. */
  public void send(ControlMessage m) throws IOException {
    encoder.write(m, out);
    out.flush();
  }

  /** Sends {@code body} as one packet, its 4-byte length first. */
  public void sendPacket(byte[] body) throws IOException {
    sendRaw(new byte[] {(byte) (body.length >>> 24), (byte) (body.length >>> 16),
        (byte) (body.length >>> 8), (byte) body.length});
    sendRaw(body);
  }

  /** Sends bytes as they are. */
  public void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Receives the next control message, skipping ticks; fails after {@code timeout}. */
  public ControlMessage receive(Duration timeout) throws IOException, ProtocolException {
    socket.setSoTimeout((int) timeout.toMillis());
    for (;;) {
      int length = in.readInt();
      if (length == 0) {
        continue;
      }
      byte[] packet = new byte[length];
      in.readFully(packet);
      PacketDecoder.Message m = decoder.decode(packet);
      if (m != null) {
        return ControlMessage.decode(m.control(), m.payload());
      }
    }
  }

  /** Returns true if the node closes the connection within {@code timeout} (ticks aside). */
  public boolean closedWithin(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    try {
      while (in.read() >= 0) {
        // skip what arrives, ticks included
      }
      return true;
    } catch (EOFException | SocketException e) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
