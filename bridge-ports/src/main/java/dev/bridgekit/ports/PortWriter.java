package dev.bridgekit.ports;

import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.term.Term;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a port's commands to its program's input. A command finding nothing queued is written by
 * the caller itself, at once, as far as the socket takes it (see {@link OutputQueue}): no thread
 * hand-off on the way to the program. What the program does not take yet waits in the queue, and
 * the {@link PortPoller}'s thread writes it as the program makes room, as BEAM's poll thread
 * flushes a busy port's queue.
 *
 * <p>The channel is non-blocking: a caller never waits in a write, and its interrupt, which closes
 * a channel it is blocked in, cannot close this one.
 *
 * <p>Threads: {@link #command} and {@link #closeInput} from any thread; {@link #start} and the
 * queue's closing from the port's process; {@link #ready} on the poll thread.
 */
final class PortWriter implements Polled {
  private static final ByteBuffer[] NONE = new ByteBuffer[0];

  private final PortCore core;
  private final Framing framing;
  private final OutputQueue queue;
  private final AtomicLong bytesOut = new AtomicLong();
  private volatile SocketChannel channel;
  private SelectionKey key; // poll thread
  private volatile boolean polled; // see polled()

  PortWriter(PortCore core, PortSpec spec) {
    this.core = core;
    this.framing = spec.framing();
    this.queue = new OutputQueue(spec.lowWatermark(), spec.highWatermark());
  }

  /** Takes the program's input, before any command. */
  void start(SocketChannel input) throws IOException {
    input.configureBlocking(false);
    channel = input;
  }

  /** Frames and writes (or queues) {@code data}: {@link Port#command}, {@link Port#tryCommand}. */
  boolean command(byte[] data, boolean wait) throws InterruptedException {
    byte[] header = FrameEncoder.header(framing, data.length); // too long: throws, writes nothing
    // Not copied yet: a frame written at once never needs it; the queue copies what waits.
    ByteBuffer payload = ByteBuffer.wrap(data);
    ByteBuffer[] frame = header.length == 0
        ? new ByteBuffer[] {payload}
        : new ByteBuffer[] {ByteBuffer.wrap(header), payload};
    long size = header.length + (long) data.length;
    return switch (queue.offer(frame, size, wait)) {
      case BUSY -> false;
      case QUEUED -> {
        flushSoon();
        yield true;
      }
      case DIRECT -> {
        writeNow(frame, size);
        yield true;
      }
    };
  }

  /** Queues the end of the program's input after what is queued; see {@link Port#closeInput}. */
  void closeInput() {
    queue.closeInput();
    flushSoon();
  }

  /** Waits up to {@code nanos} until everything queued is written. */
  void awaitDrained(long nanos) throws InterruptedException {
    queue.awaitDrained(nanos);
  }

  /** Fails every later command with {@code why} and drops what is queued. */
  void close(String why) {
    queue.close(why);
  }

  long bytesOut() {
    return bytesOut.get();
  }

  long queuedBytes() {
    return queue.queuedBytes();
  }

  boolean busy() {
    return queue.busy();
  }

  /** Writes a frame on the caller's thread, which holds the turn: what the socket takes now. */
  private void writeNow(ByteBuffer[] frame, long size) {
    long done = 0;
    try {
      done = write(frame, size);
    } catch (ClosedChannelException e) {
      queue.directDone(done, NONE); // the port is closing
      return;
    } catch (IOException e) {
      queue.directDone(done, NONE);
      failed(e);
      return;
    }
    if (queue.directDone(done, done < size ? unwritten(frame) : NONE)) {
      flushSoon();
    }
  }

  /** Writes what the socket takes now of {@code bufs}, {@code size} bytes; returns how much. */
  private long write(ByteBuffer[] bufs, long size) throws IOException {
    long done = 0;
    while (done < size) {
      long n = channel.write(bufs);
      if (n <= 0) {
        break;
      }
      done += n;
    }
    bytesOut.addAndGet(done);
    return done;
  }

  private static ByteBuffer[] unwritten(ByteBuffer[] frame) {
    int first = 0;
    while (!frame[first].hasRemaining()) {
      first++;
    }
    return Arrays.copyOfRange(frame, first, frame.length);
  }

  /** Has the poll thread write what is queued, now if the program can take it, else when it can. */
  private void flushSoon() {
    polled = true;
    PortPoller.get().execute(() -> ready(null));
  }

  /** Returns true once the writer has handed its channel to the poller (or asked it to). */
  boolean polled() {
    return polled;
  }

  /**
   * Writes queued batches while the program takes them; then watches the channel for room if
   * some is left, or stops watching. Poll thread.
   */
  @Override
  public void ready(ByteBuffer scratch) {
    try {
      while (true) {
        List<ByteBuffer> batch = queue.tryTake();
        if (batch == null) {
          // Nothing queued, or a caller writing now: it calls flushSoon again if it leaves some.
          watch(0);
          return;
        }
        if (batch == OutputQueue.END_OF_INPUT) {
          channel.shutdownOutput();
          queue.written(0);
          continue;
        }
        ByteBuffer[] bufs = batch.toArray(new ByteBuffer[0]);
        long total = 0;
        for (ByteBuffer b : bufs) {
          total += b.remaining();
        }
        long done = write(bufs, total);
        if (done < total) {
          queue.writtenPartly(done, unwritten(bufs));
          watch(SelectionKey.OP_WRITE);
          return;
        }
        queue.written(total);
      }
    } catch (ClosedChannelException e) {
      // The port is closing.
    } catch (IOException e) {
      failed(e);
    }
  }

  /** Watches the channel for {@code ops}, registering it with the poller the first time. */
  private void watch(int ops) throws ClosedChannelException {
    if (key == null) {
      if (ops == 0) {
        return;
      }
      polled = true;
      key = PortPoller.get().register(channel, ops, this);
    } else {
      try {
        key.interestOps(ops);
      } catch (CancelledKeyException e) {
        // The port closed the channel meanwhile: nothing more to write.
      }
    }
  }

  @Override
  public void crashed(RuntimeException e) {
    Term reason = ExitReason.crash(e);
    queue.close("writing to the program of port " + core.pid() + " failed: " + reason);
    core.event(new PortEvent.WriteFailed(reason));
  }

  private void failed(IOException e) {
    Term reason = PortReader.Posix.of(e);
    queue.close("writing to the program of port " + core.pid() + " failed: " + reason);
    core.event(new PortEvent.WriteFailed(reason));
  }
}
