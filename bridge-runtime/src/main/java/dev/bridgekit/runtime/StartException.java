package dev.bridgekit.runtime;

import dev.bridgekit.term.Term;

/**
 * Thrown when starting a server, a supervisor or a supervisor's child fails, carrying the reason
 * as gen_server's {@code {error, Reason}} does: {@code {already_started, Pid}} for a taken name,
 * the crash of {@link GenServer#init()}, or, for a supervisor, {@code {shutdown,
 * {failed_to_start_child, Id, Reason}}}. When the failure was an exception in this JVM, it is the
 * cause.
 *
 * <p>{@link GenServer#init()} may throw one to fail with a reason of its choice.
 */
public final class StartException extends RuntimeException {
  private final transient Term reason;

  public StartException(Term reason) {
    this(reason, null);
  }

  public StartException(Term reason, Throwable cause) {
    super("start failed: " + GenReason.describe(reason), cause);
    this.reason = reason;
  }

  /** Returns why the start failed. */
  public Term reason() {
    return reason;
  }
}
