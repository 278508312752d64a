package dev.bridgekit.ports;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A port's output on its way to the program: a bounded queue with Erlang's busy limits, and the
 * turn to write. It is busy from the moment the queued bytes reach the high watermark until they
 * are down to the low one; senders park while it is busy. Many senders (any thread), one writing
 * at a time.
 *
 * <p>The turn is what makes a command cheap: a sender that finds nothing queued and nobody writing
 * takes the turn ({@link Offer#DIRECT}) and writes its frame itself, on its own thread, as a BEAM
 * scheduler runs an idle port's command inline. It gives the turn back with {@link #directDone},
 * leaving what the program did not take yet first in the queue. Queued frames are written by the
 * flusher (the poll thread, when the program can take more): it takes the turn and a batch with
 * {@link #tryTake}, and gives them back with {@link #written} or, when the program took only part,
 * {@link #writtenPartly}.
 *
 * <p>A queued byte counts until it is written, so "drained" means written, not just taken. The
 * end-of-input marker ({@link #closeInput()}) is a frame of its own, written in order.
 */
final class OutputQueue {
  /** The marker the flusher gets for {@link #closeInput()}: shut the program's input down. */
  static final List<ByteBuffer> END_OF_INPUT = List.of();

  /** What {@link #offer} did with a frame. */
  enum Offer {
    /** The caller holds the turn: it writes the frame now, then calls {@link #directDone}. */
    DIRECT,
    /** Queued for the flusher. */
    QUEUED,
    /** Not queued: the queue is busy and the caller would not wait. */
    BUSY
  }

  private static final int MAX_BATCH_FRAMES = 64;
  private static final long MAX_BATCH_BYTES = 1 << 20;

  private final long low;
  private final long high;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notBusy = lock.newCondition();
  private final Condition drained = lock.newCondition();
  private final ArrayDeque<ByteBuffer[]> frames = new ArrayDeque<>();
  private long queued; // bytes offered and not yet written
  private boolean writing; // someone holds the turn
  private boolean busy;
  private boolean inputClosed;
  private String closed; // why commands fail, once they do

  OutputQueue(long low, long high) {
    this.low = low;
    this.high = high;
  }

  /**
   * Offers a frame (its parts in order) of {@code size} bytes: hands the caller the turn when
   * nothing is queued and nobody writes, else queues it, parking while the queue is busy if {@code
   * wait}. A frame handed back as {@link Offer#DIRECT} counts as queued until {@link #directDone}.
   * A queued frame is a copy: the caller may reuse its arrays once this returns.
   *
   * @throws PortClosedException if the port or its input is closed (also while parked)
   */
  Offer offer(ByteBuffer[] frame, long size, boolean wait)
      throws InterruptedException {
    lock.lock();
    try {
      check();
      while (busy) {
        if (!wait) {
          return Offer.BUSY;
        }
        notBusy.await();
        check();
      }
      queued += size;
      if (queued >= high) {
        busy = true;
      }
      if (!writing && frames.isEmpty()) {
        writing = true;
        return Offer.DIRECT;
      }
      frames.add(copyOf(frame));
      return Offer.QUEUED;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Gives the turn back after a direct write of {@code written} bytes; {@code rest}, the parts the
   * program did not take (empty if none), goes first in the queue, copied. Returns whether the
   * queue holds frames for the flusher now (false also once it is closed, which drops {@code
   * rest}).
   */
  boolean directDone(long written, ByteBuffer[] rest) {
    lock.lock();
    try {
      writing = false;
      if (rest.length > 0 && closed == null) {
        frames.addFirst(copyOf(rest));
      }
      account(written);
      return !frames.isEmpty() && closed == null;
    } finally {
      lock.unlock();
    }
  }

  private static ByteBuffer[] copyOf(ByteBuffer[] parts) {
    ByteBuffer[] copy = new ByteBuffer[parts.length];
    for (int i = 0; i < parts.length; i++) {
      ByteBuffer b = parts[i];
      byte[] bytes = new byte[b.remaining()];
      b.get(b.position(), bytes);
      copy[i] = ByteBuffer.wrap(bytes);
    }
    return copy;
  }

  private void check() {
    if (closed != null) {
      throw new PortClosedException(closed);
    }
    if (inputClosed) {
      throw new PortClosedException("the program's input is closed (closeInput)");
    }
  }

  /** Queues the end of the program's input after what is queued; later offers fail. */
  void closeInput() {
    lock.lock();
    try {
      if (inputClosed && closed == null) {
        return;
      }
      check();
      inputClosed = true;
      frames.add(new ByteBuffer[0]);
      notBusy.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the turn and the next batch of buffers for one gathering write, if there is one and the
   * turn is free; returns {@link #END_OF_INPUT} for the marker, null for nothing to do now. The
   * flusher gives the turn back with {@link #written} (after the marker too, with 0) or {@link
   * #writtenPartly}.
   */
  List<ByteBuffer> tryTake() {
    lock.lock();
    try {
      if (frames.isEmpty() || writing || closed != null) {
        return null;
      }
      writing = true;
      if (frames.peek().length == 0) {
        frames.poll();
        return END_OF_INPUT;
      }
      List<ByteBuffer> batch = new ArrayList<>();
      long bytes = 0;
      int n = 0;
      while (!frames.isEmpty() && frames.peek().length > 0 && n < MAX_BATCH_FRAMES
          && bytes < MAX_BATCH_BYTES) {
        for (ByteBuffer b : frames.poll()) {
          batch.add(b);
          bytes += b.remaining();
        }
        n++;
      }
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records that the flusher wrote {@code bytes} of its batch, puts {@code rest} (the batch's
   * buffers with bytes left, as they are) back first, and gives the turn back.
   */
  void writtenPartly(long bytes, ByteBuffer[] rest) {
    lock.lock();
    try {
      writing = false;
      if (closed == null) {
        frames.addFirst(rest);
      }
      account(bytes);
    } finally {
      lock.unlock();
    }
  }

  /** Records that the flusher wrote {@code bytes}, its whole batch, and gives the turn back. */
  void written(long bytes) {
    lock.lock();
    try {
      writing = false;
      account(bytes);
    } finally {
      lock.unlock();
    }
  }

  /** Counts {@code bytes} written: may end busy, may complete a drain. Under the lock. */
  private void account(long bytes) {
    queued -= bytes;
    if (busy && queued <= low) {
      busy = false;
      notBusy.signalAll();
    }
    if (queued == 0) {
      drained.signalAll();
    }
  }

  /** Waits until everything queued is written (true), or the queue closed or time ran out (false). */
  boolean awaitDrained(long timeoutNanos) throws InterruptedException {
    lock.lock();
    try {
      long left = timeoutNanos;
      while (queued > 0 && closed == null) {
        if (left <= 0) {
          return false;
        }
        left = drained.awaitNanos(left);
      }
      return queued == 0;
    } finally {
      lock.unlock();
    }
  }

  /** Fails every later command and wakes parked senders with {@code why}; drops what is queued. */
  void close(String why) {
    lock.lock();
    try {
      if (closed == null) {
        closed = why;
      }
      frames.clear();
      notBusy.signalAll();
      drained.signalAll();
    } finally {
      lock.unlock();
    }
  }

  long queuedBytes() {
    lock.lock();
    try {
      return queued;
    } finally {
      lock.unlock();
    }
  }

  boolean busy() {
    lock.lock();
    try {
      return busy;
    } finally {
      lock.unlock();
    }
  }
}
