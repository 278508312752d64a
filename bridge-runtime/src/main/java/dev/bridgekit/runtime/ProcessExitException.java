package dev.bridgekit.runtime;

import dev.bridgekit.term.Term;

/**
 * Unwinds a process that is exiting: thrown by the runtime inside a process that was killed by an
 * exit signal or that called {@link Processes#exit(Term)}. It is an {@link Error} so that code
 * which catches {@code Exception} does not stop its process from exiting; do not catch it.
 */
public final class ProcessExitException extends Error {
  private final transient Term reason;

  public ProcessExitException(Term reason) {
    super("process exiting: " + reason, null, false, false);
    this.reason = reason;
  }

  /** Returns the reason the process exits with. */
  public Term reason() {
    return reason;
  }
}
