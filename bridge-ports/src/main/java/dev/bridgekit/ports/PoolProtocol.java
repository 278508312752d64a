package dev.bridgekit.ports;

import dev.bridgekit.term.Pid;

/** The messages a {@link PortPool} handle sends its process. */
final class PoolProtocol {
  private PoolProtocol() {}

  /** Check a worker out; with {@code block}, wait for one, else answer {@link #FULL}. */
  record Checkout(boolean block) {}

  /** Take a worker back (a cast). */
  record Checkin(Pid worker) {}

  enum Status { INSTANCE }

  /** The answer to a non-blocking checkout when no worker is free. */
  static final Object FULL = new Object() {
    @Override
    public String toString() {
      return "full";
    }
  };
}
