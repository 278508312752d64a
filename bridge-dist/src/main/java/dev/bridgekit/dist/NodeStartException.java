package dev.bridgekit.dist;

/**
 * Reports that a node could not start: its name is taken in EPMD, no EPMD is reachable, the
 * listen port is in use, the cookie file is unreadable, or a node already runs in this JVM. The
 * message names the node and the cause.
 */
public final class NodeStartException extends RuntimeException {
  /** Creates the exception. */
  public NodeStartException(String message) {
    super(message);
  }

  /** Creates the exception with its cause. */
  public NodeStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
