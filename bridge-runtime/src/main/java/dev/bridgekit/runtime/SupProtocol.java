package dev.bridgekit.runtime;

import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Term;

/**
 * The calls {@link Supervisor} and {@link DynamicSupervisor} make to their processes, and the
 * refusal they answer with; the caller turns a refusal into its exception, so the exception's
 * stack trace is the caller's.
 */
final class SupProtocol {
  private SupProtocol() {}

  record WhichChildren() {}

  record CountChildren() {}

  record TerminateChild(String id) {}

  record RestartChild(String id) {}

  record DeleteChild(String id) {}

  record StartChild(ChildSpec spec) {}

  /** For a {@link DynamicSupervisor}, whose children are known by pid. */
  record TerminatePid(Pid pid) {}

  /** Sent by a supervisor to itself to try a failed restart again, as OTP's try_again_restart. */
  record RetryRestart(Object key) {}

  /** A refused request: {@code start} when a child's start failed (a {@link StartException}). */
  record Refused(Term reason, String message, boolean start, Throwable cause) {
    static Refused of(Term reason, String message) {
      return new Refused(reason, message, false, null);
    }

    static Refused start(StartException e) {
      return new Refused(e.reason(), e.getMessage(), true, e.getCause());
    }
  }

  /** Returns {@code reply}, or throws the exception of a refusal. */
  static Object unwrap(Object reply) {
    if (reply instanceof Refused r) {
      if (r.start()) {
        throw new StartException(r.reason(), r.cause());
      }
      throw new SupervisorException(r.message(), r.reason());
    }
    return reply;
  }
}
