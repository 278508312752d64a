package dev.bridgekit.dist.internal; // not exported

import dev.bridgekit.runtime.internal.LocalProcess;
import dev.bridgekit.runtime.internal.ProcessTable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of one {@link Connection}: its outbox, its writer thread and its socket's output
 * stream. Whoever holds the write lock writes to the socket. A process sending a small message
 * takes the lock when it is free and writes its packet itself, after whatever waits in the outbox
 * so that signals keep their order: no other thread has to wake up per message. A big packet it
 * writes only as far as the socket takes it at once, leaving the rest for the writer thread. A
 * process with more messages waiting defers a small packet instead: it leaves it in the outbox
 * without waking anyone, for its own next write (or another sender's) to take along, so that a
 * burst of replies goes out in a few system calls and no thread wakes up for it (see {@link
 * #defer}). When the lock is taken, or part of a big packet is still to go, the packet goes to
 * the outbox, which the writer thread (or the sender holding the lock) writes out, many packets
 * per flush.
 *
 * <p>Senders park while the outbox holds more than the high watermark, until it is down to half
 * of it, as BEAM suspends a process sending on a busy distribution channel ({@code +zdbbl}, 1 MB
 * by default). The connection's reader thread never writes and never parks, so it always reads.
 *
 * <p>Threads: {@link #send} on any thread; {@link #queue} and {@link #tick} may be called under
 * the connection's monitor (they never write); the writer thread is this class's own.
 */
final class PacketWriter {
  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

  /**
   * The output buffer, for the packets of a burst of small messages: they go out in one system
   * call per buffer. A big message's fragment bodies bypass it (see {@link PacketOutput}).
   */
  static final int SOCKET_BUFFER = 1 << 18;

  /** The bytes in the outbox above which senders park, as BEAM's default busy limit. */
  static final long HIGH_WATERMARK = 1 << 20;

  /**
   * The largest packet a sender writes itself, waiting for room in the socket if need be. A
   * bigger one is likely to fill the socket's buffer, and a virtual thread that waits for room
   * there wakes later than the writer thread blocked in poll(2): through the JDK's poller on a
   * java.net carrier, between short sleeps on a native one (see {@link NativeSockets.Side}); a
   * process could also be killed while it waits, with part of its packet written, which ends the
   * connection. So on a native socket a sender writes of a big packet only what the socket takes
   * at once, and leaves the rest to the writer thread, which nobody interrupts (see {@link
   * #writeBig}); on a java.net one, all of it goes through the writer thread.
   */
  static final int DIRECT_MAX = 1 << 16;

  /**
   * The most packets senders defer in a row: the next one writes them all, with its own. On the
   * echo of a scratch harness (an erl client keeping 100 messages in flight, 10 s runs), 8, 16 and
   * 32 gave the same rate within the noise, about 105,000 to 116,000 messages a second, where
   * BEAM's echo gave 107,000 to 116,000 in the same runs; so the smallest, which keeps what one
   * sender holds back the least.
   */
  static final int BURST = 8;

  /** The largest packet a sender defers: a burst of them stays one buffer's write. */
  static final int DEFER_MAX = 4096;

  /**
   * How long deferred packets may wait for a sender to take them along: while senders defer, the
   * writer thread wakes up this often to write what is left, for a process that never sends
   * again (it exited, or works on without replying to the messages it has waiting).
   */
  static final long DEFER_BOUND_NANOS = 1_000_000;

  private static final PacketEncoder.Packet TICK = PacketEncoder.tick();

  private final String peer;
  private final long highWatermark;
  private final Consumer<String> onFailure;
  /** Encoded packets, and signals sent while pending (encoded once the flags are known). */
  private final ConcurrentLinkedQueue<Object> outbox = new ConcurrentLinkedQueue<>();
  /** The bytes of the packets in the outbox. */
  private final AtomicLong queued = new AtomicLong();
  /** Senders parked for room in the outbox wait on this. */
  private final Object room = new Object();
  private volatile int parkedSenders;
  /** Held while writing to the socket; never interruptibly (a packet half written is lost). */
  private final ReentrantLock writeLock = new ReentrantLock();
  private PacketOutput out; // guarded by writeLock once up
  /**
   * What is left of a big packet a sender began (see {@link #writeBig}): the first thing whoever
   * holds the write lock next must write. Set and cleared under the write lock.
   */
  private volatile PacketEncoder.Rest rest;
  private volatile PacketEncoder encoder; // null until up
  private volatile Thread writer;
  private volatile Thread reader;
  private volatile boolean writerParked;
  /** True while the writer thread parks with no bound: a sender that defers must wake it. */
  private volatile boolean writerIdle;
  /** Packets deferred since the outbox was last drained; a heuristic, so races may lose counts. */
  private final AtomicInteger deferred = new AtomicInteger();
  /** {@link #writeDeferred}, one object, so that a sender has it run once before it waits. */
  private final Runnable writeDeferred = this::writeDeferred;
  private volatile boolean stopped;
  /** Packets written other than ticks; written under the write lock. */
  private volatile long written;

  /**
   * Creates the write side of the connection to {@code peer}, whose senders park above {@code
   * highWatermark} queued bytes, and which reports a failed write to {@code onFailure} (with the
   * reason; the connection closes then).
   */
  PacketWriter(String peer, long highWatermark, Consumer<String> onFailure) {
    if (highWatermark < 1) {
      throw new IllegalArgumentException("highWatermark < 1: " + highWatermark);
    }
    this.peer = peer;
    this.highWatermark = highWatermark;
    this.onFailure = onFailure;
  }

  /** True once {@link #up} was called: sends are encoded and written from then on. */
  boolean isUp() {
    return encoder != null;
  }

  /**
   * Starts writing to {@code o} with {@code e}; {@code readerThread} is the connection's reader,
   * which never writes or parks here. Called once, under the connection's monitor.
   */
  void up(PacketOutput o, PacketEncoder e, Thread readerThread) {
    out = o;
    reader = readerThread;
    writer = Thread.ofPlatform().daemon().name("dist-writer-" + peer).unstarted(this::writeLoop);
    encoder = e;
  }

  /** Starts the writer thread, after {@link #up}. */
  void startWriter() {
    writer.start();
  }

  /**
   * Sends {@code m}: defers a small packet if the sender has more messages waiting (see {@link
   * #defer}); else writes it at once if the socket is free, all of a small packet, or what the
   * socket takes of a big one; else queues it. Then parks the caller (unless it is the reader)
   * while the outbox is over its high watermark. Before {@link #up}, use {@link #queue}.
   */
  void send(ControlMessage m) {
    PacketEncoder.Packet p = encode(m);
    if (p == null) {
      return;
    }
    boolean isReader = Thread.currentThread() == reader;
    if (!isReader && p.size() <= DEFER_MAX && deferred.get() < BURST - 1) {
      LocalProcess self = ProcessTable.current();
      if (self != null && self.hasPendingMessages()) {
        defer(p, self);
        awaitRoom();
        return;
      }
    }
    if (!isReader && writeLock.tryLock()) {
      if (rest == null) {
        if (p.size() <= DIRECT_MAX) {
          writeDirect(p);
          return;
        }
        if (outbox.isEmpty() && out.writesWithoutWaiting()) {
          writeBig(p);
          return;
        }
      }
      writeLock.unlock();
    }
    enqueue(p);
    if (!isReader) {
      awaitRoom();
    }
  }

  /** Queues {@code m} for the writer thread; never writes or parks, so any lock may be held. */
  void queue(ControlMessage m) {
    if (encoder == null) {
      outbox.add(m); // encoded by the writer once up
      return;
    }
    PacketEncoder.Packet p = encode(m);
    if (p != null) {
      enqueue(p);
    }
  }

  /** Queues a tick. */
  void tick() {
    enqueue(TICK);
  }

  /** Returns how many packets other than ticks were written so far. */
  long written() {
    return written;
  }

  /** Returns how many bytes of packets wait in the outbox. */
  long queuedBytes() {
    return queued.get();
  }

  /** Drops what is queued, ends the writer thread and releases parked senders; for good. */
  void stop() {
    stopped = true;
    rest = null;
    outbox.clear();
    queued.set(0);
    Thread w = writer;
    if (w != null) {
      LockSupport.unpark(w);
    }
    synchronized (room) {
      room.notifyAll();
    }
  }

  /**
   * Writes {@code p} (if not null) after what waits in the outbox; the caller holds the write
   * lock, which this releases (before reporting a failure).
   */
  private void writeDirect(PacketEncoder.Packet p) {
    String failure = null;
    try {
      drainLocked();
      if (p != null) {
        p.writeTo(out);
        written++;
        drainLocked(); // what others queued meanwhile: one flush for all
      }
      out.flush();
    } catch (InterruptedIOException e) {
      // Interrupted while the socket was full (the process was killed): part of a packet may be
      // out, so the stream cannot go on. The interrupt stays set for the process to see.
      failure = "a sender was interrupted while writing to the socket";
    } catch (IOException e) {
      failure = "write failed: " + e.getMessage();
    } finally {
      writeLock.unlock();
    }
    afterWrite(failure);
  }

  /**
   * Writes what the socket takes at once of the big packet {@code p}, and leaves the rest to the
   * writer thread; the caller holds the write lock, which this releases, with nothing waiting in
   * the outbox or left of another packet. The sender never waits for the socket, so no thread
   * wakes up for a big message that fits in the socket's buffer, and the writer's wake-up, when
   * there is a rest, overlaps with the peer reading what went first (of an 8 MB message to erl
   * over loopback, about half goes at once). Measured on 8 MB round trips with an erl client,
   * 14 alternating runs each against every big packet handed to the writer thread: 5.90 ms of
   * CPU per round trip against 6.20, wall time 7.35 ms against 7.44.
   */
  private void writeBig(PacketEncoder.Packet p) {
    String failure = null;
    try {
      PacketEncoder.Rest left = p.writeNow(out);
      if (left == null) {
        written++;
      } else {
        queued.addAndGet(left.size());
        rest = left;
      }
    } catch (IOException e) {
      failure = "write failed: " + e.getMessage();
    } finally {
      writeLock.unlock();
    }
    afterWrite(failure);
  }

  /**
   * What a sender does once it has written and released the write lock: reports {@code failure}
   * (the connection closes then), or wakes the writer thread if more is to go.
   */
  private void afterWrite(String failure) {
    if (failure != null) {
      onFailure.accept(failure);
    } else if (rest != null || !outbox.isEmpty()) {
      wakeWriter();
    }
  }

  private PacketEncoder.Packet encode(ControlMessage m) {
    try {
      return encoder.encode(m);
    } catch (IllegalArgumentException x) {
      LOG.warn("dropping a signal to {} that cannot be encoded: {}", peer, x.getMessage());
      return null;
    }
  }

  /**
   * Leaves the small packet {@code p} of {@code sender}, a process with messages waiting, in the
   * outbox without waking the writer thread, unless it idles. The sender is likely to send again
   * at once (an echo working through a burst), and whoever next takes the write lock writes the
   * packet: a sender's direct write drains the outbox first, and so does the sender before it
   * next waits in a receive ({@link LocalProcess#beforeNextWait}). A burst of replies then costs a
   * system call per {@link #BURST} packets, or one for the lot when the sender's last reply finds
   * its mailbox empty, and no wake-up. Writing every reply directly cost a system call each: on
   * dist.echo_throughput, 0.70 to 0.92 of BEAM's rate against 0.82 to 0.97 handing each burst to
   * the writer thread, which in turn woke it 17,000 times a second under 90,000 messages a second,
   * a context switch each, about 5 µs of CPU on a small VM. The writer thread, woken by the first
   * packet deferred while it idles, then wakes every {@link #DEFER_BOUND_NANOS} while packets are
   * deferred, so none waits longer, even when its sender exits.
   */
  private void defer(PacketEncoder.Packet p, LocalProcess sender) {
    queued.addAndGet(p.size());
    deferred.incrementAndGet();
    outbox.add(p);
    sender.beforeNextWait(writeDeferred);
    if (writerIdle) {
      LockSupport.unpark(writer);
    }
  }

  /**
   * Writes what waits in the outbox, on a sender's thread about to wait; nothing if another
   * thread holds the write lock (it writes the outbox before it lets go) or part of a big packet
   * is still to go (the writer thread is on it, the outbox after it).
   */
  private void writeDeferred() {
    if (outbox.isEmpty() || !writeLock.tryLock()) {
      return;
    }
    if (rest != null || stopped) {
      writeLock.unlock();
      return;
    }
    writeDirect(null);
  }

  private void enqueue(PacketEncoder.Packet p) {
    queued.addAndGet(p.size());
    outbox.add(p);
    wakeWriter();
  }

  private void wakeWriter() {
    if (writerParked) {
      LockSupport.unpark(writer);
    }
  }

  /** Parks the caller while the outbox holds more than the high watermark, down to half of it. */
  private void awaitRoom() {
    if (queued.get() <= highWatermark) {
      return;
    }
    synchronized (room) {
      parkedSenders++;
      try {
        while (queued.get() > highWatermark / 2 && !stopped) {
          room.wait();
        }
      } catch (InterruptedException e) {
        // The process is being killed: its message is queued already; let it see the interrupt.
        Thread.currentThread().interrupt();
      } finally {
        parkedSenders--;
      }
    }
  }

  private void writeLoop() {
    // True after a wake-up: senders may be deferring packets, which wake no one, so the thread
    // parks for at most DEFER_BOUND_NANOS, until one such park finds nothing came.
    boolean active = false;
    try {
      for (;;) {
        writeLock.lock();
        try {
          if (stopped) {
            return;
          }
          drainLocked();
          out.flush();
        } finally {
          writeLock.unlock();
        }
        // Parks only if nothing came since the drain; a sender that queues after the flag is
        // set sees it and unparks this thread.
        writerParked = true;
        if (mayPark()) {
          if (active) {
            LockSupport.parkNanos(this, DEFER_BOUND_NANOS);
            active = !mayPark();
          } else {
            writerIdle = true;
            if (mayPark()) {
              LockSupport.park(this);
            }
            writerIdle = false;
            active = true;
          }
        }
        writerParked = false;
        if (Thread.interrupted()) {
          onFailure.accept("writer interrupted");
          return;
        }
      }
    } catch (IOException e) {
      onFailure.accept("write failed: " + e.getMessage());
    }
  }

  /** True if the writer thread may park: nothing is left to write, and it is not stopped. */
  private boolean mayPark() {
    return outbox.isEmpty() && rest == null && !stopped;
  }

  /**
   * Writes what is left of a packet a sender began, then everything in the outbox (no flush); the
   * caller holds the write lock.
   */
  private void drainLocked() throws IOException {
    deferred.set(0);
    PacketEncoder.Rest r = rest;
    if (r != null) {
      r.writeTo(out);
      rest = null;
      release(r.size());
      written++;
    }
    Object item;
    while ((item = outbox.poll()) != null) {
      if (item instanceof PacketEncoder.Packet p) {
        p.writeTo(out);
        release(p.size());
        if (p != TICK) {
          written++;
        }
      } else {
        // Sent while the connection was pending: encoded now that the flags are known.
        PacketEncoder.Packet p = encode((ControlMessage) item);
        if (p != null) {
          p.writeTo(out);
          written++;
        }
      }
    }
  }

  private void release(long bytes) {
    long left = queued.addAndGet(-bytes);
    if (parkedSenders > 0 && left <= highWatermark / 2) {
      synchronized (room) {
        room.notifyAll();
      }
    }
  }
}
