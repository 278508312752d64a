package dev.bridgekit.runtime;

import dev.bridgekit.term.Term;

/**
 * Thrown when a supervisor refuses a request about its children, carrying the reason as Erlang's
 * {@code {error, Reason}}: {@code not_found} (no such child), {@code running} (the child runs, so
 * it cannot be restarted or deleted), {@code restarting}, {@code already_present} (a stopped child
 * has that id), {@code {already_started, Pid}} (a running child has that id), {@code
 * max_children} (a {@link DynamicSupervisor} is full).
 */
public final class SupervisorException extends RuntimeException {
  private final transient Term reason;

  public SupervisorException(String message, Term reason) {
    super(message);
    this.reason = reason;
  }

  /** Returns why the supervisor refused. */
  public Term reason() {
    return reason;
  }
}
