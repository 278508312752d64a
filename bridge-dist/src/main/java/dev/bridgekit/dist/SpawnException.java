package dev.bridgekit.dist;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Term;

/**
 * Thrown when a process cannot be spawned on another node ({@link Node#spawn}): the node refused
 * the request or cannot be reached. A function that does not exist there is no such failure: as
 * in Erlang, the process starts and exits with {@code undef}.
 */
public final class SpawnException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Atom node;
  private final transient Term reason;

  /** Creates the exception for a spawn of {@code mfa} on {@code node} that failed with {@code reason}. */
  public SpawnException(Atom node, String mfa, Term reason) {
    super("cannot spawn " + mfa + " on " + node + ": " + reason);
    this.node = node;
    this.reason = reason;
  }

  /** Returns the node asked to spawn. */
  public Atom node() {
    return node;
  }

  /**
   * Returns why: {@code noconnection} when the node cannot be reached or the connection was lost
   * before it answered, else the atom the node answered with ({@code badopt}, {@code
   * system_limit}, ...).
   */
  public Term reason() {
    return reason;
  }
}
