package dev.bridgekit.dist.internal; // not exported

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.BindException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linux's TCP socket calls, made on libc through the FFM {@link Linker}, for {@link NativeCarrier}
 * and {@link NativeListener}. Sockets are non-blocking; a thread that must wait polls. {@code
 * recv} and {@code send} are critical downcalls with heap access, so that they move bytes
 * straight between the kernel and a Java array, with no native buffer to copy through; being
 * critical they must never block, hence the non-blocking sockets.
 *
 * <p>Calls that can fail capture errno; a failure becomes an {@link IOException} that names the
 * call and gives {@code strerror}'s text. The hot calls return {@code -errno} instead of
 * throwing, and take the errno capture from the caller ({@link Side}), so that they allocate no
 * native memory; the setup calls (socket, bind, connect, options, addresses) use a confined
 * arena of their own.
 *
 * <p>Only for Linux on x86_64 and aarch64, whose constants are below: check {@link #available}
 * first. The JVM warns about native access unless started with {@code
 * --enable-native-access=dev.bridgekit.dist} (or {@code ALL-UNNAMED} on the class path); where
 * native access is denied, {@link #available} is false.
 */
@SuppressWarnings("restricted") // downcallHandle and reinterpret: available() covers the risk
final class NativeSockets {
  private static final Logger LOG = LoggerFactory.getLogger(NativeSockets.class);

  static final int AF_INET = 2;
  static final int AF_INET6 = 10;
  static final int SOCK_STREAM = 1;
  static final int SOCK_NONBLOCK = 04000;
  static final int SOCK_CLOEXEC = 02000000;
  static final int SOL_SOCKET = 1;
  static final int SO_REUSEADDR = 2;
  static final int SO_ERROR = 4;
  static final int IPPROTO_TCP = 6;
  static final int TCP_NODELAY = 1;
  static final int IPPROTO_IPV6 = 41;
  static final int IPV6_V6ONLY = 26;
  static final int MSG_NOSIGNAL = 0x4000;
  static final int MSG_MORE = 0x8000;
  static final int SHUT_RDWR = 2;

  static final int POLLIN = 1;
  static final int POLLOUT = 4;

  static final int EBADF = 9;
  static final int EINTR = 4;
  static final int EAGAIN = 11;
  static final int EAFNOSUPPORT = 97;
  static final int ENETUNREACH = 101;
  static final int ECONNABORTED = 103;
  static final int ENOTCONN = 107;
  static final int EHOSTUNREACH = 113;
  static final int EINPROGRESS = 115;

  private static final int SOCKADDR_IN = 16;
  private static final int SOCKADDR_IN6 = 28;
  /** sizeof(struct sockaddr_storage): room for any address getsockname may return. */
  private static final int SOCKADDR_STORAGE = 128;
  private static final ValueLayout.OfShort PORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);

  /** Why the calls cannot be made here, or null when they can. */
  private static final String UNAVAILABLE = probe();

  private NativeSockets() {}

  /** Whether this JVM can make these calls: Linux, a known architecture, native access. */
  static boolean available() {
    return UNAVAILABLE == null;
  }

  /** Why {@link #available} is false ("available" when it is not). */
  static String unavailableReason() {
    return UNAVAILABLE == null ? "available" : UNAVAILABLE;
  }

  private static String probe() {
    String os = System.getProperty("os.name", "");
    String arch = System.getProperty("os.arch", "");
    if (!os.equals("Linux")) {
      return "not Linux but " + os;
    }
    if (!Set.of("amd64", "x86_64", "aarch64").contains(arch)) {
      return "no Linux constants known for " + arch;
    }
    try {
      Libc.STRERROR.type(); // initializes Libc, which makes every handle
      return null;
    } catch (Throwable t) {
      // IllegalCallerException where native access is denied, an ExceptionInInitializerError
      // around it or around a missing symbol: whatever it is, the JDK's sockets do instead.
      Throwable cause = t instanceof ExceptionInInitializerError && t.getCause() != null
          ? t.getCause() : t;
      return "the downcall handles could not be made: " + cause;
    }
  }

  /**
   * The downcall handles, in a class of their own so that {@link #probe} catches whatever making
   * them throws. All sizes are LP64's: size_t and ssize_t are longs, socklen_t an int.
   */
  private static final class Libc {
    static final Linker LINKER = Linker.nativeLinker();
    static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    static final long ERRNO = CALL_STATE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    /** Critical: no thread-state transition, and heap segments may be passed. */
    private static final Linker.Option CRITICAL = Linker.Option.critical(true);

    // int socket(int domain, int type, int protocol)
    static final MethodHandle SOCKET = downcall("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    // int setsockopt(int fd, int level, int name, const void *value, socklen_t length)
    static final MethodHandle SETSOCKOPT =
        downcall("setsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    // int getsockopt(int fd, int level, int name, void *value, socklen_t *length)
    static final MethodHandle GETSOCKOPT =
        downcall("getsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    // int bind(int fd, const struct sockaddr *address, socklen_t length), connect likewise
    static final MethodHandle BIND = downcall("bind", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    static final MethodHandle CONNECT = downcall("connect", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    // int listen(int fd, int backlog)
    static final MethodHandle LISTEN = downcall("listen", JAVA_INT, JAVA_INT, JAVA_INT);
    // int accept4(int fd, struct sockaddr *address, socklen_t *length, int flags)
    static final MethodHandle ACCEPT4 =
        downcall("accept4", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    // int getsockname(int fd, struct sockaddr *address, socklen_t *length), getpeername likewise
    static final MethodHandle GETSOCKNAME =
        downcall("getsockname", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    static final MethodHandle GETPEERNAME =
        downcall("getpeername", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    // int poll(struct pollfd *fds, nfds_t count, int timeoutMillis)
    static final MethodHandle POLL = downcall("poll", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    // ssize_t recv(int fd, void *buffer, size_t length, int flags), send likewise
    static final MethodHandle RECV = LINKER.downcallHandle(symbol("recv"),
        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT),
        CRITICAL, CAPTURE);
    static final MethodHandle SEND = LINKER.downcallHandle(symbol("send"),
        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT),
        CRITICAL, CAPTURE);
    // int shutdown(int fd, int how); int close(int fd)
    static final MethodHandle SHUTDOWN = downcall("shutdown", JAVA_INT, JAVA_INT, JAVA_INT);
    static final MethodHandle CLOSE = downcall("close", JAVA_INT, JAVA_INT);
    // char *strerror(int errno): cannot fail, so captures nothing
    static final MethodHandle STRERROR = LINKER.downcallHandle(symbol("strerror"),
        FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private static MemorySegment symbol(String name) {
      return LINKER.defaultLookup().find(name)
          .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
    }

    /** A handle that captures errno, for a call returning {@code result}. */
    private static MethodHandle downcall(String name, MemoryLayout result, MemoryLayout... args) {
      return LINKER.downcallHandle(symbol(name), FunctionDescriptor.of(result, args), CAPTURE);
    }
  }

  /** invokeExact declares Throwable; a downcall throws only unchecked ones. */
  private static RuntimeException threw(String call, Throwable t) {
    if (t instanceof RuntimeException e) {
      return e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new AssertionError(call + "'s downcall threw", t);
  }

  private static int errno(MemorySegment state) {
    return state.get(JAVA_INT, Libc.ERRNO);
  }

  /** Allocates an errno capture for the calls here. */
  static MemorySegment callState(Arena arena) {
    return arena.allocate(Libc.CALL_STATE);
  }

  /** The error's text, as strerror gives it ("Connection refused"). */
  static String strerror(int errno) {
    try {
      MemorySegment text = (MemorySegment) Libc.STRERROR.invokeExact(errno);
      return text.equals(MemorySegment.NULL)
          ? "errno " + errno : text.reinterpret(Long.MAX_VALUE).getString(0);
    } catch (Throwable t) {
      throw threw("strerror", t);
    }
  }

  /** The exception for {@code call} failing with {@code errno}. */
  static SocketException error(String call, int errno) {
    return new SocketException(call + ": " + strerror(errno));
  }

  /** Describes an address for messages and logs: "127.0.0.1:4369", "[::1]:4369". */
  static String describe(InetSocketAddress a) {
    String host = a.isUnresolved() ? a.getHostString() : a.getAddress().getHostAddress();
    return (a.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  /** The address family for sockets reaching (or bound to) {@code address}. */
  static int family(InetAddress address) {
    return address instanceof Inet6Address ? AF_INET6 : AF_INET;
  }

  /**
   * Opens a non-blocking, close-on-exec TCP socket of {@code family}; returns its fd, or
   * -errno.
   */
  static int tryOpen(int family) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = callState(arena);
      int fd = (int) Libc.SOCKET.invokeExact(state, family,
          SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      return fd >= 0 ? fd : -errno(state);
    } catch (Throwable t) {
      throw threw("socket", t);
    }
  }

  /** Opens a socket as {@link #tryOpen} does; returns its fd. */
  static int open(int family) throws IOException {
    int fd = tryOpen(family);
    if (fd < 0) {
      throw error("socket", -fd);
    }
    return fd;
  }

  /** Sets an int socket option ({@code name} is for the message should it fail). */
  static void setOption(int fd, int level, int option, int value, String name)
      throws IOException {
    int errno;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = callState(arena);
      int rc = (int) Libc.SETSOCKOPT.invokeExact(state, fd, level, option,
          arena.allocateFrom(JAVA_INT, value), (int) JAVA_INT.byteSize());
      errno = rc == 0 ? 0 : errno(state);
    } catch (Throwable t) {
      throw threw("setsockopt", t);
    }
    if (errno != 0) {
      throw error("setsockopt " + name, errno);
    }
  }

  /** Returns and clears the socket's pending error (SO_ERROR): how a connect ended. */
  static int pendingError(int fd) throws IOException {
    int errno;
    int value;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = callState(arena);
      MemorySegment out = arena.allocate(JAVA_INT);
      MemorySegment length = arena.allocateFrom(JAVA_INT, (int) JAVA_INT.byteSize());
      int rc = (int) Libc.GETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, SO_ERROR, out, length);
      errno = rc == 0 ? 0 : errno(state);
      value = out.get(JAVA_INT, 0);
    } catch (Throwable t) {
      throw threw("getsockopt", t);
    }
    if (errno != 0) {
      throw error("getsockopt SO_ERROR", errno);
    }
    return value;
  }

  /** Binds the socket to {@code at}; a failure is a {@link BindException}. */
  static void bind(int fd, int family, InetSocketAddress at) throws IOException {
    int errno;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = callState(arena);
      MemorySegment address = arena.allocate(SOCKADDR_STORAGE, 8);
      int rc = (int) Libc.BIND.invokeExact(state, fd, address, encode(at, family, address));
      errno = rc == 0 ? 0 : errno(state);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw threw("bind", t);
    }
    if (errno != 0) {
      throw new BindException("bind to " + describe(at) + ": " + strerror(errno));
    }
  }

  /** Makes the socket listen. */
  static void listen(int fd, int backlog) throws IOException {
    int errno;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = callState(arena);
      errno = (int) Libc.LISTEN.invokeExact(state, fd, backlog) == 0 ? 0 : errno(state);
    } catch (Throwable t) {
      throw threw("listen", t);
    }
    if (errno != 0) {
      throw error("listen", errno);
    }
  }

  /**
   * Starts connecting the (non-blocking) socket to {@code to}; returns 0 when connected at
   * once, else -errno: -EINPROGRESS while the connection is being made.
   */
  static int startConnect(int fd, int family, InetSocketAddress to) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = callState(arena);
      MemorySegment address = arena.allocate(SOCKADDR_STORAGE, 8);
      int rc = (int) Libc.CONNECT.invokeExact(state, fd, address, encode(to, family, address));
      return rc == 0 ? 0 : -errno(state);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw threw("connect", t);
    }
  }

  /** The exception for connecting to {@code to} failing with {@code errno}. */
  static SocketException connectError(InetSocketAddress to, int errno) {
    String message = "connect to " + describe(to) + ": " + strerror(errno);
    return errno == ENETUNREACH || errno == EHOSTUNREACH
        ? new NoRouteToHostException(message) : new ConnectException(message);
  }

  /** The address the socket is bound to. */
  static InetSocketAddress localAddress(int fd) throws IOException {
    return address(fd, false);
  }

  /** The address of the socket's peer; fails unless connected. */
  static InetSocketAddress peerAddress(int fd) throws IOException {
    return address(fd, true);
  }

  private static InetSocketAddress address(int fd, boolean peer) throws IOException {
    String call = peer ? "getpeername" : "getsockname";
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = callState(arena);
      MemorySegment address = arena.allocate(SOCKADDR_STORAGE, 8);
      MemorySegment length = arena.allocateFrom(JAVA_INT, SOCKADDR_STORAGE);
      int rc = peer
          ? (int) Libc.GETPEERNAME.invokeExact(state, fd, address, length)
          : (int) Libc.GETSOCKNAME.invokeExact(state, fd, address, length);
      if (rc != 0) {
        throw error(call, errno(state));
      }
      return decode(address);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw threw(call, t);
    }
  }

  /**
   * Writes {@code a} into {@code into} as a sockaddr of {@code family}: an IPv4 address goes
   * into an AF_INET6 one mapped (::ffff:a.b.c.d). The family is in host order, the port in
   * network order. Returns the sockaddr's length.
   */
  static int encode(InetSocketAddress a, int family, MemorySegment into) throws IOException {
    if (a.isUnresolved()) {
      throw new UnknownHostException(a.getHostString());
    }
    InetAddress address = a.getAddress();
    into.fill((byte) 0);
    into.set(JAVA_SHORT, 0, (short) family);
    into.set(PORT, 2, (short) a.getPort());
    if (family == AF_INET) {
      if (!(address instanceof Inet4Address)) {
        throw new SocketException(describe(a) + " cannot be reached from an IPv4 socket");
      }
      MemorySegment.copy(address.getAddress(), 0, into, JAVA_BYTE, 4, 4);
      return SOCKADDR_IN;
    }
    // sockaddr_in6: family, port, flowinfo (4), address (16) at 8, scope id (4) at 24
    if (address instanceof Inet6Address v6) {
      MemorySegment.copy(v6.getAddress(), 0, into, JAVA_BYTE, 8, 16);
      into.set(JAVA_INT, 24, v6.getScopeId());
    } else {
      into.set(JAVA_SHORT, 18, (short) 0xFFFF);
      MemorySegment.copy(address.getAddress(), 0, into, JAVA_BYTE, 20, 4);
    }
    return SOCKADDR_IN6;
  }

  /**
   * Reads a sockaddr_in or sockaddr_in6. A mapped IPv4 address (a dual-stack socket's IPv4
   * peer) comes back as the IPv4 address it maps.
   */
  static InetSocketAddress decode(MemorySegment from) throws IOException {
    int family = from.get(JAVA_SHORT, 0);
    int port = Short.toUnsignedInt(from.get(PORT, 2));
    if (family == AF_INET) {
      byte[] address = from.asSlice(4, 4).toArray(JAVA_BYTE);
      return new InetSocketAddress(InetAddress.getByAddress(address), port);
    }
    if (family != AF_INET6) {
      throw new SocketException("unexpected address family " + family);
    }
    byte[] address = from.asSlice(8, 16).toArray(JAVA_BYTE);
    int scope = from.get(JAVA_INT, 24);
    // getByAddress turns a mapped address into an Inet4Address; a scoped one keeps its scope.
    InetAddress ip = scope == 0
        ? InetAddress.getByAddress(address) : Inet6Address.getByAddress(null, address, scope);
    return new InetSocketAddress(ip, port);
  }

  /**
   * A socket's fd, shared by the threads that use it and any thread that closes it. A call on
   * the fd is made between {@link #acquire} and {@link #release}. {@link #close} marks it closed
   * (later acquires fail), shuts the socket down, which wakes whoever waits in poll on it, and
   * the fd itself is closed by whoever finishes last: never while a call may still use it, for
   * the fd number, once closed, may be reused by any open in the process, and a late call would
   * then act on that.
   */
  static final class SharedFd {
    private static final int CLOSED = 1;
    /** The state counts the calls under way above its closed bit. */
    private static final int CALL = 2;

    final int fd;
    private final AtomicInteger state = new AtomicInteger();
    /** The errno capture for shutdown and close, each made once, never at the same time. */
    private final MemorySegment closeState;

    SharedFd(int fd, Arena arena) {
      this.fd = fd;
      this.closeState = callState(arena);
    }

    /** Starts a call on the fd. */
    void acquire() throws SocketException {
      if (!tryAcquire()) {
        throw new SocketException("Socket closed");
      }
    }

    /** Starts a call on the fd, unless it is closed; returns whether it did. */
    boolean tryAcquire() {
      for (;;) {
        int s = state.get();
        if ((s & CLOSED) != 0) {
          return false;
        }
        if (state.compareAndSet(s, s + CALL)) {
          return true;
        }
      }
    }

    /** Ends a call; the last one after {@link #close} closes the fd. */
    void release() {
      if (state.addAndGet(-CALL) == CLOSED) {
        closeFd();
      }
    }

    boolean isClosed() {
      return (state.get() & CLOSED) != 0;
    }

    /** Closes the socket once; never throws. */
    void close() {
      int s;
      do {
        s = state.get();
        if ((s & CLOSED) != 0) {
          return;
        }
        // Closing counts as a call until the shutdown is done, so that the fd cannot be closed,
        // and its number reused, while shutdown is still to be made on it.
      } while (!state.compareAndSet(s, (s | CLOSED) + CALL));
      try {
        int rc = (int) Libc.SHUTDOWN.invokeExact(closeState, fd, SHUT_RDWR);
        // ENOTCONN is the answer for a socket never connected (or reset); shut down all the same.
        if (rc != 0 && errno(closeState) != ENOTCONN) {
          LOG.debug("shutdown of fd {}: {}", fd, strerror(errno(closeState)));
        }
      } catch (Throwable t) {
        LOG.warn("shutdown of fd {} failed", fd, t);
      } finally {
        release();
      }
    }

    private void closeFd() {
      try {
        // Not retried on EINTR: Linux has released the fd by then, and it may be reused already.
        if ((int) Libc.CLOSE.invokeExact(closeState, fd) != 0 && errno(closeState) == EBADF) {
          LOG.warn("fd {} was closed already", fd);
        }
      } catch (Throwable t) {
        LOG.warn("close of fd {} failed", fd, t);
      }
    }
  }

  /**
   * One side of a socket's traffic, which one thread at a time uses: the reading side, the
   * writing side, or the accepting one. It holds that side's errno capture and pollfd, allocated
   * once, and knows how to wait for the socket.
   *
   * <p>A platform thread waits in poll(2). A virtual thread must not: blocked in a native call,
   * it would pin the platform thread carrying it, and a few such would stall every virtual
   * thread. It polls without waiting instead, and sleeps between polls, from 20 µs doubling up
   * to 1 ms, which unmounts it.
   */
  static final class Side {
    private static final long MIN_BACKOFF_NANOS = 20_000;
    private static final long MAX_BACKOFF_NANOS = 1_000_000;
    // struct pollfd { int fd; short events; short revents; }
    private static final long EVENTS = 4;
    private static final long REVENTS = 6;

    private final SharedFd socket;
    private final MemorySegment state;
    private final MemorySegment pollfd;

    Side(SharedFd socket, Arena arena) {
      this.socket = socket;
      this.state = callState(arena);
      this.pollfd = arena.allocate(8, 4);
    }

    /** recv(2) into {@code into} (heap or native); returns bytes read, 0 at the end, or -errno. */
    long recv(MemorySegment into) {
      try {
        long n = (long) Libc.RECV.invokeExact(state, socket.fd, into, into.byteSize(), 0);
        return n >= 0 ? n : -errno(state);
      } catch (Throwable t) {
        throw threw("recv", t);
      }
    }

    /** send(2) from {@code from} (heap or native); returns bytes sent or -errno. */
    long send(MemorySegment from, boolean more) {
      try {
        // MSG_NOSIGNAL: a peer gone makes it EPIPE, not SIGPIPE.
        long n = (long) Libc.SEND.invokeExact(state, socket.fd, from, from.byteSize(),
            more ? MSG_NOSIGNAL | MSG_MORE : MSG_NOSIGNAL);
        return n >= 0 ? n : -errno(state);
      } catch (Throwable t) {
        throw threw("send", t);
      }
    }

    /** accept4(2) of a non-blocking, close-on-exec socket; returns its fd or -errno. */
    int accept() {
      try {
        int fd = (int) Libc.ACCEPT4.invokeExact(state, socket.fd, MemorySegment.NULL,
            MemorySegment.NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        return fd >= 0 ? fd : -errno(state);
      } catch (Throwable t) {
        throw threw("accept4", t);
      }
    }

    /**
     * Waits until the socket reports one of {@code events}, an error or a hang-up (a shutdown,
     * which {@link SharedFd#close} makes, is one), or until {@code timeoutNanos} (0: no bound)
     * since {@code start} have passed. Returns false on timeout.
     *
     * @throws SocketException if the thread is virtual and interrupted: as the JDK's sockets do
     *     then, the socket is closed
     */
    boolean await(int events, long start, long timeoutNanos) throws IOException {
      return Thread.currentThread().isVirtual()
          ? spin(events, start, timeoutNanos) : block(events, start, timeoutNanos);
    }

    private boolean block(int events, long start, long timeoutNanos) throws IOException {
      for (;;) {
        int millis = -1;
        if (timeoutNanos > 0) {
          long left = timeoutNanos - (System.nanoTime() - start);
          if (left <= 0) {
            return false;
          }
          millis = (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left + 999_999));
        }
        if (poll(events, millis) > 0) {
          return true;
        }
      }
    }

    private boolean spin(int events, long start, long timeoutNanos) throws IOException {
      long backoff = MIN_BACKOFF_NANOS;
      for (;;) {
        if (poll(events, 0) > 0) {
          return true;
        }
        long pause = backoff;
        if (timeoutNanos > 0) {
          long left = timeoutNanos - (System.nanoTime() - start);
          if (left <= 0) {
            return false;
          }
          pause = Math.min(pause, left);
        }
        try {
          TimeUnit.NANOSECONDS.sleep(pause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          socket.close();
          throw new SocketException("Closed by interrupt");
        }
        backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
      }
    }

    /** One poll(2); returns how many fds are ready (0 or 1), 0 when interrupted by a signal. */
    private int poll(int events, int timeoutMillis) throws IOException {
      pollfd.set(JAVA_INT, 0, socket.fd);
      pollfd.set(JAVA_SHORT, EVENTS, (short) events);
      pollfd.set(JAVA_SHORT, REVENTS, (short) 0);
      int ready;
      try {
        ready = (int) Libc.POLL.invokeExact(state, pollfd, 1L, timeoutMillis);
      } catch (Throwable t) {
        throw threw("poll", t);
      }
      if (ready >= 0) {
        return ready;
      }
      int errno = errno(state);
      if (errno == EINTR) {
        return 0;
      }
      throw error("poll", errno);
    }
  }
}
