package dev.bridgekit.runtime;

import dev.bridgekit.term.Term;

/**
 * Thrown when a {@link GenServer#call} or {@link GenServer#stop} fails, carrying why and the call,
 * as gen_server's exit reason {@code {Reason, {gen_server, call, [Server, Request]}}} does. The
 * reasons: {@code noproc} (the server did not exist), {@code timeout} (no answer in time), {@code
 * calling_self} (a server called itself, which could never be answered), or the exit reason of a
 * server that exited during the call.
 */
public final class CallException extends RuntimeException {
  private final transient Term reason;
  private final transient Object server;
  private final transient Object request;

  public CallException(Term reason, Object server, Object request) {
    super(
        "call to "
            + server
            + " failed: "
            + GenReason.describe(reason)
            + " (request: "
            + request
            + ")");
    this.reason = reason;
    this.server = server;
    this.request = request;
  }

  /** Returns why the call failed. */
  public Term reason() {
    return reason;
  }

  /** Returns the server called: its pid or registered name, as the caller gave it. */
  public Object server() {
    return server;
  }

  /** Returns the request (for {@link GenServer#stop}, the {@code stop} with its reason). */
  public Object request() {
    return request;
  }
}
