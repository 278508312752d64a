package dev.bridgekit.runtime.internal; // not exported

import dev.bridgekit.term.Ref;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds the active process aliases of this node (OTP 24's {@code alias/1}): references that
 * deliver to their owner while active. An alias ends when its owner removes it, with its first
 * message for a reply alias, or when its owner exits ({@link #release}, from the exit's release).
 * A monitor's alias ({@code monitor/3}'s {@code {alias, demonitor | reply_demonitor}}) also ends
 * with its monitor ({@link #monitorEnded}), and a {@code reply_demonitor} one's first message
 * ends the monitor too.
 *
 * <p>Aliases are rare (our own GenServer calls use none), so the owners that hold some are
 * indexed apart, and a process that never made one pays a single volatile read when it exits.
 */
public final class Aliases {
  private Aliases() {}

  /**
   * An active alias: {@code reply}, it ends with its first message; {@code monitor}, it is the
   * reference of a monitor of its owner's and ends with it (and a reply one ends the monitor).
   */
  private record Entry(LocalProcess owner, boolean reply, boolean monitor) {}

  private static final Map<Ref, Entry> ACTIVE = new ConcurrentHashMap<>();
  /** The aliases of each owner that holds some (a key stays while its set may be in use). */
  private static final Map<LocalProcess, Set<Ref>> BY_OWNER = new ConcurrentHashMap<>();
  /** True once any alias was made: until then an exit needs no look-up here. */
  private static volatile boolean used;

  /** Makes a new alias for {@code owner}; {@code reply}: it ends with its first message. */
  public static Ref create(LocalProcess owner, boolean reply) {
    Ref ref = LocalNode.newRef();
    activate(owner, ref, new Entry(owner, reply, false));
    return ref;
  }

  /**
   * Makes {@code ref}, the reference of a monitor {@code owner} is about to set up, an alias of
   * {@code owner}: with {@code endsWithMonitor}, it ends when the monitor ends ({@link
   * #monitorEnded}); with {@code reply} too, its first message also ends the monitor.
   */
  public static void createForMonitor(LocalProcess owner, Ref ref, boolean reply,
      boolean endsWithMonitor) {
    activate(owner, ref, new Entry(owner, reply, endsWithMonitor));
  }

  private static void activate(LocalProcess owner, Ref ref, Entry entry) {
    used = true;
    BY_OWNER.computeIfAbsent(owner, o -> ConcurrentHashMap.newKeySet()).add(ref);
    ACTIVE.put(ref, entry);
    if (!owner.isAlive()) {
      release(owner); // it exited meanwhile, perhaps before its release looked here
    }
  }

  /**
   * Ends the alias of monitor {@code ref} of {@code owner}, if it is one that ends with its
   * monitor: the monitor fired or was removed.
   */
  static void monitorEnded(LocalProcess owner, Ref ref) {
    if (!used) {
      return;
    }
    Entry e = ACTIVE.get(ref);
    if (e != null && e.monitor && e.owner == owner && ACTIVE.remove(ref, e)) {
      forget(owner, ref);
    }
  }

  /** Ends {@code alias} if {@code owner} holds it; false if it was not an active alias of its. */
  public static boolean remove(LocalProcess owner, Ref alias) {
    Entry e = ACTIVE.get(alias);
    if (e == null || e.owner != owner || !ACTIVE.remove(alias, e)) {
      return false;
    }
    forget(owner, alias);
    return owner.isAlive();
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
    if (e.reply) {
      if (!ACTIVE.remove(alias, e)) {
        return false; // another message took the reply alias first
      }
      forget(e.owner, alias);
      if (e.monitor) {
        Signals.demonitor(e.owner, alias, false); // reply_demonitor: the reply ends the monitor
      }
    }
    e.owner.deliver(message); // a dead owner drops it
    return true;
  }

  /** Ends every alias of {@code owner}, which exited. */
  static void release(LocalProcess owner) {
    if (!used) {
      return;
    }
    Set<Ref> refs = BY_OWNER.remove(owner);
    if (refs != null) {
      for (Ref ref : refs) {
        ACTIVE.remove(ref);
      }
    }
  }

  /** Returns how many aliases are active. */
  static int size() {
    return ACTIVE.size();
  }

  private static void forget(LocalProcess owner, Ref alias) {
    Set<Ref> refs = BY_OWNER.get(owner);
    if (refs != null) {
      refs.remove(alias);
    }
  }
}
