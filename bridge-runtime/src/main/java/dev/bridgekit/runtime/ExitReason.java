package dev.bridgekit.runtime;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Binary;
import dev.bridgekit.term.ListTerm;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Tuple;
import java.util.ArrayList;
import java.util.List;

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

  /** The tag of a crash reason, {@code {exception, ...}}. */
  private static final Atom EXCEPTION = Atom.of("exception");

  /** How many stack frames a crash reason keeps, from the top. */
  private static final int MAX_FRAMES = 20;

  /** Returns {@code {shutdown, detail}}, an orderly stop with a detail, not logged as a crash. */
  public static Term shutdown(Term detail) {
    if (detail == null) {
      throw new NullPointerException("detail");
    }
    return Tuple.of(SHUTDOWN, detail);
  }

  /**
   * Returns the exit reason of a process whose code threw {@code exception}: {@code {exception,
   * ClassName, Message, Stacktrace}} with the class name an atom, the message a binary and the
   * stack trace a list of binaries (its top frames, at most 20), so that it crosses to a BEAM
   * node readably.
   */
  public static Term crash(Throwable exception) {
    String className = exception.getClass().getName();
    if (className.codePointCount(0, className.length()) > 255) {
      className = className.substring(0, className.offsetByCodePoints(0, 255 - 3)) + "...";
    }
    String message = exception.getMessage();
    StackTraceElement[] trace = exception.getStackTrace();
    List<Term> frames = new ArrayList<>(Math.min(trace.length, MAX_FRAMES));
    for (int i = 0; i < trace.length && i < MAX_FRAMES; i++) {
      frames.add(Binary.of(trace[i].toString()));
    }
    return Tuple.of(EXCEPTION, Atom.of(className), Binary.of(message == null ? "" : message),
        ListTerm.of(frames));
  }

  /** Returns true for {@code normal}, {@code shutdown} and {@code {shutdown, _}}, the reasons a supervisor does not count as failures of a transient child. */
  public static boolean isOrderly(Term reason) {
    return NORMAL.equals(reason)
        || SHUTDOWN.equals(reason)
        || (reason instanceof Tuple t && t.arity() == 2 && SHUTDOWN.equals(t.get(0)));
  }
}
