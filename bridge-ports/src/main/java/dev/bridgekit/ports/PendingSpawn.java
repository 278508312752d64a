package dev.bridgekit.ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * One spawn in flight: the launcher's reply and the connections of the program's streams,
 * which arrive in either order. Any thread; guarded by its monitor (never held while blocking
 * but in {@link #await}, which waits on it).
 */
final class PendingSpawn {
  private final long id;
  private final boolean wantErr;
  private final SocketChannel[] channels = new SocketChannel[4];
  private long pid = -1;
  private PortOpenFailure failure;
  private String lostWhy;
  private boolean abandoned;

  PendingSpawn(long id, boolean wantErr) {
    this.id = id;
    this.wantErr = wantErr;
  }

  record PortOpenFailure(int stage, int errno, String name, String message) {}

  synchronized boolean attach(int role, SocketChannel ch) {
    if (abandoned || channels[role] != null) {
      return false;
    }
    channels[role] = ch;
    notifyAll();
    return true;
  }

  synchronized boolean spawned(long osPid) {
    if (abandoned) {
      return false;
    }
    pid = osPid;
    notifyAll();
    return true;
  }

  synchronized void failed(int stage, int errno, String name, String message) {
    failure = new PortOpenFailure(stage, errno, name, message);
    notifyAll();
  }

  synchronized void lose(String why) {
    lostWhy = why;
    notifyAll();
  }

  synchronized SocketChannel channel(int role) {
    return channels[role];
  }

  private boolean complete() {
    if (failure != null || lostWhy != null) {
      return true;
    }
    if (id == 0) {
      return channels[Launcher.ROLE_IN] != null;
    }
    return pid >= 0 && channels[Launcher.ROLE_IN] != null && channels[Launcher.ROLE_OUT] != null
        && (!wantErr || channels[Launcher.ROLE_ERR] != null);
  }

  synchronized void await(long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (!complete()) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        return;
      }
      wait(left);
    }
  }

  /** Returns the spawned program, or throws what went wrong. */
  synchronized Launcher.Spawned result(Launcher.Request request) {
    if (failure != null) {
      throw LauncherFrames.openFailure(request, failure);
    }
    if (lostWhy != null) {
      throw new UncheckedIOException(new IOException("the port launcher is gone: " + lostWhy));
    }
    if (!complete()) {
      throw new UncheckedIOException(new IOException("the port launcher did not start "
          + request.path() + " within " + Launcher.START_TIMEOUT_MS + " ms"));
    }
    return new Launcher.Spawned(id, pid, channels[Launcher.ROLE_IN], channels[Launcher.ROLE_OUT], channels[Launcher.ROLE_ERR]);
  }

  /**
   * Gives up on this spawn, closing what arrived; returns true if the program had started (so
   * the caller must terminate it).
   */
  synchronized boolean abandon() {
    abandoned = true;
    for (SocketChannel ch : channels) {
      Launcher.closeQuietly(ch);
    }
    return pid >= 0;
  }
}
