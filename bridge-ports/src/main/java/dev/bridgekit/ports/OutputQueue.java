package dev.bridgekit.ports;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A port's output on its way to the program: a bounded queue with Erlang's busy limits. It is busy
 * from the moment the queued bytes reach the high watermark until they are down to the low one;
 * senders park while it is busy. Many senders (any thread), one writer (the port's writer thread),
 * which takes frames in batches and reports what it wrote.
 *
 * <p>A queued byte counts until the writer has written it, so "drained" means written, not just
 * taken. The end-of-input marker ({@link #closeInput()}) is a frame of its own, written in order.
 */
final class OutputQueue {
  /** The marker the writer gets for {@link #closeInput()}: shut the program's input down. */
  static final List<ByteBuffer> END_OF_INPUT = List.of();

  private static final int MAX_BATCH_FRAMES = 64;
  private static final long MAX_BATCH_BYTES = 1 << 20;

  private final long low;
  private final long high;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notBusy = lock.newCondition();
  private final Condition drained = lock.newCondition();
  private final ArrayDeque<ByteBuffer[]> frames = new ArrayDeque<>();
  private long queued; // bytes offered and not yet written
  private boolean busy;
  private boolean inputClosed;
  private String closed; // why commands fail, once they do

  OutputQueue(long low, long high) {
    this.low = low;
    this.high = high;
  }

  /**
   * Queues a frame (its parts in order), parking while the queue is busy if {@code wait}, else
   * returning false at once when busy.
   *
   * @throws PortClosedException if the port or its input is closed (also while parked)
   */
  boolean offer(ByteBuffer[] frame, boolean wait) throws InterruptedException {
    long size = 0;
    for (ByteBuffer b : frame) {
      size += b.remaining();
    }
    lock.lock();
    try {
      check();
      while (busy) {
        if (!wait) {
          return false;
        }
        notBusy.await();
        check();
      }
      frames.add(frame);
      queued += size;
      if (queued >= high) {
        busy = true;
      }
      notEmpty.signal();
      return true;
    } finally {
      lock.unlock();
    }
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
      notEmpty.signal();
      notBusy.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the next batch of buffers for one gathering write, parking while there is none; returns
   * {@link #END_OF_INPUT} for the marker, null once the queue is closed.
   */
  List<ByteBuffer> take() throws InterruptedException {
    lock.lock();
    try {
      while (frames.isEmpty() && closed == null) {
        notEmpty.await();
      }
      if (closed != null) {
        return null;
      }
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

  /** Records that the writer wrote {@code bytes}: may end busy, may complete a drain. */
  void written(long bytes) {
    lock.lock();
    try {
      queued -= bytes;
      if (busy && queued <= low) {
        busy = false;
        notBusy.signalAll();
      }
      if (queued == 0) {
        drained.signalAll();
      }
    } finally {
      lock.unlock();
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
      notEmpty.signalAll();
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
