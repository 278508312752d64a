package dev.bridgekit.runtime;

import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
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
 * No extra message and one allocation per call. (Calls from other nodes will use process aliases,
 * as OTP 24 does, when distribution carries calls.)
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

  private final Pid pid;
  private final Ref tag;

  @SuppressWarnings("unused") // accessed through SLOT
  private volatile Object slot = PENDING;

  From(Pid pid, Ref tag) {
    this.pid = pid;
    this.tag = tag;
  }

  /** Returns the calling process. */
  public Pid pid() {
    return pid;
  }

  /** Returns the call's tag, unique to this call (the caller's monitor on the server). */
  public Ref tag() {
    return tag;
  }

  /** Delivers {@code reply} unless the call was answered or abandoned; see the class comment. */
  boolean reply(Object reply) {
    if (!SLOT.compareAndSet(this, PENDING, reply == null ? NULL : reply)) {
      return false;
    }
    Processes.send(pid, this);
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
