package dev.bridgekit.dist.internal; // not exported

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;

/**
 * The byte stream one distribution connection runs over, a TCP connection: what Erlang calls the
 * distribution carrier. TCP_NODELAY is on once connected.
 *
 * <p>At most one thread reads and one thread writes at a time: the handshake's, which reads with
 * a timeout, then the connection's reader and whoever holds its write lock. {@link #close} may be
 * called at any time, from any thread: a read or write under way or later ends at once (a read
 * with the end of the stream or an {@link IOException}, a write with an {@link IOException}), and
 * the socket is released once none is under way.
 */
public interface Carrier extends Closeable {
  /**
   * Connects this carrier, created unconnected, to {@code to}, waiting at most {@code
   * timeoutMillis} (a {@link java.net.SocketTimeoutException} then).
   *
   * @throws IOException if the connection is refused, times out or the carrier was closed
   */
  void connect(InetSocketAddress to, int timeoutMillis) throws IOException;

  /** The stream to read from: a read blocks until data, the end of the stream, or the timeout. */
  InputStream input() throws IOException;

  /** The stream to write to, unbuffered: a write returns once all of it is handed to TCP. */
  OutputStream output() throws IOException;

  /**
   * Bounds every later read to {@code millis} (0: no bound); a read that times out throws
   * {@link java.net.SocketTimeoutException} and the carrier stays usable.
   */
  void readTimeout(int millis) throws IOException;

  /** Describes the far end for logs ({@code "127.0.0.1:4369"}), or "unconnected". */
  String peer();

  /** Closes the carrier; idempotent, never throws. */
  @Override
  void close();
}
