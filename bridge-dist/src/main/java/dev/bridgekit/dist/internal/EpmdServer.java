package dev.bridgekit.dist.internal; // not exported

import dev.bridgekit.dist.internal.EpmdProtocol.NodeEntry;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves EPMD's protocol in this JVM, for hosts with no Erlang installed: nodes (Java ones, and
 * real {@code erl} nodes) register with ALIVE2_REQ and stay registered while that connection is
 * open; PORT_PLEASE2_REQ, NAMES_REQ and DUMP_REQ answer as erts' {@code epmd} does. As that
 * daemon does, it takes registrations only from this host and refuses KILL_REQ and STOP_REQ (the
 * server belongs to the node that started it and stops with it).
 *
 * <p>Each client is served on its own platform thread ({@link ServiceThreads}); a client that
 * sends a partial request is dropped after {@link #REQUEST_TIMEOUT_MS}.
 */
public final class EpmdServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EpmdServer.class);

  /** How long a client may take to send its request. */
  static final int REQUEST_TIMEOUT_MS = 10_000;

  private final ServerSocket listener;
  private final Map<String, Registered> nodes = new ConcurrentHashMap<>();
  private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
  private final AtomicInteger creations;
  private volatile boolean closed;

  private record Registered(NodeEntry entry, Socket socket, int creation) {}

  private EpmdServer(ServerSocket listener) {
    this.listener = listener;
    // As erts' epmd does, start creations at a random value so that a node restarted under the
    // same name (here or after this server restarts) is unlikely to get the creation it had.
    this.creations = new AtomicInteger(4 + new SecureRandom().nextInt(1 << 30));
  }

  /**
   * Starts serving on {@code port} of {@code bindAddress} (null for every interface).
   *
   * @throws java.net.BindException if the port is taken (another EPMD, probably)
   */
  public static EpmdServer start(InetAddress bindAddress, int port) throws IOException {
    ServerSocket listener = new ServerSocket();
    try {
      listener.setReuseAddress(true);
      listener.bind(new InetSocketAddress(bindAddress, port), 64);
    } catch (IOException e) {
      listener.close();
      throw e;
    }
    EpmdServer server = new EpmdServer(listener);
    ServiceThreads.start("epmd-accept-" + port, server::acceptLoop);
    LOG.debug("embedded EPMD listening on {}", listener.getLocalSocketAddress());
    return server;
  }

  /** Returns the port it listens on. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Returns the registered nodes' entries, by name: a snapshot. */
  public Map<String, NodeEntry> registered() {
    Map<String, NodeEntry> out = new java.util.TreeMap<>();
    nodes.forEach((name, r) -> out.put(name, r.entry()));
    return out;
  }

  /** Stops serving and closes every connection, which unregisters every node. */
  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      // Closing is best effort; the port is released with the socket either way.
    }
    for (Socket s : clients) {
      closeQuietly(s);
    }
    nodes.clear();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("embedded EPMD on port {} stopped accepting", port(), e);
        }
        return;
      }
      clients.add(client);
      ServiceThreads.start("epmd-client", () -> serve(client));
    }
  }

  private void serve(Socket client) {
    try {
      client.setSoTimeout(REQUEST_TIMEOUT_MS);
      DataInputStream in = new DataInputStream(client.getInputStream());
      int length = in.readUnsignedShort();
      if (length == 0) {
        throw new ProtocolException("empty request");
      }
      byte[] request = new byte[length];
      in.readFully(request);
      ByteReader r = new ByteReader(request, "EPMD request");
      int tag = r.u8();
      OutputStream out = client.getOutputStream();
      switch (tag) {
        case EpmdProtocol.ALIVE2_REQ -> {
          register(client, EpmdProtocol.parseAlive2Request(r), out);
          return; // register closed the socket when the node left
        }
        case EpmdProtocol.PORT_PLEASE2_REQ -> {
          Registered reg = nodes.get(r.restUtf8());
          out.write(EpmdProtocol.port2Response(reg == null ? null : reg.entry()));
        }
        case EpmdProtocol.NAMES_REQ ->
            out.write(EpmdProtocol.namesResponse(port(), registered().values()));
        case EpmdProtocol.DUMP_REQ -> out.write(dump());
        case EpmdProtocol.KILL_REQ -> out.write("NO".getBytes(StandardCharsets.US_ASCII));
        default -> LOG.debug("embedded EPMD: ignoring request {} from {}", tag,
            client.getRemoteSocketAddress());
      }
    } catch (EOFException | java.net.SocketTimeoutException e) {
      LOG.debug("embedded EPMD: incomplete request from {}", client.getRemoteSocketAddress());
    } catch (ProtocolException e) {
      LOG.info("embedded EPMD: bad request from {}: {}", client.getRemoteSocketAddress(),
          e.getMessage());
    } catch (IOException e) {
      if (!closed) {
        LOG.debug("embedded EPMD: connection from {} failed", client.getRemoteSocketAddress(), e);
      }
    } finally {
      closeQuietly(client);
      clients.remove(client);
    }
  }

  /** Registers a node and holds its registration until its connection closes. */
  private void register(Socket client, NodeEntry entry, OutputStream out) throws IOException {
    boolean extended = entry.highestVersion() >= 6;
    if (!isLocal(client.getInetAddress())) {
      LOG.info("embedded EPMD: refusing to register {} from non-local address {}", entry.name(),
          client.getInetAddress());
      out.write(EpmdProtocol.alive2Response(extended, 1, 0));
      return;
    }
    int n = nextCreation();
    // Old (version 5) nodes have 2-bit creations, 1 to 3.
    int creation = extended ? n : (n % 3) + 1;
    Registered reg = new Registered(entry, client, creation);
    if (nodes.putIfAbsent(entry.name(), reg) != null) {
      LOG.info("embedded EPMD: name {} is already registered", entry.name());
      out.write(EpmdProtocol.alive2Response(extended, 1, 0));
      return;
    }
    try {
      out.write(EpmdProtocol.alive2Response(extended, 0, creation));
      LOG.debug("embedded EPMD: registered {} at port {}", entry.name(), entry.port());
      client.setSoTimeout(0);
      InputStream in = client.getInputStream();
      byte[] sink = new byte[64];
      while (in.read(sink) >= 0) {
        // A registered node sends nothing more; its connection closing is what unregisters it.
      }
    } catch (SocketException e) {
      // Reset by the node, or closed by close(): unregistered either way.
    } finally {
      nodes.remove(entry.name(), reg);
      LOG.debug("embedded EPMD: unregistered {}", entry.name());
    }
  }

  private int nextCreation() {
    // 0 to 3 are the creations of old (version 5) nodes; skip them when the counter wraps.
    int n = creations.getAndIncrement() & 0x7FFFFFFF;
    return n < 4 ? n + 4 : n;
  }

  private byte[] dump() {
    List<String> lines = new ArrayList<>();
    for (Registered r : nodes.values()) {
      lines.add("active name     <" + r.entry().name() + "> at port " + r.entry().port()
          + ", fd = 0\n");
    }
    byte[] text = String.join("", lines).getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[4 + text.length];
    int p = port();
    out[0] = (byte) (p >>> 24);
    out[1] = (byte) (p >>> 16);
    out[2] = (byte) (p >>> 8);
    out[3] = (byte) p;
    System.arraycopy(text, 0, out, 4, text.length);
    return out;
  }

  private static boolean isLocal(InetAddress address) {
    if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
      return true;
    }
    try {
      return NetworkInterface.getByInetAddress(address) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // Nothing more to release.
    }
  }
}
