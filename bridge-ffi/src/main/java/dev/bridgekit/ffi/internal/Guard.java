package dev.bridgekit.ffi.internal;

import dev.bridgekit.ffi.NativeResource;
import dev.bridgekit.runtime.NotAProcessException;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Pid;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Guards the release of one native resource: released once, when it is closed (explicitly, or by
 * its owner's exit) and no lease is open, so native code never runs on freed memory that a bound
 * call was handed.
 */
public final class Guard {
  private static final int CLOSING = 1 << 30;

  private final String what;
  private final Runnable release;
  private final Pid owner;
  private final AtomicInteger state = new AtomicInteger();
  private final AtomicBoolean released = new AtomicBoolean();

  /**
   * Creates a guard of {@code what} (for messages) that runs {@code release} once; owned by the
   * calling process, if the caller is one, and then released when that process exits.
   */
  public Guard(String what, Runnable release) {
    this.what = what;
    this.release = release;
    this.owner = callingProcess();
    if (owner != null) {
      Janitors.own(owner, this);
    }
  }

  private static Pid callingProcess() {
    try {
      return Processes.self();
    } catch (NotAProcessException e) {
      return null;
    }
  }

  /** Returns the owning process, if any. */
  public Optional<Pid> owner() {
    return Optional.ofNullable(owner);
  }

  /** Returns true until the resource is closed. */
  public boolean isOpen() {
    return (state.get() & CLOSING) == 0;
  }

  /**
   * Opens a lease that keeps the resource from being released until the lease closes.
   *
   * @throws IllegalStateException naming the resource if it is closed
   */
  public NativeResource.Lease acquire() {
    while (true) {
      int s = state.get();
      if ((s & CLOSING) != 0) {
        throw new IllegalStateException(what + " is closed");
      }
      if (state.compareAndSet(s, s + 1)) {
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
          if (open.compareAndSet(true, false) && state.decrementAndGet() == CLOSING) {
            releaseOnce();
          }
        };
      }
    }
  }

  /** Closes the resource: released now, or when the last lease closes. Idempotent. */
  public void close() {
    while (true) {
      int s = state.get();
      if ((s & CLOSING) != 0) {
        return;
      }
      if (state.compareAndSet(s, s | CLOSING)) {
        if (s == 0) {
          releaseOnce();
        }
        return;
      }
    }
  }

  private void releaseOnce() {
    if (released.compareAndSet(false, true)) {
      if (owner != null) {
        Janitors.disown(owner, this);
      }
      release.run();
    }
  }

  /** Returns true once the resource has been released. */
  public boolean isReleased() {
    return released.get();
  }

  @Override
  public String toString() {
    return what;
  }
}
