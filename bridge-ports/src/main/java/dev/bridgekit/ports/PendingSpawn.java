package dev.bridgekit.ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One spawn in flight: the launcher's reply and the connections of the program's streams,
 * which arrive in either order. Any thread; guarded by its monitor, which is never held while
 * blocking. One thread awaits it; whoever completes it unparks that thread.
 *
 * <p>Why not {@code Object.wait(timeout)}: on a virtual thread a timed wait arms and cancels a
 * timer task of the scheduler for every spawn, and a notified waiter must take the monitor
 * again; both cost thread wake-ups. {@link #await} parks without a timer; the {@link Launcher}'s
 * watchdog, one for all spawns, calls {@link #timeOut} on a spawn that took too long.
 */
final class PendingSpawn {
  private final long id;
  private final boolean wantErr;
  private final long startNanos = System.nanoTime();
  private volatile Thread waiter;
  private boolean timedOut;
  private final SocketChannel[] channels = new SocketChannel[4];
  private long pid = -1;
  private PortOpenFailure failure;
  private String lostWhy;
  private boolean abandoned;

  private final Launcher.Listener listener;

  PendingSpawn(long id, boolean wantErr, Launcher.Listener listener) {
    this.id = id;
    this.wantErr = wantErr;
    this.listener = listener;
  }

  record PortOpenFailure(int stage, int errno, String name, String message) {}

  synchronized boolean attach(int role, SocketChannel ch) {
    if (abandoned || channels[role] != null) {
      return false;
    }
    channels[role] = ch;
    wakeIfComplete();
    return true;
  }

  synchronized boolean spawned(long osPid) {
    if (abandoned) {
      return false;
    }
    pid = osPid;
    wakeIfComplete();
    return true;
  }

  synchronized void failed(int stage, int errno, String name, String message) {
    failure = new PortOpenFailure(stage, errno, name, message);
    LockSupport.unpark(waiter);
  }

  synchronized void lose(String why) {
    lostWhy = why;
    LockSupport.unpark(waiter);
  }

  synchronized SocketChannel channel(int role) {
    return channels[role];
  }

  /**
   * Wakes the waiter once everything it waits for is here: a spawn's reply and its streams come
   * in up to four pieces, and waking it for each would cost a thread wake-up apiece.
   */
  private void wakeIfComplete() {
    if (complete()) {
      if (listener != null && failure == null && lostWhy == null && !timedOut) {
        listener.started(spawned());
      }
      LockSupport.unpark(waiter);
    }
  }

  private Launcher.Spawned spawned() {
    return new Launcher.Spawned(id, pid, channels[Launcher.ROLE_IN], channels[Launcher.ROLE_OUT],
        channels[Launcher.ROLE_ERR]);
  }

  /** Returns true if this spawn started more than {@code nanos} ago. */
  boolean olderThan(long nanos, long now) {
    return now - startNanos > nanos;
  }

  /** Ends the wait: the launcher did not answer in time. */
  synchronized void timeOut() {
    timedOut = true;
    LockSupport.unpark(waiter);
  }

  private boolean complete() {
    if (failure != null || lostWhy != null || timedOut) {
      return true;
    }
    if (id == 0) {
      return channels[Launcher.ROLE_IN] != null;
    }
    return pid >= 0 && channels[Launcher.ROLE_IN] != null && channels[Launcher.ROLE_OUT] != null
        && (!wantErr || channels[Launcher.ROLE_ERR] != null);
  }

  /**
   * Waits until the spawn is complete, failed, lost or timed out: by {@link #timeOut}, or after
   * {@code timeoutMs} when that is positive. The calling thread is the only one that waits.
   */
  void await(long timeoutMs) throws InterruptedException {
    waiter = Thread.currentThread();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (!isComplete()) {
      if (timeoutMs > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        LockSupport.parkNanos(this, left);
      } else {
        LockSupport.park(this);
      }
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting for the port launcher");
      }
    }
  }

  private synchronized boolean isComplete() {
    return complete();
  }

  /** Returns the spawned program, or throws what went wrong. */
  synchronized Launcher.Spawned result(Launcher.Request request) {
    if (failure != null) {
      throw LauncherFrames.openFailure(request, failure);
    }
    if (lostWhy != null) {
      throw new UncheckedIOException(new IOException("the port launcher is gone: " + lostWhy));
    }
    if (!complete() || timedOut) {
      throw new UncheckedIOException(new IOException("the port launcher did not start "
          + request.path() + " within " + Launcher.START_TIMEOUT_MS + " ms"));
    }
    return spawned();
  }

  /**
   * Gives up on this spawn, closing what arrived; returns true if the program had started (so
   * the caller must terminate it).
   */
  synchronized boolean abandon() {
    abandoned = true;
    boolean closed = false;
    for (SocketChannel ch : channels) {
      if (ch != null) {
        Launcher.closeQuietly(ch);
        closed = true;
      }
    }
    if (closed && listener != null) {
      // The listener may have registered them with the selector, which lets go at its next select.
      PortPoller.get().execute(() -> {});
    }
    return pid >= 0;
  }
}
