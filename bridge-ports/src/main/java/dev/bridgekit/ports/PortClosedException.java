package dev.bridgekit.ports;

/**
 * Thrown by a call on a port that is closed, or whose program's input is closed (after {@link
 * Port#closeInput()} or a failed write), as {@code badarg} is in Erlang. Nothing was written.
 */
public final class PortClosedException extends IllegalStateException {
  PortClosedException(String message) {
    super(message);
  }
}
