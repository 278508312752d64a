package dev.bridgekit.dist.internal; // not exported

import java.io.Closeable;
import java.io.IOException;

/**
 * A node's listening socket, on which peers' connections arrive as {@link Carrier}s.
 * {@link #close} may be called while a thread is blocked in {@link #accept}, which then throws.
 */
public interface CarrierListener extends Closeable {
  /** Waits for the next connection; throws once the listener is closed. */
  Carrier accept() throws IOException;

  /** The port it listens on (the one the system picked, when asked for port 0). */
  int localPort();

  /** Closes the listener; idempotent, never throws. */
  @Override
  void close();
}
