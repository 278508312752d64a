package dev.bridgekit.dist.internal; // not exported

import static dev.bridgekit.dist.internal.NativeSockets.EAGAIN;
import static dev.bridgekit.dist.internal.NativeSockets.EINPROGRESS;
import static dev.bridgekit.dist.internal.NativeSockets.EINTR;
import static dev.bridgekit.dist.internal.NativeSockets.POLLIN;
import static dev.bridgekit.dist.internal.NativeSockets.POLLOUT;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Carrier} on a Linux TCP socket of its own, through {@link NativeSockets}: reads and
 * writes move bytes straight between the kernel and the caller's array, where {@link
 * java.net.Socket} copies them through a temporary direct buffer each time.
 *
 * <p>The socket is non-blocking; a thread that must wait polls (a virtual thread without
 * blocking, see {@link NativeSockets.Side}). Each side, reading and writing, has its errno
 * capture and pollfd allocated once, so a read or a write allocates no native memory; it is for
 * at most one reading and one writing thread at a time, as {@link Carrier} says.
 *
 * <p>{@link #close} shuts the socket down, which wakes a read or write waiting in poll: the read
 * then sees the end of the stream, the write a {@link SocketException}; later ones do the same
 * at once. The fd is closed once no call is under way (see {@link NativeSockets.SharedFd}).
 */
final class NativeCarrier implements Carrier {
  /**
   * The most one recv or send moves. A critical call holds off safepoints (and so every GC)
   * while it runs; a megabyte is copied in well under a millisecond, and bigger calls would
   * save next to nothing.
   */
  private static final int MAX_CALL = 1 << 20;

  private final NativeSockets.SharedFd socket;
  private final int family;
  private final NativeSockets.Side reading;
  private final NativeSockets.Side writing;
  private final InputStream in = new In();
  private final OutputStream out = new Out();
  private volatile int readTimeoutMillis;
  /** The peer's "address:port", null until connected. */
  private volatile String peer;

  private NativeCarrier(int fd, int family) {
    // An automatic arena: the segments go when the carrier does, long after the fd.
    Arena arena = Arena.ofAuto();
    this.socket = new NativeSockets.SharedFd(fd, arena);
    this.family = family;
    this.reading = new NativeSockets.Side(socket, arena);
    this.writing = new NativeSockets.Side(socket, arena);
  }

  /**
   * Makes a carrier to connect to an address of the same family as {@code family} (an IPv6
   * socket reaches IPv4 addresses too, mapped). The socket exists from now on, so that {@link
   * #close} can abort a connect under way.
   *
   * @throws UnsupportedOperationException unless {@link NativeSockets#available}
   */
  static NativeCarrier unconnected(InetAddress family) throws IOException {
    requireAvailable();
    int af = NativeSockets.family(family);
    return wrap(NativeSockets.open(af), af);
  }

  /** Takes over a socket just accepted from a listener of {@code family}: sets TCP_NODELAY. */
  static NativeCarrier accepted(int fd, int family) throws IOException {
    NativeCarrier c = wrap(fd, family);
    try {
      c.established();
      return c;
    } catch (IOException | RuntimeException | Error e) {
      c.close();
      throw e;
    }
  }

  static void requireAvailable() {
    if (!NativeSockets.available()) {
      throw new UnsupportedOperationException(
          "native sockets unavailable: " + NativeSockets.unavailableReason());
    }
  }

  private static NativeCarrier wrap(int fd, int family) {
    try {
      return new NativeCarrier(fd, family);
    } catch (RuntimeException | Error e) {
      // Out of native memory, say: the fd is ours to close still.
      new NativeSockets.SharedFd(fd, Arena.ofAuto()).close();
      throw e;
    }
  }

  private void established() throws IOException {
    NativeSockets.setOption(socket.fd, NativeSockets.IPPROTO_TCP, NativeSockets.TCP_NODELAY, 1,
        "TCP_NODELAY");
    peer = NativeSockets.describe(NativeSockets.peerAddress(socket.fd));
  }

  /**
   * {@inheritDoc}
   *
   * <p>A connect that fails closes the carrier, as {@link java.net.Socket#connect} does.
   */
  @Override
  public void connect(InetSocketAddress to, int timeoutMillis) throws IOException {
    if (to.isUnresolved()) {
      throw new UnknownHostException(to.getHostString());
    }
    if (timeoutMillis < 0) {
      throw new IllegalArgumentException("negative timeout " + timeoutMillis);
    }
    socket.acquire();
    boolean connected = false;
    try {
      if (peer != null) {
        throw new SocketException("Already connected");
      }
      long start = System.nanoTime();
      int rc = NativeSockets.startConnect(socket.fd, family, to);
      // EINTR: the connection is still being made, asynchronously, as for EINPROGRESS.
      if (rc == -EINPROGRESS || rc == -EINTR) {
        if (!writing.await(POLLOUT, start, TimeUnit.MILLISECONDS.toNanos(timeoutMillis))) {
          throw new SocketTimeoutException("Connect timed out");
        }
        rc = socket.isClosed() ? 0 : -NativeSockets.pendingError(socket.fd);
      }
      if (socket.isClosed()) {
        throw new SocketException("Socket closed");
      }
      if (rc != 0) {
        throw NativeSockets.connectError(to, -rc);
      }
      established();
      connected = true;
    } finally {
      socket.release();
      if (!connected) {
        close();
      }
    }
  }

  @Override
  public InputStream input() {
    return in;
  }

  @Override
  public OutputStream output() {
    return out;
  }

  @Override
  public void readTimeout(int millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("negative timeout " + millis);
    }
    readTimeoutMillis = millis;
  }

  @Override
  public String peer() {
    String p = peer;
    return p == null ? "unconnected" : p;
  }

  @Override
  public void close() {
    socket.close();
  }

  @Override
  public String toString() {
    return "NativeCarrier[fd " + socket.fd + ", " + peer()
        + (socket.isClosed() ? ", closed]" : "]");
  }

  /**
   * Reads at most {@code len} (> 0) bytes straight into {@code b}; returns how many, or -1 at
   * the end of the stream or once closed.
   */
  private int read(byte[] b, int off, int len) throws IOException {
    if (!socket.tryAcquire()) {
      return -1;
    }
    try {
      long start = System.nanoTime();
      long timeout = TimeUnit.MILLISECONDS.toNanos(readTimeoutMillis);
      MemorySegment into = MemorySegment.ofArray(b).asSlice(off, Math.min(len, MAX_CALL));
      for (;;) {
        long n = reading.recv(into);
        if (n >= 0) {
          return n == 0 ? -1 : (int) n;
        }
        if (socket.isClosed()) {
          return -1;
        }
        if (n == -EAGAIN) {
          if (!reading.await(POLLIN, start, timeout)) {
            throw new SocketTimeoutException("Read timed out");
          }
        } else if (n != -EINTR) {
          throw NativeSockets.error("recv", (int) -n);
        }
      }
    } finally {
      socket.release();
    }
  }

  /**
   * Writes all of {@code b[off, off + len)}, straight from the array; with {@code more}, tells TCP
   * that more follows at once (MSG_MORE), so that a short run goes out in one segment with it.
   */
  private void write(byte[] b, int off, int len, boolean more) throws IOException {
    write(b, off, len, more, true);
  }

  /**
   * Writes {@code b[off, off + len)} as {@link #write(byte[], int, int, boolean)} does, or, unless
   * {@code wait}, as much of it as the socket takes before it is full; returns how many bytes.
   */
  private int write(byte[] b, int off, int len, boolean more, boolean wait) throws IOException {
    socket.acquire();
    try {
      MemorySegment from = MemorySegment.ofArray(b);
      int start = off;
      int end = off + len;
      while (off < end) {
        long n = writing.send(from.asSlice(off, Math.min(end - off, MAX_CALL)), more);
        if (n >= 0) {
          off += (int) n;
          continue;
        }
        if (socket.isClosed()) {
          throw new SocketException("Socket closed");
        }
        if (n == -EAGAIN) {
          if (!wait) {
            break;
          }
          writing.await(POLLOUT, 0, 0);
        } else if (n != -EINTR) {
          throw NativeSockets.error("send", (int) -n);
        }
      }
      return off - start;
    } finally {
      socket.release();
    }
  }

  /** The carrier's input: unbuffered; closing it closes the carrier, as a Socket's does. */
  private final class In extends InputStream {
    private final byte[] one = new byte[1];

    @Override
    public int read() throws IOException {
      return NativeCarrier.this.read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      return len == 0 ? 0 : NativeCarrier.this.read(b, off, len);
    }

    @Override
    public void close() {
      NativeCarrier.this.close();
    }
  }

  /** The carrier's output: unbuffered; closing it closes the carrier, as a Socket's does. */
  private final class Out extends OutputStream implements SocketOutput {
    private final byte[] one = new byte[1];

    @Override
    public void write(int b) throws IOException {
      one[0] = (byte) b;
      NativeCarrier.this.write(one, 0, 1, false);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len > 0) {
        NativeCarrier.this.write(b, off, len, false);
      }
    }

    @Override
    public void writeMore(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len > 0) {
        NativeCarrier.this.write(b, off, len, true);
      }
    }

    @Override
    public int writeNow(byte[] b, int off, int len, boolean more) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      return len == 0 ? 0 : NativeCarrier.this.write(b, off, len, more, false);
    }

    @Override
    public void close() {
      NativeCarrier.this.close();
    }
  }
}
