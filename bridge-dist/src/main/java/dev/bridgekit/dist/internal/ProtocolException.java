package dev.bridgekit.dist.internal; // not exported

/**
 * Reports bytes from a peer that break a protocol this module speaks (EPMD, the distribution
 * handshake, distribution packets): truncated or oversized input, an unknown tag, a field out of
 * range, a control message of the wrong shape. The decoders throw nothing else, whatever the
 * input; the message names the problem and, where there is one, the offset.
 */
public final class ProtocolException extends Exception {
  /** Creates the exception. */
  public ProtocolException(String message) {
    super(message);
  }

  /** Creates the exception with the error that caused it (a term that did not decode). */
  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
