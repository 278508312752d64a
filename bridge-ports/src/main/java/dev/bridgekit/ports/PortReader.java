package dev.bridgekit.ports;

import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Term;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one output stream of a port's program when the {@link PortPoller} finds input on it, cuts
 * it into frames and sends them on: program output to the owner as {@link PortData} or {@link
 * PortLine}, stderr to the owner as {@link PortStderr} or to the log. At the end it tells the
 * port ({@link PortCore#streamEnded}), or on bad input ({@link PortEvent.ReadFailed}),
 * always after delivering every complete frame before it.
 *
 * <p>With {@link ReadMode#ON_DEMAND}, a frame that finds no credit is held and the reader stops
 * reading (the program then blocks on its full pipe) until {@link #resume} finds credit again.
 *
 * <p>Threads: {@link #start} runs on the port's process; {@link #spinForReply} on the owner's
 * thread, right after a command; everything else on the poll thread. Reading needs the turn: the
 * poll thread's, unless the owner, spinning for its reply, has taken it.
 */
final class PortReader implements Polled {
  private static final Logger STDERR = LoggerFactory.getLogger("dev.bridgekit.ports.stderr");
  private static final int INITIAL = 16 << 10;
  private static final int MAX_DIRECT = 4 << 20;
  /** A stderr line longer than this is logged in pieces. */
  private static final int MAX_LOG_LINE = 8 << 10;
  /** Reads per readiness event; then the next port's turn (the poller comes back for more). */
  private static final int READS_PER_TURN = 4;
  /**
   * How long an owner polls for its reply after a command ({@code -Dbridgekit.ports.spinMicros},
   * default 20; 0 turns it off).
   */
  private static final long SPIN_NANOS =
      Long.getLong("bridgekit.ports.spinMicros", 20) * 1000;
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
  /** Logs programs' stderr lines in the order read, on one virtual thread of its own. */
  private static final Executor STDERR_LOG = Executors.newSingleThreadExecutor(
      Thread.ofVirtual().name("bk-ports-stderr-log").factory());

  private final PortCore core;
  private final SocketChannel channel;
  private final int role;
  private final FrameDecoder decoder;
  private final boolean credit; // ON_DEMAND: frames wait for credit

  /** Who reads: the poll thread, or the owner waiting for a reply ({@link #spinForReply}). */
  private final AtomicBoolean turn = new AtomicBoolean();
  // Owner thread only: how many commands to go before it spins again, and the next back-off.
  private int skip;
  private int backoff = 1;
  private volatile long deliveries; // data messages sent to the owner

  // The holder of the turn only (key: set once on the poll thread, before any input).
  private volatile SelectionKey key;
  // A partial frame's bytes (write mode), or those after a frame held for credit (read mode);
  // null when nothing is pending and the owner never read.
  private ByteBuffer buf;
  private PortMessage held; // a data message waiting for credit
  private boolean eof;
  private boolean done;

  private PortReader(PortCore core, SocketChannel channel, int role, FrameDecoder decoder) {
    this.core = core;
    this.channel = channel;
    this.role = role;
    this.decoder = decoder;
    this.credit = core.spec().readMode() == ReadMode.ON_DEMAND;
  }

  /** Returns the reader of the program's output, framed as the spec says. */
  static PortReader output(PortCore core, SocketChannel channel) {
    PortSpec spec = core.spec();
    return new PortReader(core, channel, Launcher.ROLE_OUT,
        new FrameDecoder(spec.framing(), spec.maxPacketSize()));
  }

  /** Returns the reader of the program's stderr: chunks to the owner, or lines to the log. */
  static PortReader stderr(PortCore core, SocketChannel channel) {
    Framing framing = core.spec().stderr() == StderrMode.LOG ? Framing.line(MAX_LOG_LINE) : Framing.stream();
    return new PortReader(core, channel, Launcher.ROLE_ERR, new FrameDecoder(framing, 0));
  }

  /**
   * Makes the channels non-blocking and hands the readers ({@code stderr} may be null) to the
   * poller: at once on the poll thread, else in one wake-up of it. Any thread, before any read.
   */
  static void start(PortReader output, PortReader stderr) throws IOException {
    output.channel.configureBlocking(false);
    if (stderr != null) {
      stderr.channel.configureBlocking(false);
    }
    PortPoller poller = PortPoller.get();
    Runnable attach = () -> {
      output.attach();
      if (stderr != null) {
        stderr.attach();
      }
    };
    if (poller.onPollThread()) {
      attach.run();
    } else {
      poller.execute(attach);
    }
  }

  private void attach() {
    try {
      key = PortPoller.get().register(channel, SelectionKey.OP_READ, this);
    } catch (ClosedChannelException e) {
      done = true; // the port closed before the poller got to it
    }
  }

  /**
   * Reads what has come and delivers the whole frames in it. A reader without a partial frame
   * reads into the poller's {@code scratch} buffer and keeps nothing; only the bytes of a frame
   * that is not complete yet (or held for credit) move into a buffer of the reader's own. Poll
   * thread.
   */
  @Override
  public void ready(ByteBuffer scratch) {
    if (!turn.compareAndSet(false, true)) {
      return; // the owner is reading, spinning for its reply; epoll says so again if it stops
    }
    try {
      read(scratch);
    } finally {
      turn.set(false);
    }
  }

  /**
   * Reads and delivers, holding the turn: into {@code scratch} (the poll thread's) when no frame
   * is partial, into a buffer of the reader's own otherwise or when {@code scratch} is null; at
   * most {@link #READS_PER_TURN} reads. Returns whether it delivered anything.
   */
  private boolean read(ByteBuffer scratch) {
    boolean delivered = false;
    if (done || held != null || key == null) {
      return false; // key: not before the poller has it (it cancels the key at the end)
    }
    if (buf == null && scratch == null) {
      buf = ByteBuffer.allocateDirect(INITIAL);
    }
    try {
      for (int i = 0; i < READS_PER_TURN; i++) {
        ByteBuffer in = buf != null ? buf : scratch.clear();
        int space = in.remaining();
        int n = channel.read(in);
        if (n == 0) {
          return delivered;
        }
        if (n < 0) {
          eof = true;
          key.cancel();
        } else if (role == Launcher.ROLE_OUT) {
          core.countIn(n);
        }
        in.flip();
        int before = in.remaining();
        long atLeast = drain(in);
        delivered |= in.remaining() < before;
        if (done) {
          return delivered;
        }
        if (in == scratch && in.hasRemaining()) {
          buf = adopt(in, Math.max(atLeast, 0)); // a partial (or held) frame outlives the scratch
          if (atLeast < 0) {
            buf.flip(); // held: kept in read mode, as drain left it
          }
        } else if (in != scratch && atLeast >= 0) {
          buf = room(buf, atLeast);
        }
        if (atLeast < 0 || n < space) {
          return delivered; // a short read took all there was: the poller says when more comes
        }
      }
    } catch (ClosedChannelException e) {
      finish(); // the port closed the channel: it is closing, and wants nothing more
    } catch (IOException e) {
      fail(Posix.of(e));
    }
    return delivered;
  }

  /** Returns how many data messages it has delivered so far: the mark of {@link #spinForReply}. */
  long deliveries() {
    return deliveries;
  }

  /**
   * Called by the owner right after its command went out, with {@link #deliveries} from just
   * before: polls the program's output for up to {@link #SPIN_NANOS} and delivers the reply
   * itself if it comes meanwhile (or stops as soon as the poll thread has delivered it), so that
   * the owner does not park and wait for the poll thread to wake and a carrier to wake it in
   * turn: BEAM's schedulers busy-wait for the same reason. Adaptive: after a spin that saw
   * nothing, the owner skips spinning for twice as many commands as the last time, up to 64, so
   * a port whose program answers slowly or not at all costs next to nothing.
   */
  void spinForReply(long seen) {
    if (SPIN_NANOS == 0 || credit) {
      return;
    }
    if (skip > 0) {
      skip--;
      return;
    }
    long deadline = System.nanoTime() + SPIN_NANOS;
    do {
      if (deliveries != seen) {
        backoff = 1; // the poll thread got there first: the reply is in the mailbox all the same
        return;
      }
      if (turn.compareAndSet(false, true)) {
        try {
          if (done || read(null)) {
            backoff = 1;
            return;
          }
        } finally {
          turn.set(false);
        }
      }
      Thread.onSpinWait();
    } while (System.nanoTime() - deadline < 0);
    skip = backoff;
    backoff = Math.min(backoff * 2, 64);
  }

  /** Delivers the frame held for credit and what follows, once there is credit. Poll thread. */
  void resume() {
    if (done || held == null || !core.tryCredit()) {
      return;
    }
    Processes.send(core.owner(), held);
    held = null;
    ByteBuffer in = buf != null ? buf : EMPTY;
    long atLeast = drain(in);
    if (atLeast >= 0) {
      buf = in == EMPTY ? null : room(in, atLeast);
      if (key.isValid()) {
        key.interestOps(SelectionKey.OP_READ);
      }
    }
  }

  /**
   * Decodes and delivers the frames in {@code in} (read mode), leaving the bytes it could not use
   * in it. Returns how many more bytes the next frame needs at least, or -1 when reading stops: a
   * frame waits for credit, the input was bad, or it ended.
   */
  private long drain(ByteBuffer in) {
    while (true) {
      Decoded d = eof ? decoder.decodeAtEof(in) : decoder.decode(in);
      switch (d) {
        case Decoded.NeedMore more -> {
          return more.atLeast();
        }
        case Decoded.Invalid bad -> {
          fail(bad.exitReason());
          return -1;
        }
        case Decoded.End end -> {
          core.streamEnded();
          finish();
          return -1;
        }
        default -> {
          if (!deliver(d)) {
            if (key.isValid()) {
              key.interestOps(0); // the program blocks on its full pipe until credit comes
            }
            return -1;
          }
        }
      }
    }
  }

  /** Sends one frame on; false (and holds it) when it is data without credit. */
  private boolean deliver(Decoded d) {
    Port port = core.port();
    if (role == Launcher.ROLE_ERR) {
      switch (d) {
        case Decoded.LinePiece line -> {
          String program = core.spec().executable();
          long osPid = core.osPid();
          // Not on the poll thread: a logger blocked on a full stderr would stop every port.
          STDERR_LOG.execute(() -> STDERR.info("{} [{}]: {}", program, osPid,
              new String(line.data(), StandardCharsets.UTF_8)));
        }
        case Decoded.Frame f -> Processes.send(core.owner(), new PortStderr(port, f.data()));
        default -> throw new IllegalStateException("not a frame: " + d);
      }
      return true;
    }
    PortMessage m = switch (d) {
      case Decoded.Frame f -> new PortData(port, f.data());
      case Decoded.LinePiece l -> new PortLine(port, l.data(), l.eol());
      default -> throw new IllegalStateException("not a frame: " + d);
    };
    if (!core.tryCredit()) {
      held = m;
      return false;
    }
    Processes.send(core.owner(), m);
    deliveries++; // by the holder of the turn only
    return true;
  }

  @Override
  public void crashed(RuntimeException e) {
    if (!done) {
      fail(ExitReason.crash(e));
    }
  }

  private void fail(Term reason) {
    core.event(new PortEvent.ReadFailed(reason));
    finish();
  }

  private void finish() {
    done = true;
    held = null;
    buf = EMPTY;
    if (key != null) {
      key.cancel();
    }
  }

  /**
   * Returns a buffer of the reader's own, in write mode, holding {@code in}'s bytes with room for
   * {@code atLeast} more.
   */
  private static ByteBuffer adopt(ByteBuffer in, long atLeast) {
    long need = in.remaining() + atLeast;
    ByteBuffer own = need <= MAX_DIRECT
        ? ByteBuffer.allocateDirect((int) Math.max(INITIAL, need))
        : ByteBuffer.allocate((int) need);
    return own.put(in);
  }

  /**
   * Returns a buffer in write mode holding the unconsumed bytes of {@code buf} (in read mode) with
   * room for {@code atLeast} more. A buffer grows (doubling, direct up to 4 MiB, a heap array of
   * the frame's size beyond) and keeps its size for the frames that follow, except a heap giant,
   * which goes once its frame has gone through.
   */
  static ByteBuffer room(ByteBuffer buf, long atLeast) {
    long need = buf.remaining() + atLeast;
    if (need <= buf.capacity() && (buf.isDirect() || need > MAX_DIRECT)) {
      return buf.compact();
    }
    // The decoder bounds atLeast by the maximum packet size, so this fits an int.
    long cap = need <= MAX_DIRECT ? Math.min(MAX_DIRECT, Math.max(need, 2L * buf.capacity())) : need;
    if (!buf.isDirect() && need <= MAX_DIRECT) {
      cap = Math.max(INITIAL, need);
    }
    ByteBuffer next = cap <= MAX_DIRECT ? ByteBuffer.allocateDirect((int) cap) : ByteBuffer.allocate((int) cap);
    return next.put(buf);
  }

  /** The reason for an I/O failure, as Erlang's posix atoms. */
  static final class Posix {
    private Posix() {}

    static Atom of(IOException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("Broken pipe")) {
        return Atom.of("epipe");
      }
      if (m.contains("Connection reset")) {
        return Atom.of("econnreset");
      }
      return Atom.of("eio");
    }
  }
}
