package dev.bridgekit.dist.internal; // not exported

import dev.bridgekit.dist.internal.EpmdProtocol.NodeEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Talks to an EPMD (the real daemon or an {@link EpmdServer}): registers a node, asks for the
 * port of another, lists the registered names. Each call opens its own connection; a registration
 * keeps its connection open for as long as the node stays registered, since EPMD forgets a node
 * when that connection closes.
 */
public final class EpmdClient {
  private EpmdClient() {}

  /** Answers from EPMD are small; anything bigger than this is not EPMD talking. */
  private static final int MAX_RESPONSE = 1 << 20;

  /**
   * Holds a node's registration: closing it (or losing its connection) unregisters the node.
   *
   * @param creation the creation EPMD gave the node (32 bits with ALIVE2_X_RESP, else 16)
   */
  public record Registration(Socket socket, int creation) implements AutoCloseable {
    /**
     * Blocks until EPMD closes the registration's connection (it died, or was stopped) or the
     * registration is closed here.
     */
    public void awaitLoss() {
      try {
        socket.setSoTimeout(0);
        InputStream in = socket.getInputStream();
        byte[] sink = new byte[64];
        while (in.read(sink) >= 0) {
          // EPMD sends nothing more after the response; discard whatever comes.
        }
      } catch (IOException e) {
        // Closed: the registration is gone either way.
      }
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // Closing is all that unregisters; there is nothing more to do.
      }
    }
  }

  /**
   * Registers {@code entry} with the EPMD at {@code epmd}.
   *
   * @throws java.net.ConnectException if no EPMD listens there
   * @throws EpmdException if EPMD refuses the name (already registered) or answers nonsense
   * @throws IOException on other network errors or after {@code timeout}
   */
  public static Registration register(InetSocketAddress epmd, NodeEntry entry, Duration timeout)
      throws IOException {
    Socket socket = open(epmd, timeout);
    try {
      socket.getOutputStream().write(EpmdProtocol.alive2Request(entry));
      InputStream in = socket.getInputStream();
      int tag = readByte(in);
      int result = readByte(in);
      int creation;
      if (tag == EpmdProtocol.ALIVE2_X_RESP) {
        creation = (readByte(in) << 24) | (readByte(in) << 16) | (readByte(in) << 8)
            | readByte(in);
      } else if (tag == EpmdProtocol.ALIVE2_RESP) {
        creation = (readByte(in) << 8) | readByte(in);
      } else {
        throw new EpmdException("EPMD at " + epmd + " answered ALIVE2_REQ with tag " + tag);
      }
      if (result != 0) {
        throw new EpmdException("EPMD at " + epmd + " refused to register " + entry.name()
            + " (result " + result + "): the name is probably in use");
      }
      return new Registration(socket, creation);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Asks the EPMD at {@code epmd} where node {@code name} (the part before {@code @}) listens.
   *
   * @return its entry, or empty when no node of that name is registered
   * @throws java.net.ConnectException if no EPMD listens there
   * @throws IOException on other network errors, a malformed answer, or after {@code timeout}
   */
  public static Optional<NodeEntry> lookup(InetSocketAddress epmd, String name, Duration timeout)
      throws IOException {
    byte[] response = exchange(epmd, EpmdProtocol.portPlease2Request(name), timeout);
    try {
      return Optional.ofNullable(
          EpmdProtocol.parsePort2Response(new ByteReader(response, "PORT2_RESP")));
    } catch (ProtocolException e) {
      throw new EpmdException("EPMD at " + epmd + " sent a malformed PORT2_RESP", e);
    }
  }

  /**
   * Lists the nodes registered with the EPMD at {@code epmd}, as {@code net_adm:names/1} does.
   *
   * @return names (before {@code @}) to ports, in EPMD's order
   */
  public static Map<String, Integer> names(InetSocketAddress epmd, Duration timeout)
      throws IOException {
    byte[] response = exchange(epmd, EpmdProtocol.namesRequest(), timeout);
    try {
      return EpmdProtocol.parseNamesResponse(new ByteReader(response, "NAMES_RESP"));
    } catch (ProtocolException e) {
      throw new EpmdException("EPMD at " + epmd + " sent a malformed NAMES_RESP", e);
    }
  }

  /** Returns true if something accepts connections at {@code epmd}. */
  public static boolean isListening(InetSocketAddress epmd, Duration timeout) {
    try {
      open(epmd, timeout).close();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Sends {@code request} and reads the response up to the end of the stream. */
  private static byte[] exchange(InetSocketAddress epmd, byte[] request, Duration timeout)
      throws IOException {
    try (Socket socket = open(epmd, timeout)) {
      socket.getOutputStream().write(request);
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        if (out.size() > MAX_RESPONSE) {
          throw new EpmdException("EPMD at " + epmd + " sent more than " + MAX_RESPONSE
              + " bytes");
        }
      }
      return out.toByteArray();
    }
  }

  private static Socket open(InetSocketAddress epmd, Duration timeout) throws IOException {
    Socket socket = new Socket();
    try {
      int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      socket.connect(epmd, ms);
      socket.setSoTimeout(ms);
      socket.setTcpNoDelay(true);
      return socket;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private static int readByte(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EpmdException("EPMD closed the connection in the middle of a response");
    }
    return b;
  }
}
