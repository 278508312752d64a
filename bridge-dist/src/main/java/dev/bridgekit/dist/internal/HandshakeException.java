package dev.bridgekit.dist.internal; // not exported

import java.io.IOException;

/**
 * Reports a distribution handshake that did not complete, with why: the peer refused us or we
 * refused it, the cookies differ, it spoke nonsense, or it stalled past the timeout.
 */
public final class HandshakeException extends IOException {
  /** Why a handshake failed. */
  public enum Kind {
    /** The peer answered {@code nok}: a simultaneous connect that its own attempt wins. */
    NOK,
    /** One side refused the other ({@code not_allowed}, missing flags, a name mismatch). */
    NOT_ALLOWED,
    /** The digests did not match: the two nodes have different cookies. */
    BAD_COOKIE,
    /** The peer broke the protocol. */
    PROTOCOL,
    /** The peer did not finish within the handshake timeout. */
    TIMEOUT,
    /** The connection closed or failed mid-handshake. */
    CLOSED
  }

  private final Kind kind;

  /** Creates the exception. */
  public HandshakeException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  /** Creates the exception with its cause. */
  public HandshakeException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** Returns why the handshake failed. */
  public Kind kind() {
    return kind;
  }
}
