package dev.bridgekit.runtime;

import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Term;

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
}
