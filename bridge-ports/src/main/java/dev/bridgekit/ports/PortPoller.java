package dev.bridgekit.ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for the output of every port of the JVM on one platform thread, as BEAM's poll thread
 * does for its ports, and has each stream's {@link PortReader} read, cut and deliver what came,
 * on that thread; and for room in the input of programs that fell behind, which their {@link
 * PortWriter}s then fill from their queues.
 *
 * <p>Why not a virtual thread per stream parked in a blocking read: the JDK wakes such a thread
 * through its master poller, a sub-poller virtual thread and a carrier, and the reader then wakes
 * the owner; that is three or four thread wake-ups per message where this is one (the poll
 * thread) before the owner's. It also leaves an idle port with no thread and no buffer at all.
 *
 * <p>Threads: {@link #execute} may be called from any thread; everything else, and every {@link
 * Polled#ready}, runs on the poll thread. Started on first use, never stopped (a daemon).
 */
final class PortPoller {
  private static final Logger LOG = LoggerFactory.getLogger(PortPoller.class);
  private static final Object LOCK = new Object();
  private static final int SCRATCH = 64 << 10;
  private static PortPoller instance; // guarded by LOCK

  private final Selector selector;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  /** What every reader reads into when it has no partial frame: the poll thread's only. */
  private final ByteBuffer scratch = ByteBuffer.allocateDirect(SCRATCH);

  private final Thread thread;

  private PortPoller() throws IOException {
    selector = Selector.open();
    thread = Thread.ofPlatform().daemon().name("bk-ports-poller").start(this::loop);
  }

  /** Returns true on the poll thread. */
  boolean onPollThread() {
    return Thread.currentThread() == thread;
  }

  /** Returns the JVM's poller, starting it on first use. */
  static PortPoller get() {
    synchronized (LOCK) {
      if (instance == null) {
        try {
          instance = new PortPoller();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot open the ports' selector", e);
        }
      }
      return instance;
    }
  }

  /**
   * Starts watching {@code channel} (non-blocking) for {@code ops}, for {@code target}, and returns
   * its key. Poll thread.
   *
   * @throws ClosedChannelException if the channel is closed already
   */
  SelectionKey register(SelectableChannel channel, int ops, Polled target)
      throws ClosedChannelException {
    return channel.register(selector, ops, target);
  }

  /** Runs {@code task} on the poll thread, soon. Any thread. */
  void execute(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  private void loop() {
    while (true) {
      try {
        selector.select();
        for (Runnable task; (task = tasks.poll()) != null; ) {
          try {
            task.run();
          } catch (RuntimeException e) {
            LOG.error("a task on the ports' poll thread failed", e); // the next ones still run
          }
        }
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          if (key.isValid()) {
            Polled target = (Polled) key.attachment();
            try {
              target.ready(scratch);
            } catch (RuntimeException e) {
              target.crashed(e); // that port fails; the others go on
            }
          }
        }
      } catch (ClosedSelectorException e) {
        LOG.error("the ports' selector closed: no port reads any more", e);
        return;
      } catch (IOException | RuntimeException e) {
        // Not a reader's or a writer's (those fail their own port): the selector's.
        LOG.error("the ports' poll thread caught", e);
      }
    }
  }
}
