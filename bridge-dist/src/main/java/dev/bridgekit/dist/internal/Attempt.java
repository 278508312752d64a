package dev.bridgekit.dist.internal; // not exported

/**
 * One handshake in progress, outgoing (we dialled) or incoming (we accepted), and what it owns:
 * the pending connection it sets up, once it has one, and its carrier, so that a simultaneous
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
  private Carrier carrier;
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

  /** Gives the attempt its carrier; false (and the carrier closed) if it was aborted already. */
  synchronized boolean carrier(Carrier c) {
    if (aborted) {
      c.close();
      return false;
    }
    carrier = c;
    return true;
  }

  /** Ends the attempt: closes its carrier, so that its handshake fails at once. */
  synchronized void abort() {
    aborted = true;
    if (carrier != null) {
      carrier.close();
    }
  }

  @Override
  public String toString() {
    return (outgoing ? "outgoing" : "incoming") + " handshake";
  }
}
