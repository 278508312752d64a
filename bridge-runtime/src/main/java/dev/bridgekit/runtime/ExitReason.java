package dev.bridgekit.runtime;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Term;

/**
 * The exit reasons with a meaning of their own, as Erlang names them, and the form of a crash.
 * Any term is a valid exit reason.
 */
public final class ExitReason {
  private ExitReason() {}

  /** A normal exit: links to processes that do not trap exits ignore it. */
  public static final Atom NORMAL = Atom.of("normal");
  /** An orderly stop asked by a supervisor; not logged as a crash. */
  public static final Atom SHUTDOWN = Atom.of("shutdown");
  /** Sent with {@link Processes#exit}, kills even a process that traps exits. */
  public static final Atom KILL = Atom.of("kill");
  /** What linked and monitoring processes see when a process was killed with {@link #KILL}. */
  public static final Atom KILLED = Atom.of("killed");
  /** The reason given for a process that did not exist. */
  public static final Atom NOPROC = Atom.of("noproc");
  /** The reason given when the connection to a process's node was lost. */
  public static final Atom NOCONNECTION = Atom.of("noconnection");

  /** Returns {@code {shutdown, detail}}, an orderly stop with a detail, not logged as a crash. */
  public static Term shutdown(Term detail) {
    throw new UnsupportedOperationException("runtime helper writes this");
  }

  /**
   * Returns the exit reason of a process whose code threw {@code exception}: {@code {exception,
   * ClassName, Message, Stacktrace}} with the class name an atom, the message a binary and the
   * stack trace a list of binaries, so that it crosses to a BEAM node readably.
   */
  public static Term crash(Throwable exception) {
    throw new UnsupportedOperationException("runtime helper writes this");
  }

  /** Returns true for {@code normal}, {@code shutdown} and {@code {shutdown, _}}, the reasons a supervisor does not count as failures of a transient child. */
  public static boolean isOrderly(Term reason) {
    throw new UnsupportedOperationException("runtime helper writes this");
  }
}
