package dev.bridgekit.runtime.internal; // not exported

import dev.bridgekit.runtime.Matcher;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Holds a process's messages: any thread appends (multi-producer), only the owning thread takes
 * (single consumer), by selective receive.
 *
 * <p>Senders push onto a lock-free stack, {@code incoming}, newest first. The owner swaps the whole
 * stack out with one atomic operation, reverses it and appends it to {@code saved}, its private
 * list of messages seen and not yet taken, oldest first; a receive scans {@code saved} from its
 * oldest message, so unmatched messages keep their order. The nodes senders allocate are the nodes
 * of {@code saved}: a receive allocates nothing.
 *
 * <p>Waiting: the owner replaces an empty stack with the {@link #PARKED} marker and parks. The one
 * sender that replaces the marker unparks it; every other send is a single CAS, with no wake-up.
 *
 * <p>A timed wait of a virtual thread parks without a timeout and relies on the node's {@link
 * ReceiveTimer} to end it: a timed {@code parkNanos} would schedule and cancel a JDK timer task
 * each time, which cost more than the rest of a {@code GenServer.call} round trip.
 *
 * <p>Spinning, as BEAM's schedulers do before they sleep: a waiter whose recent waits were short
 * polls for up to {@link #SPIN_NANOS} before it parks. Then a process answered within that time
 * never parks, and its peer's send is a plain CAS with no wake-up: two virtual threads that call
 * each other stay on their two carriers. Parking costs more than it seems: the unpark pushes the
 * waiter onto the waker's carrier and wakes an idle carrier to steal it, about 1 µs each way on 2
 * cores. Spinning must be earned, so that idle processes never spin: a wait that ends within the
 * window earns credit; a spin that runs out (the peer was queued behind the spinner on its own
 * carrier, or is slow) makes this queue park at once for twice as many waits as the last time, up
 * to {@link #MAX_BACKOFF}. Short polls (40 to 300) do not work: they end just before the answer,
 * and the park then costs what it always costs, plus the poll.
 */
public abstract class MessageQueue {
  /** One message, first on the incoming stack, then on the saved list. */
  private static final class Node {
    final Object message;
    Node next;

    Node(Object message) {
      this.message = message;
    }
  }

  private static final Node PARKED = new Node(null);

  private static final Runnable[] NO_WORK = {};

  /**
   * How long a waiter may spin, in nanoseconds ({@code -Dbridgekit.runtime.spinNanos}, 0 for never).
   * It spins only where another carrier may run its peer meanwhile: with one CPU, or one carrier
   * for virtual threads, never. The window must cover a round trip to another node over
   * loopback, which differs from machine to machine. Where that took about 30 µs, on bench
   * dist.echo_rtt a Java echo answering erl took 1.40 to 1.56 of BEAM's time with 20 µs (its waits
   * were just longer, so it never spun), 1.03 to 1.08 with 40 µs, 0.85 to 0.92 with 60 µs, and no
   * better with 100 µs. Where it takes 75 to 90 µs, the echo's round trip was 74 to 104 µs with 60
   * µs (it never spun), 42 to 69 µs with 100 µs, and 48 to 53 µs with 150 µs, against 88 to 94 µs
   * for BEAM's echo, three alternating runs each.
   */
  static final long SPIN_NANOS =
      Runtime.getRuntime().availableProcessors() > 1
              && !"1".equals(System.getProperty("jdk.virtualThreadScheduler.parallelism"))
          ? Long.getLong("bridgekit.runtime.spinNanos", 150_000)
          : 0;

  /** Short waits in a row a queue needs before it spins. */
  private static final int SPIN_AFTER = 2;

  /** The most waits a queue parks at once for after its spins ran out. */
  private static final int MAX_BACKOFF = 1 << 12;
  private static final VarHandle INCOMING;

  static {
    try {
      INCOMING = MethodHandles.lookup().findVarHandle(MessageQueue.class, "incoming", Node.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The thread that receives; set before the process is published, never changed after. */
  Thread owner;

  @SuppressWarnings("unused") // through INCOMING
  private volatile Node incoming;

  private Node savedHead;
  private Node savedTail;

  /** Short waits in a row (at most {@link #SPIN_AFTER}); owner only. */
  private int shortWaits;

  /** Waits left to park without spinning, after a spin that ran out; owner only. */
  private int parkOnly;

  /** What {@link #parkOnly} is set to after the next spin that runs out; owner only. */
  private int backoff = 1;

  /** Work for {@link #beforeNextWait}, the first {@link #beforeWaitCount} slots. Owner only. */
  private Runnable[] beforeWait = NO_WORK;

  private int beforeWaitCount;

  /** This queue's side of the {@link ReceiveTimer}, from its first long timed wait. Owner only. */
  private ReceiveTimer.Waiter timedWaiter;

  /** Appends {@code message}. Any thread. */
  final void push(Object message) {
    Node node = new Node(message);
    for (;;) {
      Node head = (Node) INCOMING.getVolatile(this);
      if (head == PARKED) {
        node.next = null;
        if (INCOMING.compareAndSet(this, PARKED, node)) {
          LockSupport.unpark(owner);
          return;
        }
      } else {
        node.next = head;
        if (INCOMING.compareAndSet(this, head, node)) {
          return;
        }
      }
    }
  }

  /**
   * Returns true if messages wait that no receive has taken yet (new ones, or ones a receive
   * passed over). Owner only: a hint that the owner has more to do before it waits.
   */
  public final boolean hasPendingMessages() {
    Object head = INCOMING.getVolatile(this);
    return (head != null && head != PARKED) || savedHead != null;
  }

  /**
   * Has {@code work} run once, the next time the owner is about to wait in a receive: for work it
   * put off while it had messages to go through, such as writing out the packets it sent to
   * another node (so a request it sends does not wait behind its backlog when it then waits for
   * the answer). The same work given again before then runs once. Not run when the process exits
   * instead; whoever puts work off bounds the delay for that case. Owner only.
   */
  public final void beforeNextWait(Runnable work) {
    for (int i = 0; i < beforeWaitCount; i++) {
      if (beforeWait[i] == work) {
        return;
      }
    }
    if (beforeWaitCount == beforeWait.length) {
      beforeWait = Arrays.copyOf(beforeWait, Math.max(2, beforeWaitCount * 2));
    }
    beforeWait[beforeWaitCount++] = work;
  }

  /** Runs and forgets the work of {@link #beforeNextWait}. */
  private void runBeforeWait() {
    int n = beforeWaitCount;
    beforeWaitCount = 0;
    for (int i = 0; i < n; i++) {
      Runnable work = beforeWait[i];
      beforeWait[i] = null;
      work.run();
    }
  }

  /** Wakes the owner if it waits, without a message: it then looks at why (an exit signal). */
  final void wake() {
    LockSupport.unpark(owner);
  }

  /**
   * Takes the oldest message {@code matcher} accepts, as {@code Processes.receive}. Owner only.
   * (Called straight from {@code Processes}: each frame between a process's body and its park is
   * kept in the heap while it waits.)
   *
   * @param timeoutNanos how long to wait: negative for ever, 0 to look only at what is there
   * @return what the matcher returned, or null on timeout
   * @throws dev.bridgekit.runtime.ProcessExitException if the process is killed while it waits
   */
  public final <T> T receive(Matcher<T> matcher, long timeoutNanos) {
    Node prev = null;
    for (Node n = savedHead; n != null; prev = n, n = n.next) {
      T result = matcher.match(n.message);
      if (result != null) {
        unlinkSaved(prev, n);
        return result;
      }
    }
    // As in Erlang, the clock starts when the receive first has to wait, not before.
    long deadline = 0;
    boolean timing = false;
    for (;;) {
      Node batch = drain();
      if (batch != null) {
        // The batch now follows prev (the old tail): scan only the new messages.
        for (Node n = batch; n != null; prev = n, n = n.next) {
          T result = matcher.match(n.message);
          if (result != null) {
            unlinkSaved(prev, n);
            return result;
          }
        }
        continue;
      }
      if (beforeWaitCount > 0 && timeoutNanos != 0) {
        runBeforeWait();
        continue; // that took time: look again before waiting
      }
      if (timeoutNanos < 0) {
        awaitForever();
      } else if (timeoutNanos == 0) {
        return null;
      } else {
        long now = System.nanoTime();
        if (!timing) {
          deadline = now + timeoutNanos;
          timing = true;
        }
        if (!awaitUntil(deadline, now)) {
          return null;
        }
      }
    }
  }

  /** Removes the oldest message {@code matcher} accepts, if any, without waiting. Owner only. */
  public final boolean removeMessage(Matcher<?> matcher) {
    return receive(matcher, 0) != null;
  }

  /** Called by the owner, parked in a receive, each time it wakes: throws to end the receive. */
  abstract void checkWakeUp();

  private void unlinkSaved(Node prev, Node n) {
    if (prev == null) {
      savedHead = n.next;
    } else {
      prev.next = n.next;
    }
    if (n == savedTail) {
      savedTail = prev;
    }
    n.next = null;
  }

  /** Moves the incoming stack to the end of the saved list; returns its first node, or null. */
  private Node drain() {
    Node head = (Node) INCOMING.getVolatile(this);
    if (head == null || head == PARKED) {
      return null;
    }
    head = (Node) INCOMING.getAndSet(this, (Node) null);
    Node reversed = null;
    Node last = head;
    while (head != null) {
      Node next = head.next;
      head.next = reversed;
      reversed = head;
      head = next;
    }
    if (savedTail == null) {
      savedHead = reversed;
    } else {
      savedTail.next = reversed;
    }
    savedTail = last;
    return reversed;
  }

  /** Waits until the stack holds messages. */
  private void awaitForever() {
    if (spinUntil(Long.MAX_VALUE) || !INCOMING.compareAndSet(this, (Node) null, PARKED)) {
      return;
    }
    long parkedAt = SPIN_NANOS > 0 ? System.nanoTime() : 0;
    for (;;) {
      LockSupport.park(this);
      checkWakeUp();
      if (INCOMING.getVolatile(this) != PARKED) {
        learn(parkedAt);
        return;
      }
    }
  }

  /**
   * Polls for a message for up to {@link #SPIN_NANOS} (not past {@code deadline}), if this queue
   * has earned it (see the class comment).
   *
   * @return true if a message came; false if the caller must park
   */
  private boolean spinUntil(long deadline) {
    if (shortWaits < SPIN_AFTER) {
      return false;
    }
    if (parkOnly > 0) {
      parkOnly--;
      return false;
    }
    long end = System.nanoTime() + SPIN_NANOS;
    if (end - deadline > 0) {
      end = deadline;
    }
    for (int i = 1; ; i++) {
      if (INCOMING.getVolatile(this) != null) {
        backoff = 1;
        return true;
      }
      Thread.onSpinWait();
      if ((i & 63) == 0) {
        checkWakeUp();
        if (System.nanoTime() - end >= 0) {
          parkOnly = backoff;
          backoff = Math.min(backoff << 1, MAX_BACKOFF);
          return false;
        }
      }
    }
  }

  /** Counts a park that began at {@code parkedAt} and just ended: short ones earn spinning. */
  private void learn(long parkedAt) {
    if (SPIN_NANOS <= 0) {
      return;
    }
    if (System.nanoTime() - parkedAt < SPIN_NANOS) {
      if (shortWaits < SPIN_AFTER) {
        shortWaits++;
      }
    } else {
      shortWaits = 0;
    }
  }

  /**
   * Waits until the stack holds messages or {@code deadline} passes.
   *
   * @param now the time, a moment ago (one clock read fewer)
   * @return false on timeout
   */
  private boolean awaitUntil(long deadline, long now) {
    if (spinUntil(deadline)) {
      return true;
    }
    if (!INCOMING.compareAndSet(this, (Node) null, PARKED)) {
      return true;
    }
    long parkedAt = now;
    ReceiveTimer.Waiter armed = null;
    try {
      for (;;) {
        long left = deadline - now;
        if (left <= 0) {
          // A sender may replace the marker right now: then its message is there to take.
          return !INCOMING.compareAndSet(this, PARKED, (Node) null);
        }
        if (left < ReceiveTimer.SHORTEST || !owner.isVirtual()) {
          // A platform thread's parkNanos is a timed futex wait, with no timer task to pay for.
          LockSupport.parkNanos(this, left);
        } else {
          if (armed == null) {
            armed = timedWaiter();
          }
          ReceiveTimer.arm(armed, deadline, now);
          LockSupport.park(this);
        }
        checkWakeUp();
        if (INCOMING.getVolatile(this) != PARKED) {
          learn(parkedAt);
          return true;
        }
        now = System.nanoTime();
      }
    } finally {
      if (armed != null) {
        ReceiveTimer.disarm(armed);
      }
    }
  }

  private ReceiveTimer.Waiter timedWaiter() {
    ReceiveTimer.Waiter w = timedWaiter;
    if (w == null) {
      w = new ReceiveTimer.Waiter(owner);
      timedWaiter = w;
    }
    return w;
  }
}
