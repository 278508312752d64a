package dev.bridgekit.runtime.internal; // not exported

import dev.bridgekit.runtime.Down;
import dev.bridgekit.runtime.Exit;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.NameDown;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * Carries exit signals, links and monitors between processes, with Erlang's rules, and releases
 * what a process leaves when it exits.
 *
 * <p>A process exits exactly once: whoever marks it dead (its own thread when its body ends, or
 * the thread of a process whose exit signal kills it) releases it at once, on that thread: it
 * leaves the process table, its name is freed, its links get exit signals and its monitors {@link
 * Down}s, then its thread is woken to unwind. So when {@code exit(pid, kill)} returns, all of that
 * has happened.
 */
public final class Signals {
  private Signals() {}

  /**
   * Ends {@code p} with {@code reason} if it is alive, and releases it. Any thread.
   *
   * @return false if it had exited already
   */
  public static boolean terminate(LocalProcess p, Term reason) {
    if (!p.markDead(reason)) {
      return false;
    }
    release(p);
    return true;
  }

  /**
   * Sends an exit signal from {@code from} to {@code to}, as {@code exit/2}. Any thread.
   */
  public static void exit(Pid from, Pid to, Term reason) {
    LocalProcess target = ProcessTable.get(to);
    if (target != null) {
      if (signal(target, from, reason, false)) {
        release(target);
      }
    } else if (!LocalNode.isLocal(to)) {
      RemoteRouter router = LocalNode.router();
      if (router != null) {
        router.exit(from, to, reason);
      }
    }
  }

  /**
   * Delivers the exit signal of a link from {@code from} to {@code target}; for links to remote
   * processes. Ignored unless the link exists.
   */
  static void linkExit(LocalProcess target, Pid from, Term reason) {
    if (signal(target, from, reason, true)) {
      release(target);
    }
  }

  /**
   * Applies an exit signal to {@code target}: an {@link Exit} message if it traps exits, else its
   * death unless the reason is {@code normal}. A {@code kill} sent by {@code exit/2} (not a link)
   * kills even a trapping process, with reason {@code killed}. A link signal acts only if the link
   * still exists, and removes it.
   *
   * @return true if this marked {@code target} dead; the caller must then {@link #release} it
   */
  static boolean signal(LocalProcess target, Pid from, Term reason, boolean link) {
    synchronized (target) {
      if (!target.isAlive()) {
        return false;
      }
      if (link && !target.removeLinkLocked(from)) {
        return false;
      }
      if (!link && ExitReason.KILL.equals(reason)) {
        return target.markDeadLocked(ExitReason.KILLED);
      }
      if (target.trapsExits()) {
        target.deliver(new Exit(from, reason));
        return false;
      }
      if (ExitReason.NORMAL.equals(reason)) {
        // exit(self(), normal) ends the caller, as in OTP; a normal exit of a link does not.
        return !link && from.equals(target.pid()) && target.markDeadLocked(reason);
      }
      return target.markDeadLocked(reason);
    }
  }

  /**
   * Releases {@code first}, just marked dead, and every process its exit signals kill in turn,
   * iteratively: a long chain of links does not grow the stack.
   */
  static void release(LocalProcess first) {
    ArrayDeque<LocalProcess> dying = null;
    LocalProcess p = first;
    while (p != null) {
      Term reason = p.exitReason();
      Pid pid = p.pid();
      ProcessTable.remove(p);
      LocalProcess.Remains remains = p.takeRemains();
      Aliases.release(p);
      if (remains.name() != null) {
        Registry.release(remains.name(), p);
      }
      if (remains.links() != null) {
        for (Pid linked : remains.links()) {
          LocalProcess other = ProcessTable.get(linked);
          if (other != null) {
            if (signal(other, pid, reason, true)) {
              if (dying == null) {
                dying = new ArrayDeque<>();
              }
              dying.add(other);
            }
          } else if (!LocalNode.isLocal(linked)) {
            RemoteRouter router = LocalNode.router();
            if (router != null) {
              router.linkExit(pid, linked, reason);
            }
          }
        }
      }
      if (remains.monitors() != null) {
        for (Map.Entry<Ref, Pid> m : remains.monitors().entrySet()) {
          LocalProcess target = ProcessTable.get(m.getValue());
          if (target != null) {
            target.removeWatcher(m.getKey());
          } else if (!LocalNode.isLocal(m.getValue())) {
            RemoteRouter router = LocalNode.router();
            if (router != null) {
              router.demonitor(pid, m.getValue(), m.getKey());
            }
          }
        }
      }
      if (remains.watchers() != null) {
        for (Map.Entry<Ref, Pid> w : remains.watchers().entrySet()) {
          LocalProcess watcher = ProcessTable.get(w.getValue());
          if (watcher != null) {
            watcher.deliverDown(w.getKey(), pid, reason);
          } else if (!LocalNode.isLocal(w.getValue())) {
            RemoteRouter router = LocalNode.router();
            if (router != null) {
              router.down(w.getValue(), w.getKey(), pid, reason);
            }
          }
        }
      }
      wakeToUnwind(p);
      p = dying == null ? null : dying.poll();
    }
  }

  /** Makes a dead process's thread notice: its current or next runtime call throws. */
  private static void wakeToUnwind(LocalProcess p) {
    Thread owner = p.owner;
    if (owner == Thread.currentThread()) {
      return;
    }
    if (p.isMailbox()) {
      // Not our thread to cancel: only end its wait in a receive.
      p.wake();
    } else {
      // Ours: also ends a sleep or a blocking call, so that a killed process stops at once.
      owner.interrupt();
    }
  }

  /**
   * Links {@code self} (the calling process) and {@code pid}. A dead or unknown local pid gives
   * {@code self} an exit signal {@code noproc}; a remote one with no route, {@code noconnection}.
   */
  public static void link(LocalProcess self, Pid pid) {
    Pid me = self.pid();
    if (pid.equals(me)) {
      return;
    }
    LocalProcess other = ProcessTable.get(pid);
    if (other != null) {
      if (!self.addLink(pid)) {
        return; // self was killed meanwhile; the caller throws
      }
      if (other.addLink(me)) {
        if (!self.isAlive()) {
          // self died between the two adds; its release did not find this half.
          other.removeLink(me);
        }
        return;
      }
      // other died between the lookup and the add; its release did not see us: as if dead before.
      self.removeLink(pid);
      signalSelf(self, pid, ExitReason.NOPROC);
    } else if (LocalNode.isLocal(pid)) {
      signalSelf(self, pid, ExitReason.NOPROC);
    } else {
      RemoteRouter router = LocalNode.router();
      if (router == null) {
        signalSelf(self, pid, ExitReason.NOCONNECTION);
      } else if (self.addLink(pid)) {
        router.link(me, pid);
      }
    }
  }

  /** Delivers to {@code self} the exit signal a failed link gives. */
  private static void signalSelf(LocalProcess self, Pid from, Term reason) {
    if (signal(self, from, reason, false)) {
      release(self);
    }
  }

  /** Removes the link between {@code self} and {@code pid}, if any. */
  public static void unlink(LocalProcess self, Pid pid) {
    self.removeLink(pid);
    LocalProcess other = ProcessTable.get(pid);
    if (other != null) {
      other.removeLink(self.pid());
    } else if (!LocalNode.isLocal(pid)) {
      RemoteRouter router = LocalNode.router();
      if (router != null) {
        router.unlink(self.pid(), pid);
      }
    }
  }

  /** Makes {@code self} monitor {@code pid}; returns the monitor's reference. */
  public static Ref monitor(LocalProcess self, Pid pid) {
    return monitor(self, pid, null, LocalNode.newRef());
  }

  /**
   * Makes {@code self} monitor {@code pid} under a reference that is also an alias of {@code
   * self}, as {@code monitor(process, Pid, [{alias, Mode}])}: {@code endsWithMonitor} for {@code
   * demonitor} and {@code reply_demonitor}, {@code reply} for {@code reply_demonitor}.
   */
  public static Ref monitorWithAlias(LocalProcess self, Pid pid, boolean reply,
      boolean endsWithMonitor) {
    Ref ref = LocalNode.newRef();
    Aliases.createForMonitor(self, ref, reply, endsWithMonitor);
    monitor(self, pid, null, ref);
    if (!self.holdsMonitor(ref)) {
      // It ended at once (noproc, noconnection) or fired already: its alias goes with it.
      Aliases.monitorEnded(self, ref);
    }
    return ref;
  }

  /**
   * Makes {@code self} monitor {@code pid}, a process of this node or another; with a {@code
   * name} (a local process found by its registered name), its DOWN is a {@link NameDown}.
   */
  static Ref monitor(LocalProcess self, Pid pid, Atom name) {
    return monitor(self, pid, name, LocalNode.newRef());
  }

  private static Ref monitor(LocalProcess self, Pid pid, Atom name, Ref ref) {
    Pid me = self.pid();
    LocalProcess target = ProcessTable.get(pid);
    if (target != null) {
      if (!self.addMonitor(ref, pid) || (name != null && !self.addNameMonitor(ref, name))) {
        return ref; // self was killed meanwhile; the caller throws
      }
      if (target.addWatcher(ref, me)) {
        if (!self.isAlive()) {
          target.removeWatcher(ref);
        }
      } else {
        self.deliverDown(ref, pid, ExitReason.NOPROC);
      }
    } else if (LocalNode.isLocal(pid)) {
      self.deliver(name == null ? new Down(ref, pid, ExitReason.NOPROC)
          : new NameDown(ref, name, pid.node(), ExitReason.NOPROC));
    } else {
      RemoteRouter router = LocalNode.router();
      if (router == null) {
        self.deliver(new Down(ref, pid, ExitReason.NOCONNECTION));
      } else if (self.addMonitor(ref, pid)) {
        router.monitor(me, pid, ref);
      }
    }
    return ref;
  }

  /**
   * Removes the monitor {@code ref} of {@code self}; with {@code flush} also its {@link Down} if
   * it arrived.
   *
   * @return true if the monitor was still active
   */
  public static boolean demonitor(LocalProcess self, Ref ref, boolean flush) {
    Pid target = self.removeMonitor(ref);
    if (target != null) {
      Aliases.monitorEnded(self, ref);
      self.removeNameMonitor(ref);
      LocalProcess t = ProcessTable.get(target);
      if (t != null) {
        t.removeWatcher(ref);
      } else if (!LocalNode.isLocal(target)) {
        RemoteRouter router = LocalNode.router();
        if (router != null) {
          router.demonitor(self.pid(), target, ref);
        }
      }
    }
    if (flush) {
      // deliverDown pushes under self's lock, after removing the ref: a Down whose ref we did
      // not find above is in the mailbox by now.
      self.removeMessage(
          m ->
              (m instanceof Down d && d.ref().equals(ref))
                      || (m instanceof NameDown n && n.ref().equals(ref))
                  ? m
                  : null);
    }
    return target != null;
  }
}
