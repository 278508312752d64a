package dev.bridgekit.ffi;

import dev.bridgekit.ffi.internal.Guard;
import dev.bridgekit.term.Pid;
import java.util.Optional;

/**
 * The ownership half every {@link NativeResource} shares: a {@link Guard} that ties the resource
 * to its owning process, counts leases and releases the native side once. Subclasses add what the
 * resource is (memory, an object handle, a callback stub).
 */
abstract sealed class GuardedResource implements NativeResource
    permits NativeMemory, NativeObject, NativeCallback {
  private final Guard guard;

  GuardedResource(Guard guard) {
    this.guard = guard;
  }

  @Override
  public final Optional<Pid> owner() {
    return guard.owner();
  }

  @Override
  public final boolean isOpen() {
    return guard.isOpen();
  }

  @Override
  public final Lease acquire() {
    return guard.acquire();
  }

  @Override
  public final void close() {
    guard.close();
  }

  @Override
  public final String toString() {
    return guard + (isOpen() ? "" : " (closed)");
  }
}
