package dev.bridgekit.ports;

import dev.bridgekit.runtime.NativeDir;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM's side of {@code bk_shim serve}, the one launcher process that starts and watches every
 * port program of this JVM (the protocol is described in {@code native/src/shim/bk_shim.c}).
 *
 * <p>Started on first use. The JVM listens on a Unix-domain socket in a directory only its user
 * may enter; the launcher proves itself with a token it reads from its stdin, which the JVM keeps
 * open until it dies. Threads: the {@link PortPoller}'s thread accepts connections, reads their
 * hellos and the control frames; callers write control frames themselves, non-blocking (so that
 * a caller's interrupt, which closes any channel it is blocked in, can never close the control
 * connection), and a virtual thread finishes what the socket did not take at once. If the
 * launcher dies, every spawn in flight fails, every port's listener hears of it, and the next
 * open starts a new launcher.
 */
final class Launcher {
  static final int ROLE_CONTROL = 0;
  static final int ROLE_IN = 1;
  static final int ROLE_OUT = 2;
  static final int ROLE_ERR = 3;

  private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);
  private static final int TOKEN_LEN = 16;
  private static final int HELLO_LEN = TOKEN_LEN + 8 + 1;
  static final long START_TIMEOUT_MS = 10_000;
  private static final int MAX_REPLY = 1 << 20;
  private static final Object LOCK = new Object();
  private static Launcher current; // guarded by LOCK

  /** What a port hears about its program from the launcher. Called on the poll thread. */
  interface Listener {
    /**
     * The program exited with {@code status} (the exit code, or 128 + signal); {@code groupGone}:
     * nothing of its process group is left, and the launcher forgot it (no {@link #terminate}
     * needed).
     */
    void exited(int status, boolean groupGone);

    /** The launcher died; no exit status will come. */
    void lost();

    /**
     * The program runs and its streams are connected: called once, before {@link #spawn}
     * returns, on the thread that completed the spawn (the poll thread, nearly always), so that
     * the port can hand its streams to the poller without waking it.
     */
    void started(Spawned spawned);
  }

  private final Path dir;
  private final Path socket;
  private final ServerSocketChannel server;
  private final byte[] token = new byte[TOKEN_LEN];
  private volatile Process process;
  private final PendingSpawn controlWait = new PendingSpawn(0, false, null);
  private volatile SocketChannel control;
  private final ReentrantLock sendLock = new ReentrantLock();
  private final ArrayDeque<ByteBuffer> backlog = new ArrayDeque<>(); // guarded by sendLock
  private final ConcurrentHashMap<Long, PendingSpawn> spawns = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, Listener> listeners = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final SpawnWatchdog watchdog = new SpawnWatchdog(spawns, START_TIMEOUT_MS);
  private volatile boolean lost;
  private final AtomicBoolean losing = new AtomicBoolean();

  /** Returns the running launcher, starting one if there is none (or the last one died). */
  static Launcher get() {
    synchronized (LOCK) {
      // A lost launcher is replaced; its ports have heard of it through their listeners.
      if (current == null || current.lost) {
        try {
          current = new Launcher();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot start the port launcher (bk_shim): " + e.getMessage(), e);
        }
      }
      return current;
    }
  }

  private Launcher() throws IOException {
    Path shim = NativeDir.resolve("bk_shim");
    dir = privateDirectory();
    socket = dir.resolve("s");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    boolean started = false;
    Process p = null;
    try {
      server.bind(UnixDomainSocketAddress.of(socket), 4096);
      server.configureBlocking(false);
      new SecureRandom().nextBytes(token);
      PortPoller poller = PortPoller.get();
      poller.execute(() -> {
        try {
          poller.register(server, SelectionKey.OP_ACCEPT, new Acceptor());
        } catch (ClosedChannelException e) {
          lose("its socket closed before it was watched");
        }
      });
      p = new ProcessBuilder(shim.toString(), "serve", socket.toString())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      // Kept open and never written again: its end of file tells the launcher the JVM is gone.
      OutputStream stdin = p.getOutputStream();
      stdin.write(token);
      stdin.flush();
      process = p;
      Process proc = p;
      p.onExit().thenRun(() -> lose("exited with status " + proc.exitValue()));
      try {
        controlWait.await(START_TIMEOUT_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while the port launcher started", e);
      }
      SocketChannel ch = controlWait.channel(ROLE_IN);
      if (ch == null || lost) {
        throw new IOException("the port launcher did not connect within " + START_TIMEOUT_MS
            + " ms" + (p.isAlive() ? "" : " (it exited with status " + p.exitValue() + ")"));
      }
      control = ch;
      poller.execute(() -> {
        try {
          poller.register(ch, SelectionKey.OP_READ, new ControlReader());
        } catch (ClosedChannelException e) {
          lose("control connection closed");
        }
      });
      started = true;
    } finally {
      if (!started) {
        lose("it did not start");
        if (p != null) {
          p.destroyForcibly();
        }
      }
    }
  }

  /**
   * What a spawn request asks for; see SPAWN in bk_shim.c. A null {@code env} inherits the
   * launcher's environment, which is the JVM's (the JVM's cannot change): most ports change
   * nothing, and sending the whole environment with each spawn is most of a request's size.
   */
  record Request(
      String path, String cwd, List<String> argv, List<String> env,
      boolean nouseStdio, StderrMode stderr, long graceMs) {}

  /** A started program: its pid and the JVM's ends of its streams ({@code err} may be null). */
  record Spawned(long id, long osPid, SocketChannel in, SocketChannel out, SocketChannel err) {}

  /**
   * Starts a program and waits for it to be running (its exec done) with its streams connected.
   *
   * @throws PortOpenException naming the path when the program (or its directory) failed
   * @throws UncheckedIOException when the launcher is gone or does not answer
   * @throws InterruptedException when interrupted; the program, if it starts, is terminated
   */
  Spawned spawn(Request request, Listener listener) throws InterruptedException {
    long id = ids.incrementAndGet();
    boolean wantErr = request.stderr() == StderrMode.LOG || request.stderr() == StderrMode.OWNER;
    PendingSpawn s = new PendingSpawn(id, wantErr, listener);
    spawns.put(id, s);
    listeners.put(id, listener);
    boolean ok = false;
    try {
      if (lost) {
        throw new UncheckedIOException(new IOException("the port launcher is gone"));
      }
      send(LauncherFrames.spawn(id, request));
      watchdog.watch();
      s.await(0); // until the watchdog times it out
      Spawned done = s.result(request);
      ok = true;
      return done;
    } finally {
      spawns.remove(id);
      if (!ok) {
        listeners.remove(id);
        if (s.abandon()) {
          terminate(id); // it started after all: do not leave it behind
        }
      }
    }
  }

  /** Forgets a program whose group the launcher reported gone: nothing left to end. */
  void forget(long id) {
    listeners.remove(id);
  }

  /** Ends a program's process group: SIGTERM now, SIGKILL after its grace. Never blocks. */
  void terminate(long id) {
    listeners.remove(id);
    if (!lost) {
      send(LauncherFrames.terminate(id));
    }
  }

  /** Accepts the launcher's connections on the poll thread and reads their hellos. */
  private final class Acceptor implements Polled {
    @Override
    public void ready(ByteBuffer scratch) {
      try {
        for (SocketChannel ch; (ch = server.accept()) != null; ) {
          greet(ch);
        }
      } catch (IOException e) {
        if (!lost) {
          lose("accept failed: " + e);
        }
      }
    }

    @Override
    public void crashed(RuntimeException e) {
      lose("accepting connections failed: " + e);
    }
  }

  /**
   * Reads a new connection's hello and hands it to the spawn (or control) it is for. The launcher
   * writes the hello right after connecting, so it is almost always there to read at once; if
   * not, a virtual thread waits for the rest.
   */
  private void greet(SocketChannel ch) {
    ByteBuffer hello = ByteBuffer.allocate(HELLO_LEN);
    try {
      ch.configureBlocking(false);
      if (ch.read(hello) < 0) {
        throw new IOException("connection closed before its hello");
      }
    } catch (IOException e) {
      closeQuietly(ch);
      return;
    }
    if (!hello.hasRemaining()) {
      hello(ch, hello);
      return;
    }
    Thread.ofVirtual().name("bk-ports-hello").start(() -> {
      try {
        ch.configureBlocking(true);
        while (hello.hasRemaining()) {
          if (ch.read(hello) < 0) {
            throw new IOException("connection closed before its hello");
          }
        }
        ch.configureBlocking(false);
        hello(ch, hello);
      } catch (IOException e) {
        closeQuietly(ch);
      }
    });
  }

  /** Checks a whole hello and hands the connection to the spawn (or control) it is for. */
  private void hello(SocketChannel ch, ByteBuffer hello) {
    byte[] got = new byte[TOKEN_LEN];
    hello.get(0, got);
    long id = hello.getLong(TOKEN_LEN);
    int role = hello.get(TOKEN_LEN + 8);
    if (!MessageDigest.isEqual(got, token)) {
      LOG.warn("port launcher socket: connection with a wrong token refused");
      closeQuietly(ch);
      return;
    }
    PendingSpawn target = role == ROLE_CONTROL ? controlWait : spawns.get(id);
    int slot = role == ROLE_CONTROL ? ROLE_IN : role;
    if (target == null || !target.attach(slot, ch)) {
      closeQuietly(ch);
    }
  }

  /** Reads the launcher's control frames on the poll thread and acts on each. */
  private final class ControlReader implements Polled {
    private ByteBuffer in = ByteBuffer.allocate(8 << 10); // write mode between reads

    @Override
    public void ready(ByteBuffer scratch) {
      try {
        int n;
        while ((n = control.read(in)) > 0) {
          in.flip();
          while (in.remaining() >= 4) {
            int len = in.getInt(in.position());
            if (len < 1 || len > MAX_REPLY) {
              throw new IOException("bad control frame length " + len);
            }
            if (in.remaining() < 4 + len) {
              break;
            }
            ByteBuffer frame = in.slice(in.position() + 4, len);
            in.position(in.position() + 4 + len);
            dispatch(frame);
          }
          int need = in.remaining() < 4 ? 4 : 4 + in.getInt(in.position());
          if (need > in.capacity()) {
            in = ByteBuffer.allocate(need).put(in);
          } else {
            in.compact();
          }
        }
        if (n < 0) {
          lose("control connection lost: end of stream");
        }
      } catch (IOException e) {
        lose("control connection lost: " + e.getMessage());
      }
    }

    @Override
    public void crashed(RuntimeException e) {
      lose("reading control frames failed: " + e);
    }
  }

  private void dispatch(ByteBuffer f) throws IOException {
    int op = f.get();
    long id = f.getLong();
    switch (op) {
      case LauncherFrames.SPAWNED -> {
        long pid = f.getInt() & 0xFFFF_FFFFL;
        PendingSpawn s = spawns.get(id);
        if (s == null || !s.spawned(pid)) {
          terminate(id); // nobody waits for it any more
        }
      }
      case LauncherFrames.FAILED -> {
        int stage = f.get();
        int errno = f.getInt();
        String name = LauncherFrames.string(f);
        String message = LauncherFrames.string(f);
        PendingSpawn s = spawns.get(id);
        if (s != null) {
          s.failed(stage, errno, name, message);
        }
      }
      case LauncherFrames.EXITED -> {
        int status = f.getInt();
        boolean gone = f.get() != 0;
        Listener l = gone ? listeners.remove(id) : listeners.get(id);
        if (l != null) {
          l.exited(status, gone);
        }
      }
      default -> throw new IOException("unknown control reply " + op);
    }
  }

  /**
   * Writes a control frame on the caller's thread, never blocking: what the socket does not take
   * at once waits in the backlog, in order, for a virtual thread to finish.
   */
  private void send(ByteBuffer frame) {
    sendLock.lock();
    try {
      if (backlog.isEmpty()) {
        while (frame.hasRemaining() && control.write(frame) > 0) {
          // The socket takes what it has room for.
        }
        if (!frame.hasRemaining()) {
          return;
        }
        Thread.ofVirtual().name("bk-ports-control-backlog").start(this::drainBacklog);
      }
      backlog.add(frame);
    } catch (IOException e) {
      lose("control write failed: " + e.getMessage());
    } finally {
      sendLock.unlock();
    }
  }

  /** Writes the backlog as the launcher makes room, then ends. Rare: frames are small. */
  private void drainBacklog() {
    try {
      while (!lost) {
        sendLock.lock();
        try {
          ByteBuffer frame = backlog.peek();
          if (frame == null) {
            return;
          }
          control.write(frame);
          if (!frame.hasRemaining()) {
            backlog.poll();
            continue;
          }
        } finally {
          sendLock.unlock();
        }
        Thread.sleep(1); // the control socket is full: the launcher reads it soon
      }
    } catch (IOException e) {
      lose("control write failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // nobody interrupts this thread; end if someone does
    }
  }

  private void lose(String why) {
    if (!losing.compareAndSet(false, true)) {
      return;
    }
    // Not under LOCK: get() holds it while a new launcher starts, and a launcher that dies while
    // starting must wake its own constructor through controlWait.
    lost = true;
    controlWait.lose(why);
    spawns.values().forEach(s -> s.lose(why));
    if (control != null) {
      LOG.warn("port launcher (bk_shim) lost: {}; its ports close", why);
    }
    closeQuietly(server);
    closeQuietly(control);
    listeners.values().forEach(Listener::lost);
    listeners.clear();
    Process p = process;
    if (p != null) {
      p.destroy();
    }
    deleteDirectory();
  }

  private static Path privateDirectory() throws IOException {
    var perms = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    Path base = Path.of(System.getProperty("java.io.tmpdir"));
    // A socket path must fit sun_path (108 bytes); a long java.io.tmpdir falls back to /tmp.
    if (base.toAbsolutePath().toString().length() > 80) {
      base = Path.of("/tmp");
    }
    return Files.createTempDirectory(base, "bk-ports-", perms);
  }

  private void deleteDirectory() {
    try {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      LOG.debug("cannot remove {}", dir, e);
    }
  }

  static void closeQuietly(Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        // Closing what failed or is done: nothing to report.
      }
    }
  }
}
