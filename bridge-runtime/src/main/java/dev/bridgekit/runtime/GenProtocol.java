package dev.bridgekit.runtime;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Tuple;

/**
 * The messages between callers and a server process, as gen_server's {@code '$gen_call'}, {@code
 * '$gen_cast'} and system messages. Replies are not here: a reply is the call's {@link From}
 * itself, sent back to the caller (see {@link From}).
 */
final class GenProtocol {
  private GenProtocol() {}

  /** A call: the server answers {@code from}. */
  record Call(From from, Object request) {}

  /** A cast: no answer. */
  record Cast(Object message) {}

  /** A request to terminate with {@code reason}, as {@code sys:terminate}. */
  record SystemStop(Term reason) {}

  /**
   * The new server's answer to its starter: {@code failure} is null once {@code init} returned,
   * else the reason the start failed and, when there is one, the exception behind it (local, so
   * the starter's {@link StartException} keeps the stack trace).
   */
  record Started(Pid pid, Term failure, Throwable cause) {}

  /**
   * A system message from a process of another node, as {@code sys} sends it: {@code {system,
   * {Pid, Tag}, Request}}; {@code from} answers it.
   */
  record RemoteSystem(From from, Term request) {}

  static final Atom GEN_CALL = Atom.of("$gen_call");
  static final Atom GEN_CAST = Atom.of("$gen_cast");
  static final Atom SYSTEM = Atom.of("system");

  /**
   * Returns the call in {@code message} if it is gen_server's {@code {'$gen_call', {Pid, Tag},
   * Request}} from a process of another node, else null.
   */
  static Call remoteCall(Object message) {
    From from = remoteFrom(message, GEN_CALL);
    return from == null ? null : new Call(from, ((Tuple) message).get(2));
  }

  /**
   * Returns the system message in {@code message} if it is {@code sys}'s {@code {system, {Pid,
   * Tag}, Request}} from a process of another node, else null.
   */
  static RemoteSystem remoteSystem(Object message) {
    From from = remoteFrom(message, SYSTEM);
    return from == null ? null : new RemoteSystem(from, ((Tuple) message).get(2));
  }

  /**
   * Returns the sender of {@code message} if it is {@code {kind, {Pid, Tag}, _}}, the shape of
   * gen's requests ({@code '$gen_call'}, {@code system}), else null.
   */
  private static From remoteFrom(Object message, Atom kind) {
    if (message instanceof Tuple t && t.arity() == 3 && kind.equals(t.get(0))
        && t.get(1) instanceof Tuple from && from.arity() == 2
        && from.get(0) instanceof Pid caller) {
      return From.remote(caller, from.get(1));
    }
    return null;
  }

  /** Returns the message of gen_server's {@code {'$gen_cast', Message}}, else null. */
  static Term remoteCast(Object message) {
    return message instanceof Tuple t && t.arity() == 2 && GEN_CAST.equals(t.get(0))
        ? t.get(1) : null;
  }
}
