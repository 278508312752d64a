package dev.bridgekit.dist.internal; // not exported

import java.io.IOException;
import java.net.Socket;

/**
 * One handshake in progress, outgoing (we dialled) or incoming (we accepted), and what it owns:
 * the pending connection it sets up, once it has one, and its socket, so that a simultaneous
 * connect that another attempt wins can abort it. Fields are written under the distribution's
 * setup lock or before the attempt is shared.
 */
final class Attempt {
  final boolean outgoing;
  /** For an outgoing attempt: when the first dial of this connection began (System.nanoTime). */
  final long started;
  /** For an outgoing attempt: how many dials came before this one (answered nok). */
  final int retries;
  /** The pending connection this attempt sets up; null for an incoming one not yet admitted. */
  volatile Connection connection;
  /** For an incoming attempt answered {@code alive}: the connection it replaces once done. */
  volatile Connection replacing;
  private Socket socket;
  private boolean aborted;

  Attempt(boolean outgoing) {
    this(outgoing, System.nanoTime(), 0);
  }

  private Attempt(boolean outgoing, long started, int retries) {
    this.outgoing = outgoing;
    this.started = started;
    this.retries = retries;
  }

  /** Returns the outgoing attempt that dials again after this one was answered nok. */
  Attempt retry() {
    return new Attempt(true, started, retries + 1);
  }

  /** Gives the attempt its socket; false (and the socket closed) if it was aborted already. */
  synchronized boolean socket(Socket s) {
    if (aborted) {
      closeQuietly(s);
      return false;
    }
    socket = s;
    return true;
  }

  /** Ends the attempt: closes its socket, so that its handshake fails at once. */
  synchronized void abort() {
    aborted = true;
    if (socket != null) {
      closeQuietly(socket);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // Closing is the point; nothing is left to do if it fails.
    }
  }

  @Override
  public String toString() {
    return (outgoing ? "outgoing" : "incoming") + " handshake";
  }
}
