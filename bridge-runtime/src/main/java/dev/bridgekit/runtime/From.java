package dev.bridgekit.runtime;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.ListTerm;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Terms;
import dev.bridgekit.term.Tuple;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Identifies a {@link GenServer#call} waiting for its reply: the caller's pid and the call's tag,
 * as gen_server's {@code From}. A server that does not answer in {@link
 * GenServer#handleCall} keeps it and answers later with {@link GenServer#reply(From, Object)},
 * from any process or thread. Each call is answered at most once.
 *
 * <p>How a reply that comes too late is dropped: the caller and whoever replies share this object
 * (calls are local), and its one slot decides the race with a compare-and-set. The replier swaps
 * the slot from pending to the reply and only then sends this object to the caller; a caller that
 * gives up (timeout, or the server's exit) swaps it from pending to abandoned. Whoever swaps first
 * wins: a late replier finds the slot abandoned and sends nothing, so no late reply ever lands in
 * the caller's mailbox, and a caller that loses the race knows a reply is on its way and takes it.
 * No extra message and one allocation per call.
 *
 * <p>A call from another node's process ({@code gen_server:call} on a BEAM node, which sends
 * {@code {'$gen_call', {Pid, Tag}, Request}}) has a From too: its reply is the term {@code {Tag,
 * Reply}} (a null reply becomes {@code undefined}), sent through the caller's alias when the tag
 * is OTP 24's {@code [alias|Ref]}, else to its pid, as {@code gen:reply/2} does.
 */
public final class From {
  private static final Object PENDING = new Object();
  private static final Object ABANDONED = new Object();

  /** Stands for a null reply in the slot, where null cannot be told apart from unset. */
  private static final Object NULL = new Object();

  private static final VarHandle SLOT;

  static {
    try {
      SLOT = MethodHandles.lookup().findVarHandle(From.class, "slot", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Atom ALIAS = Atom.of("alias");

  private final Pid pid;
  private final Ref tag;
  /** The tag as a remote caller sent it, or null for a local call. */
  private final Term wireTag;

  @SuppressWarnings("unused") // accessed through SLOT
  private volatile Object slot = PENDING;

  From(Pid pid, Ref tag) {
    this(pid, tag, null);
  }

  private From(Pid pid, Ref tag, Term wireTag) {
    this.pid = pid;
    this.tag = tag;
    this.wireTag = wireTag;
  }

  /** Returns the From of a call that process {@code pid} of another node made with {@code tag}. */
  static From remote(Pid pid, Term tag) {
    return new From(pid, aliasOf(tag) instanceof Ref r ? r : tag instanceof Ref r ? r : null, tag);
  }

  /**
   * Returns the alias a tag names ({@code [alias|Alias]}, or that as the head of a list, as
   * gen:reply/2 reads it), or null.
   */
  private static Ref aliasOf(Term tag) {
    if (tag instanceof ListTerm l && l.size() >= 1) {
      if (l.size() == 1 && ALIAS.equals(l.elements().get(0)) && l.tail() instanceof Ref r) {
        return r;
      }
      return l.elements().get(0) instanceof ListTerm head ? aliasOf(head) : null;
    }
    return null;
  }

  /** Returns the calling process. */
  public Pid pid() {
    return pid;
  }

  /**
   * Returns the call's tag, unique to this call (the caller's monitor on the server; for a call
   * from another node, the reference its tag carries, or null if it carries none).
   */
  public Ref tag() {
    return tag;
  }

  /** Delivers {@code reply} unless the call was answered or abandoned; see the class comment. */
  boolean reply(Object reply) {
    // A remote reply is converted first: one with no term form throws with the call unanswered.
    Tuple message = wireTag == null ? null
        : Tuple.of(wireTag, reply == null ? Atom.UNDEFINED : Terms.from(reply));
    if (!SLOT.compareAndSet(this, PENDING, reply == null ? NULL : reply)) {
      return false;
    }
    if (message == null) {
      Processes.send(pid, this);
      return true;
    }
    Ref alias = aliasOf(wireTag);
    if (alias != null) {
      Processes.send(alias, message);
    } else {
      Processes.send(pid, message);
    }
    return true;
  }

  /**
   * Gives up waiting, for the caller; returns false if a reply won the race, which is then on its
   * way (or already in the mailbox) and in {@link #value()}.
   */
  boolean abandon() {
    return SLOT.compareAndSet(this, PENDING, ABANDONED);
  }

  /** Returns the reply, once {@link #reply} won the race. */
  Object value() {
    Object v = slot;
    return v == NULL ? null : v;
  }

  @Override
  public String toString() {
    return "From[" + pid + ", " + tag + "]";
  }
}
