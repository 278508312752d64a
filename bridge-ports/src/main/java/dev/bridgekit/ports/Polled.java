package dev.bridgekit.ports;

import java.nio.ByteBuffer;

/**
 * Something the {@link PortPoller} watches a channel for: a port's reader or writer, the
 * launcher's acceptor or control reader.
 */
interface Polled {
  /** Does what the channel is ready for. Poll thread. */
  void ready(ByteBuffer scratch);

  /** Fails the port with what {@link #ready} threw unexpectedly. Poll thread. */
  void crashed(RuntimeException e);
}
