package dev.bridgekit.dist.internal; // not exported

/**
 * Starts the node's own service threads: accepting, dialling, handshakes, ticks, the EPMD
 * registration and the embedded EPMD. They are platform threads, as each connection's reader and
 * writer are, because processes run on virtual threads that the JDK never preempts: a few busy
 * processes hold every carrier, and a service on a virtual thread would wait behind them, a
 * handshake past the peer's setup time (7 s in BEAM) or a tick past the tick time. BEAM's
 * schedulers preempt, so its distribution never waits for busy processes; this is our way to the
 * same guarantee. There are few of these threads (a handful per node, one per handshake under
 * way), so their cost does not grow with the processes.
 */
final class ServiceThreads {
  private ServiceThreads() {}

  /** Starts {@code task} on a new daemon platform thread named {@code name}. */
  static Thread start(String name, Runnable task) {
    return Thread.ofPlatform().daemon().name(name).start(task);
  }
}
