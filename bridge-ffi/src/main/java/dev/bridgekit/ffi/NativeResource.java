package dev.bridgekit.ffi;

import dev.bridgekit.term.Pid;
import java.util.Optional;

/**
 * Something native (memory, a function pointer, a C object) that a process owns, as a NIF
 * resource object: released when it is closed, or when its owning process exits, whichever comes
 * first. The owner is the process that created it; one created outside any process has none and is
 * released only by {@link #close()}.
 *
 * <p>Release waits for leases: a bound call that takes a resource as an argument holds a lease for
 * the call, so a resource closed (or whose owner died) while a dirty call uses it is released when
 * that call returns, not under it. All methods are thread-safe.
 */
public interface NativeResource extends AutoCloseable {
  /** Returns the resource's address, for C. */
  NativePointer pointer();

  /** Returns the owning process, if the resource was created in one. */
  Optional<Pid> owner();

  /** Returns true until the resource is closed. */
  boolean isOpen();

  /**
   * Opens a lease that keeps the resource from being released until the lease is closed: hold one
   * while C code may use the resource outside a bound call.
   *
   * @throws IllegalStateException if the resource is closed
   */
  Lease acquire();

  /** Releases the resource now, or when the last lease closes. Idempotent. */
  @Override
  void close();

  /** Keeps a resource from being released while open. */
  @FunctionalInterface
  interface Lease extends AutoCloseable {
    /** Ends the lease. Idempotent. */
    @Override
    void close();
  }
}
