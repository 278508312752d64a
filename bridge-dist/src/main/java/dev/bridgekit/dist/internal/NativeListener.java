package dev.bridgekit.dist.internal; // not exported

import static dev.bridgekit.dist.internal.NativeSockets.AF_INET;
import static dev.bridgekit.dist.internal.NativeSockets.AF_INET6;
import static dev.bridgekit.dist.internal.NativeSockets.EAFNOSUPPORT;
import static dev.bridgekit.dist.internal.NativeSockets.EAGAIN;
import static dev.bridgekit.dist.internal.NativeSockets.ECONNABORTED;
import static dev.bridgekit.dist.internal.NativeSockets.EINTR;
import static dev.bridgekit.dist.internal.NativeSockets.POLLIN;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CarrierListener} on a Linux TCP socket of its own, through {@link NativeSockets},
 * whose connections are {@link NativeCarrier}s.
 *
 * <p>The socket is non-blocking: {@link #accept} waits in poll(2) (a virtual thread polls and
 * sleeps instead, which costs up to a thousand wake-ups a second while idle: accept on a
 * platform thread). {@link #close} shuts the socket down (see {@link NativeSockets.SharedFd}):
 * on Linux, shutdown of a listening socket stops it listening and wakes whoever polls it, whose
 * accept4 then fails (EINVAL) and who throws "Socket closed". The fd itself is closed once no
 * accept is under way.
 */
final class NativeListener implements CarrierListener {
  private static final Logger LOG = LoggerFactory.getLogger(NativeListener.class);
  /** The backlog when asked for none, as {@link java.net.ServerSocket}'s. */
  private static final int DEFAULT_BACKLOG = 50;

  private final NativeSockets.SharedFd socket;
  private final NativeSockets.Side accepting;
  private final int family;
  private final int port;

  private NativeListener(NativeSockets.SharedFd socket, Arena arena, int family, int port) {
    this.socket = socket;
    this.accepting = new NativeSockets.Side(socket, arena);
    this.family = family;
    this.port = port;
  }

  /**
   * Listens on {@code port} (0: any free one) of {@code address}, or of every address when it is
   * null: then on a dual-stack IPv6 socket ("::" with IPV6_V6ONLY off, as for an explicit "::"),
   * which takes IPv4 connections too, or, where the system has no IPv6 sockets, on 0.0.0.0.
   * SO_REUSEADDR is on, so that a port whose connections linger in TIME_WAIT can be listened on
   * again.
   *
   * @param backlog how many connections may wait to be accepted (below 1: 50)
   * @throws java.net.BindException if the port is taken
   * @throws UnsupportedOperationException unless {@link NativeSockets#available}
   */
  static NativeListener listen(InetAddress address, int port, int backlog) throws IOException {
    NativeCarrier.requireAvailable();
    int family;
    int fd;
    if (address != null) {
      family = NativeSockets.family(address);
      fd = NativeSockets.open(family);
    } else {
      family = AF_INET6;
      fd = NativeSockets.tryOpen(AF_INET6);
      if (fd == -EAFNOSUPPORT) {
        family = AF_INET;
        fd = NativeSockets.open(AF_INET);
      } else if (fd < 0) {
        throw NativeSockets.error("socket", -fd);
      }
      // The wildcard address of the family: "::" or 0.0.0.0.
      address = InetAddress.getByAddress(new byte[family == AF_INET6 ? 16 : 4]);
    }
    Arena arena = Arena.ofAuto();
    NativeSockets.SharedFd socket = new NativeSockets.SharedFd(fd, arena);
    try {
      if (family == AF_INET6 && address.isAnyLocalAddress()) {
        NativeSockets.setOption(fd, NativeSockets.IPPROTO_IPV6, NativeSockets.IPV6_V6ONLY, 0,
            "IPV6_V6ONLY");
      }
      NativeSockets.setOption(fd, NativeSockets.SOL_SOCKET, NativeSockets.SO_REUSEADDR, 1,
          "SO_REUSEADDR");
      NativeSockets.bind(fd, family, new InetSocketAddress(address, port));
      NativeSockets.listen(fd, backlog < 1 ? DEFAULT_BACKLOG : backlog);
      int bound = NativeSockets.localAddress(fd).getPort();
      return new NativeListener(socket, arena, family, bound);
    } catch (IOException | RuntimeException | Error e) {
      socket.close();
      throw e;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>A connection that the peer aborted before it was accepted, or that cannot be set up, is
   * skipped.
   *
   * @throws SocketException "Socket closed" once the listener is closed
   */
  @Override
  public Carrier accept() throws IOException {
    socket.acquire();
    try {
      for (;;) {
        int fd = accepting.accept();
        if (fd >= 0) {
          try {
            return NativeCarrier.accepted(fd, family);
          } catch (IOException e) {
            // The peer reset it already, say: not the listener's failure.
            LOG.debug("dropped a connection just accepted: {}", e.getMessage());
            continue;
          }
        }
        if (socket.isClosed()) {
          throw new SocketException("Socket closed");
        }
        if (fd == -EAGAIN) {
          accepting.await(POLLIN, 0, 0);
        } else if (fd != -EINTR && fd != -ECONNABORTED) {
          throw NativeSockets.error("accept4", -fd);
        }
      }
    } finally {
      socket.release();
    }
  }

  @Override
  public int localPort() {
    return port;
  }

  @Override
  public void close() {
    socket.close();
  }

  @Override
  public String toString() {
    return "NativeListener[fd " + socket.fd + ", port " + port
        + (socket.isClosed() ? ", closed]" : "]");
  }
}
