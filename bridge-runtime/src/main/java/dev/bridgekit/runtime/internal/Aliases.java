package dev.bridgekit.runtime.internal; // not exported

import dev.bridgekit.term.Ref;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Holds the active process aliases of this node (OTP 24's {@code alias/1}): references that
 * deliver to their owner while active. An alias ends when its owner removes it, with its first
 * message for a reply alias, or when its owner exits.
 *
 * <p>The release of an exiting process does not reach this table (it belongs to the process's
 * own state, which this class may not extend), so an alias whose owner died is dropped when a
 * message finds it, and the table is swept of such aliases whenever it has doubled since the last
 * sweep: the dead owners' aliases cost memory proportional to the live ones, not to all ever made.
 */
public final class Aliases {
  private Aliases() {}

  private record Entry(LocalProcess owner, boolean reply) {}

  private static final int FIRST_SWEEP = 1024;

  private static final Map<Ref, Entry> ACTIVE = new ConcurrentHashMap<>();
  private static final ReentrantLock SWEEPING = new ReentrantLock();
  private static volatile int sweepAt = FIRST_SWEEP;

  /** Makes a new alias for {@code owner}; {@code reply}: it ends with its first message. */
  public static Ref create(LocalProcess owner, boolean reply) {
    if (ACTIVE.size() >= sweepAt) {
      sweep();
    }
    Ref ref = LocalNode.newRef();
    ACTIVE.put(ref, new Entry(owner, reply));
    return ref;
  }

  /** Ends {@code alias} if {@code owner} holds it; false if it was not an active alias of its. */
  public static boolean remove(LocalProcess owner, Ref alias) {
    Entry e = ACTIVE.get(alias);
    return e != null && e.owner == owner && ACTIVE.remove(alias, e) && owner.isAlive();
  }

  /**
   * Delivers {@code message} to the owner of {@code alias} while it is active; false (the message
   * is dropped, as BEAM drops it) otherwise.
   */
  public static boolean deliver(Ref alias, Object message) {
    Entry e = ACTIVE.get(alias);
    if (e == null) {
      return false;
    }
    if (!e.owner.isAlive()) {
      ACTIVE.remove(alias, e);
      return false;
    }
    if (e.reply && !ACTIVE.remove(alias, e)) {
      return false; // another message took the reply alias first
    }
    e.owner.deliver(message);
    return true;
  }

  /** Returns how many aliases the table holds, the dead owners' not swept yet included. */
  static int size() {
    return ACTIVE.size();
  }

  private static void sweep() {
    if (!SWEEPING.tryLock()) {
      return; // another thread sweeps
    }
    try {
      ACTIVE.values().removeIf(e -> !e.owner.isAlive());
      sweepAt = Math.max(FIRST_SWEEP, 2 * ACTIVE.size());
    } finally {
      SWEEPING.unlock();
    }
  }
}
