package dev.bridgekit.runtime.internal; // not exported

import dev.bridgekit.runtime.Down;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.NameDown;
import dev.bridgekit.runtime.ProcessBody;
import dev.bridgekit.runtime.ProcessExitException;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;
import java.util.HashMap;
import java.util.HashSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process of this node: its mailbox (inherited, to save an object per process), its exit state,
 * and its links and monitors.
 *
 * <p>Locking: the link, monitor and name fields and the transition to dead are guarded by the
 * object's monitor, held only for short, non-blocking sections and never two at a time (so no lock
 * order is needed). Once {@link #exitReason} is set, nothing adds to those fields again: every
 * adder checks it under the lock. The sets are allocated on first use; most processes never link.
 *
 * <p>A spawned process is its thread's {@code Runnable} itself: one object and one stack frame
 * fewer per process than a lambda would cost.
 */
public final class LocalProcess extends MessageQueue implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.bridgekit.runtime.Processes");

  private final Pid pid;
  private final boolean mailbox;
  /** The code of a spawned process, until it starts; null for a mailbox. */
  private ProcessBody body;

  /** Null while alive; the exit reason once dead. Written under the lock, exactly once. */
  private volatile Term exitReason;

  private volatile boolean trapExit;

  // Guarded by this.
  private HashSet<Pid> links;
  /** Monitors this process holds: ref to the monitored pid. */
  private HashMap<Ref, Pid> monitors;
  /** Of {@link #monitors}, those set up by a registered name of this node: ref to the name. */
  private HashMap<Ref, Atom> nameMonitors;
  /** Monitors on this process: ref to the watching pid. */
  private HashMap<Ref, Pid> watchers;
  private String name;

  /** A process that a thread opens as a mailbox. */
  LocalProcess(Pid pid) {
    this.pid = pid;
    this.mailbox = true;
  }

  /** A process to spawn, running {@code body}. */
  LocalProcess(Pid pid, ProcessBody body) {
    this.pid = pid;
    this.mailbox = false;
    this.body = body;
  }

  /**
   * Runs a spawned process's body on its own thread, then ends the process with the reason the
   * body gives: {@code normal} when it returns, the reason of a {@link ProcessExitException}, or
   * a crash. A process killed meanwhile keeps the reason it was killed with.
   */
  @Override
  public void run() {
    if (Thread.currentThread() != owner || body == null) {
      throw new IllegalStateException("only the thread of " + pid + " runs it, once");
    }
    ProcessBody code = body;
    body = null;
    Term reason = null;
    Throwable crash = null;
    try {
      if (isAlive()) {
        ScopedValue.where(ProcessTable.RUNNING, this).call(() -> {
          code.run();
          return null;
        });
        reason = ExitReason.NORMAL;
      }
    } catch (ProcessExitException e) {
      reason = e.reason();
    } catch (Throwable e) {
      if (isAlive()) {
        crash = e;
        reason = ExitReason.crash(e);
      }
    }
    if (reason != null && Signals.terminate(this, reason) && crash != null) {
      // As Erlang's emulator reports an uncaught error of a plain process. Processes that are
      // killed or that exit with a reason of their own are not reported.
      LOG.warn("process {} crashed", pid, crash);
    }
  }

  /** Returns the pid. */
  public Pid pid() {
    return pid;
  }

  /** Returns true for a process that a thread opened as a {@code Mailbox}, not a spawned one. */
  public boolean isMailbox() {
    return mailbox;
  }

  /** Returns true until the process has exited. */
  public boolean isAlive() {
    return exitReason == null;
  }

  /** Returns the exit reason, or null while alive. */
  public Term exitReason() {
    return exitReason;
  }

  /** Returns whether the process traps exits. */
  public boolean trapsExits() {
    return trapExit;
  }

  /** Sets whether the process traps exits; returns the previous setting. Owner only. */
  public boolean trapExits(boolean trap) {
    synchronized (this) {
      // Under the lock so that an exit signal being decided sees one setting or the other.
      boolean old = trapExit;
      trapExit = trap;
      return old;
    }
  }

  /** Appends a message; a dead process's mailbox simply is never read again. Any thread. */
  public void deliver(Object message) {
    push(message);
  }

  @Override
  void checkWakeUp() {
    Term reason = exitReason;
    if (reason != null) {
      throw ProcessTable.exited(this);
    }
    if (Thread.currentThread().isInterrupted()) {
      // An interrupt cancels a thread; the process on it goes with it (the flag stays set).
      Signals.terminate(this, ExitReason.KILLED);
      throw ProcessTable.exited(this);
    }
  }

  // ---- state changes, for Signals and Registry (all take the lock) ----

  /** Marks the process dead with {@code reason}; false if it was dead already. Caller holds lock. */
  boolean markDeadLocked(Term reason) {
    if (exitReason != null) {
      return false;
    }
    exitReason = reason;
    return true;
  }

  synchronized boolean markDead(Term reason) {
    return markDeadLocked(reason);
  }

  /** Adds a link; false if this process is dead. */
  synchronized boolean addLink(Pid other) {
    if (exitReason != null) {
      return false;
    }
    if (links == null) {
      links = new HashSet<>(4);
    }
    links.add(other);
    return true;
  }

  /** Removes a link; false if there was none. Caller holds the lock. */
  boolean removeLinkLocked(Pid other) {
    return links != null && links.remove(other);
  }

  synchronized boolean removeLink(Pid other) {
    return removeLinkLocked(other);
  }

  /** Records that this process monitors {@code target} under {@code ref}; false if dead. */
  synchronized boolean addMonitor(Ref ref, Pid target) {
    if (exitReason != null) {
      return false;
    }
    if (monitors == null) {
      monitors = new HashMap<>(4);
    }
    monitors.put(ref, target);
    return true;
  }

  /** Forgets the monitor {@code ref} this process holds; returns its target, or null. */
  synchronized Pid removeMonitor(Ref ref) {
    return monitors == null ? null : monitors.remove(ref);
  }

  /** Records that {@code watcher} monitors this process under {@code ref}; false if dead. */
  synchronized boolean addWatcher(Ref ref, Pid watcher) {
    if (exitReason != null) {
      return false;
    }
    if (watchers == null) {
      watchers = new HashMap<>(4);
    }
    watchers.put(ref, watcher);
    return true;
  }

  /**
   * Delivers the {@link Down} of monitor {@code ref} if this process still holds it, removing it;
   * under the lock, so that a demonitor that finds no monitor finds the Down in the mailbox.
   */
  synchronized void deliverDown(Ref ref, Pid target, Term reason) {
    if (exitReason == null && monitors != null && monitors.remove(ref) != null) {
      Atom name = nameMonitors == null ? null : nameMonitors.remove(ref);
      push(name == null ? new Down(ref, target, reason) : new NameDown(ref, name, target.node(), reason));
      Aliases.monitorEnded(this, ref);
    }
  }

  /** Returns true while this process holds monitor {@code ref} (its Down not yet delivered). */
  synchronized boolean holdsMonitor(Ref ref) {
    return monitors != null && monitors.containsKey(ref);
  }

  /**
   * Records that monitor {@code ref}, on a process of this node, was set up by its registered
   * {@code name}: its DOWN is then a {@link NameDown}, as Erlang's {@code {'DOWN', Ref, process,
   * {Name, Node}, Reason}}. Called after {@link #addMonitor}; false if dead.
   */
  synchronized boolean addNameMonitor(Ref ref, Atom name) {
    if (exitReason != null) {
      return false;
    }
    if (nameMonitors == null) {
      nameMonitors = new HashMap<>(4);
    }
    nameMonitors.put(ref, name);
    return true;
  }

  /** Forgets that monitor {@code ref} names a process (demonitor). */
  synchronized void removeNameMonitor(Ref ref) {
    if (nameMonitors != null) {
      nameMonitors.remove(ref);
    }
  }

  synchronized void removeWatcher(Ref ref) {
    if (watchers != null) {
      watchers.remove(ref);
    }
  }

  /** Sets the registered name; the caller checked the name is free. Returns false if dead or named. */
  synchronized boolean setName(String newName) {
    if (exitReason != null || name != null) {
      return false;
    }
    name = newName;
    return true;
  }

  synchronized String name() {
    return name;
  }

  synchronized void clearName(String oldName) {
    if (oldName.equals(name)) {
      name = null;
    }
  }

  /**
   * Takes what a dead process leaves to release: its links, monitors, watchers and name. Called
   * once, by whoever marked it dead.
   */
  synchronized Remains takeRemains() {
    Remains remains = new Remains(links, monitors, watchers, name);
    links = null;
    monitors = null;
    nameMonitors = null;
    watchers = null;
    name = null;
    return remains;
  }

  /** What {@link #takeRemains} hands over. */
  record Remains(
      HashSet<Pid> links, HashMap<Ref, Pid> monitors, HashMap<Ref, Pid> watchers, String name) {}

  @Override
  public String toString() {
    return "process " + pid + (exitReason == null ? "" : " (exited: " + exitReason + ")");
  }
}
