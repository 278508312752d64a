package dev.bridgekit.ffi.internal;

import dev.bridgekit.runtime.Down;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases what a process owns when it exits: one janitor process per owner, which monitors it and
 * closes its resources on the {@code Down}, as the BEAM frees a process's NIF resources.
 */
final class Janitors {
  private static final Logger LOG = LoggerFactory.getLogger(Janitors.class);
  private static final ConcurrentHashMap<Pid, Janitor> BY_OWNER = new ConcurrentHashMap<>();

  private Janitors() {}

  /** The resources of one owner; done once the owner has exited and they were closed. */
  private static final class Janitor {
    private final Set<Guard> owned = new HashSet<>();
    private boolean done;

    synchronized boolean add(Guard guard) {
      if (done) {
        return false;
      }
      owned.add(guard);
      return true;
    }

    synchronized void remove(Guard guard) {
      owned.remove(guard);
    }

    List<Guard> finish() {
      synchronized (this) {
        done = true;
        List<Guard> all = List.copyOf(owned);
        owned.clear();
        return all;
      }
    }
  }

  /** Makes {@code owner} own {@code guard}; closes it at once if the owner has already exited. */
  static void own(Pid owner, Guard guard) {
    while (true) {
      Janitor janitor = BY_OWNER.computeIfAbsent(owner, Janitors::start);
      if (janitor.add(guard)) {
        return;
      }
      // That janitor finished between lookup and add: the owner is dead, release now.
      BY_OWNER.remove(owner, janitor);
      guard.close();
      throw new IllegalStateException("process " + owner + " exited; " + guard + " released");
    }
  }

  /** Forgets {@code guard}, closed explicitly. */
  static void disown(Pid owner, Guard guard) {
    Janitor janitor = BY_OWNER.get(owner);
    if (janitor != null) {
      janitor.remove(guard);
    }
  }

  private static Janitor start(Pid owner) {
    Janitor janitor = new Janitor();
    Processes.spawn(() -> {
      Ref ref = Processes.monitor(owner);
      Down down = Processes.receive(m -> m instanceof Down d && d.ref().equals(ref) ? d : null);
      List<Guard> owned = janitor.finish();
      BY_OWNER.remove(owner, janitor);
      for (Guard guard : owned) {
        try {
          guard.close();
        } catch (RuntimeException e) {
          LOG.error("releasing {} of exited process {}: {}", guard, owner, e.toString(), e);
        }
      }
      LOG.debug("process {} exited ({}): released {} native resources", owner, down.reason(),
          owned.size());
    });
    return janitor;
  }
}
