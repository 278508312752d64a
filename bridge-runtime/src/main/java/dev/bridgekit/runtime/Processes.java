package dev.bridgekit.runtime;

import dev.bridgekit.runtime.internal.Aliases;
import dev.bridgekit.runtime.internal.LocalNode;
import dev.bridgekit.runtime.internal.LocalProcess;
import dev.bridgekit.runtime.internal.NameMonitors;
import dev.bridgekit.runtime.internal.OpenMailbox;
import dev.bridgekit.runtime.internal.ProcessRunner;
import dev.bridgekit.runtime.internal.ProcessTable;
import dev.bridgekit.runtime.internal.Registry;
import dev.bridgekit.runtime.internal.RemoteRouter;
import dev.bridgekit.runtime.internal.Signals;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The process runtime's calls, named after Erlang's BIFs ({@code spawn}, {@code spawn_link},
 * {@code send}, {@code receive}, {@code link}, {@code monitor}, {@code exit}, {@code register}).
 *
 * <p>A process is a virtual thread with a mailbox. Messages between local processes are any Java
 * object, delivered in the order each sender sent them. Calls that act for "the calling process"
 * need one: a spawned process, or a thread holding an open {@link Mailbox}; elsewhere they throw
 * {@link NotAProcessException}.
 *
 * <p>Exit signals follow Erlang's rules: a process that exits sends its reason to every linked
 * process; a process that does not trap exits dies of any reason but {@code normal} (and {@code
 * kill} becomes {@code killed}); one that traps exits receives an {@link Exit} message instead,
 * except for {@code kill}. A killed process ends at once, even blocked in a receive; its links,
 * monitors and registered name are released before the signal's sender continues. Its thread is
 * interrupted (a spawned process's) or woken (a mailbox's), and its next call of this class throws
 * {@link ProcessExitException}, as does any call made by a process that has exited. Interrupting a
 * process's thread from elsewhere cancels it: it exits with reason {@code killed} when it next
 * waits in a receive.
 */
public final class Processes {
  private Processes() {}

  /** Starts a process running {@code body} and returns its pid. */
  public static Pid spawn(ProcessBody body) {
    Objects.requireNonNull(body, "body");
    ProcessTable.selfIfAny();
    return ProcessRunner.spawn(body, null, false, null).pid();
  }

  /** Starts a process linked to the calling process, atomically (no window without the link). */
  public static Pid spawnLink(ProcessBody body) {
    Objects.requireNonNull(body, "body");
    LocalProcess self = ProcessTable.self("spawnLink");
    Pid pid = ProcessRunner.spawn(body, self, true, null).pid();
    checkAlive(self);
    return pid;
  }

  /** Starts a process monitored by the calling process, atomically. */
  public static SpawnedMonitor spawnMonitor(ProcessBody body) {
    Objects.requireNonNull(body, "body");
    LocalProcess self = ProcessTable.self("spawnMonitor");
    Ref[] ref = new Ref[1];
    Pid pid = ProcessRunner.spawn(body, self, false, ref).pid();
    checkAlive(self);
    return new SpawnedMonitor(pid, ref[0]);
  }

  /** Returns the calling process's pid. */
  public static Pid self() {
    return ProcessTable.self("self").pid();
  }

  /**
   * Sends {@code message} to {@code to}. Never blocks and never fails: a message to a process that
   * is dead is dropped, as in Erlang. Callable from any thread (but a process that has exited
   * sends nothing more: the call throws {@link ProcessExitException}).
   */
  public static void send(Pid to, Object message) {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(message, "message");
    LocalProcess self = ProcessTable.selfIfAny();
    LocalProcess target = ProcessTable.get(to);
    if (target != null) {
      target.deliver(message);
    } else if (!LocalNode.isLocal(to)) {
      RemoteRouter router = LocalNode.router();
      if (router != null) {
        router.send(self == null ? LocalNode.outsider() : self.pid(), to, message);
      }
    }
  }

  /**
   * Sends {@code message} to the process registered as {@code name} on {@code node}, as {@code
   * {Name, Node} ! Message} in Erlang. On this node it is {@link #send(String, Object)}; to
   * another node, the message travels as a term (REG_SEND) and is dropped there if no process has
   * the name, or here if the node cannot be reached. Never blocks (beyond a busy connection's
   * back-pressure); callable from any thread.
   *
   * @throws NoSuchProcessException if {@code node} is this node and no process has the name
   * @throws IllegalArgumentException if the message has no term form (another node only)
   */
  public static void send(String name, Atom node, Object message) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(message, "message");
    if (node.equals(LocalNode.name()) || node.equals(Atom.NONODE)) {
      send(name, message);
      return;
    }
    RemoteRouter router = LocalNode.router();
    if (router != null) {
      LocalProcess self = ProcessTable.selfIfAny();
      router.regSend(self == null ? LocalNode.outsider() : self.pid(), Atom.of(name), node,
          message);
    }
  }

  /**
   * Sends {@code message} to the process registered as {@code name}.
   *
   * @throws NoSuchProcessException if no process is registered under {@code name} ({@code badarg}
   *     in Erlang)
   */
  public static void send(String name, Object message) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(message, "message");
    ProcessTable.selfIfAny();
    LocalProcess target = Registry.whereis(name);
    if (target == null) {
      throw new NoSuchProcessException("no process registered as " + name);
    }
    target.deliver(message);
  }

  /**
   * Sends {@code message} through the process alias {@code alias}, as {@code Alias ! Message} in
   * Erlang: it reaches the alias's owner while the alias is active and is silently dropped after
   * (and when the owner has exited). An alias of another node travels as ALIAS_SEND (the message
   * must then have a term form). Never blocks; callable from any thread.
   */
  public static void send(Ref alias, Object message) {
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(message, "message");
    LocalProcess self = ProcessTable.selfIfAny();
    Atom node = alias.node();
    if (node.equals(LocalNode.name()) || node.equals(Atom.NONODE)) {
      Aliases.deliver(alias, message);
      return;
    }
    RemoteRouter router = LocalNode.router();
    if (router != null) {
      router.aliasSend(self == null ? LocalNode.outsider() : self.pid(), alias, message);
    }
  }

  /**
   * Makes a new alias of the calling process, as {@code erlang:alias()}: a reference that {@link
   * #send(Ref, Object)} delivers to this process, from this node or another, until {@link
   * #unalias} removes it or the process exits.
   */
  public static Ref alias() {
    return alias(AliasOption.EXPLICIT_UNALIAS);
  }

  /**
   * Makes a new alias of the calling process, as {@code erlang:alias([Option])}: with {@link
   * AliasOption#REPLY} it also ends with the first message delivered through it.
   */
  public static Ref alias(AliasOption option) {
    Objects.requireNonNull(option, "option");
    return Aliases.create(ProcessTable.self("alias"), option == AliasOption.REPLY);
  }

  /**
   * Removes the calling process's alias {@code alias}, as {@code erlang:unalias/1}: messages sent
   * to it from now on are dropped.
   *
   * @return false if it was not an active alias of the calling process
   */
  public static boolean unalias(Ref alias) {
    Objects.requireNonNull(alias, "alias");
    return Aliases.remove(ProcessTable.self("unalias"), alias);
  }

  /** Takes the oldest message, waiting for one as long as it takes. */
  public static Object receive() {
    return ProcessTable.self("receive").receive(Matcher.any(), -1);
  }

  /**
   * Takes the oldest message {@code matcher} accepts and returns what it returned, waiting as long
   * as it takes. Messages it leaves stay in the mailbox, in order.
   */
  public static <T> T receive(Matcher<T> matcher) {
    Objects.requireNonNull(matcher, "matcher");
    return ProcessTable.self("receive").receive(matcher, -1);
  }

  /**
   * As {@link #receive(Matcher)}, giving up after {@code timeout} ({@code Duration.ZERO} looks at
   * the messages already there and does not wait).
   *
   * @return what the matcher returned, or empty on timeout
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static <T> Optional<T> receive(Matcher<T> matcher, Duration timeout) {
    Objects.requireNonNull(matcher, "matcher");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("negative receive timeout: " + timeout);
    }
    long nanos;
    try {
      nanos = timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      nanos = -1; // beyond 292 years: for ever
    }
    return Optional.ofNullable(ProcessTable.self("receive").receive(matcher, nanos));
  }

  /**
   * Links the calling process and {@code pid}. Linking a process that is dead (or does not exist)
   * gives the caller an exit signal with reason {@code noproc} at once, as in Erlang: an {@link
   * Exit} message if it traps exits, else its death (this call then throws {@link
   * ProcessExitException}).
   */
  public static void link(Pid pid) {
    Objects.requireNonNull(pid, "pid");
    LocalProcess self = ProcessTable.self("link");
    Signals.link(self, pid);
    checkAlive(self);
  }

  /** Removes the link between the calling process and {@code pid}, if any. */
  public static void unlink(Pid pid) {
    Objects.requireNonNull(pid, "pid");
    Signals.unlink(ProcessTable.self("unlink"), pid);
  }

  /**
   * Monitors {@code pid}: when it exits, the caller receives a {@link Down} with this reference. If
   * it is dead already, the {@code Down} (reason {@code noproc}) arrives at once.
   */
  public static Ref monitor(Pid pid) {
    Objects.requireNonNull(pid, "pid");
    LocalProcess self = ProcessTable.self("monitor");
    Ref ref = Signals.monitor(self, pid);
    checkAlive(self);
    return ref;
  }

  /**
   * Monitors {@code pid} as {@link #monitor(Pid)} does, under a reference that is also an alias of
   * the caller, as {@code erlang:monitor(process, Pid, [{alias, Mode}])}: see {@link
   * MonitorAlias} for when the alias ends.
   */
  public static Ref monitor(Pid pid, MonitorAlias alias) {
    Objects.requireNonNull(pid, "pid");
    Objects.requireNonNull(alias, "alias");
    LocalProcess self = ProcessTable.self("monitor");
    Ref ref = Signals.monitorWithAlias(self, pid, alias == MonitorAlias.REPLY_DEMONITOR,
        alias != MonitorAlias.EXPLICIT_UNALIAS);
    checkAlive(self);
    return ref;
  }

  /**
   * Monitors the process registered as {@code name} on {@code node}, as {@code
   * erlang:monitor(process, {Name, Node})}: the caller receives a {@link NameDown} naming {@code
   * name} and {@code node} when that process exits (its reason), at once if no process has the
   * name ({@code noproc}), or when the connection to another node is lost or cannot be made
   * ({@code noconnection}). As in Erlang, the name is resolved once, when the monitor is set up:
   * the monitor follows that process, not the name. {@link #demonitor} removes it as any monitor.
   */
  public static Ref monitor(String name, Atom node) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(node, "node");
    LocalProcess self = ProcessTable.self("monitor");
    Ref ref = NameMonitors.monitor(self, Atom.of(name), node);
    checkAlive(self);
    return ref;
  }

  /**
   * Removes a monitor; with {@code flush}, also removes its {@link Down} if it already arrived.
   *
   * @return true if the monitor was still active (no {@code Down} had been sent)
   */
  public static boolean demonitor(Ref ref, boolean flush) {
    Objects.requireNonNull(ref, "ref");
    return Signals.demonitor(ProcessTable.self("demonitor"), ref, flush);
  }

  /** Removes a monitor, as {@code demonitor(ref, false)}. */
  public static boolean demonitor(Ref ref) {
    return demonitor(ref, false);
  }

  /**
   * Sends an exit signal with {@code reason} to {@code pid}, as {@code exit/2}: {@code kill} kills
   * it, {@code normal} is ignored unless it traps exits (or is the caller itself), any other reason
   * kills it unless it traps exits. Callable from any thread; from a thread that is not a process,
   * the signal comes from the pid {@code <node.0.0>}, which is no process.
   */
  public static void exit(Pid pid, Term reason) {
    Objects.requireNonNull(pid, "pid");
    Objects.requireNonNull(reason, "reason");
    LocalProcess self = ProcessTable.selfIfAny();
    Signals.exit(self == null ? LocalNode.outsider() : self.pid(), pid, reason);
    if (self != null) {
      checkAlive(self);
    }
  }

  /**
   * Ends the calling process with {@code reason}, as {@code exit/1}; never returns: it throws the
   * {@link ProcessExitException} it is declared to return, so that callers can write {@code throw
   * Processes.exit(reason)} where the compiler needs to see the end. A spawned process exits when
   * the exception leaves its body (its {@code finally} blocks run first); a mailbox's process exits
   * at once.
   */
  public static ProcessExitException exit(Term reason) {
    Objects.requireNonNull(reason, "reason");
    LocalProcess self = ProcessTable.self("exit");
    if (self.isMailbox()) {
      Signals.terminate(self, reason);
      throw ProcessTable.exited(self);
    }
    throw new ProcessExitException(reason);
  }

  /** Sets whether the calling process traps exits; returns the previous setting. */
  public static boolean trapExit(boolean trap) {
    return ProcessTable.self("trapExit").trapExits(trap);
  }

  /** Returns true while {@code pid} is a live local process. */
  public static boolean isAlive(Pid pid) {
    LocalProcess p = ProcessTable.get(pid);
    return p != null && p.isAlive();
  }

  /**
   * Registers {@code pid} under {@code name}; the name is freed when the process exits.
   *
   * @throws IllegalArgumentException naming the name if it is taken, the pid if it is dead or
   *     already has a name
   */
  public static void register(String name, Pid pid) {
    ProcessTable.selfIfAny();
    Registry.register(name, pid);
  }

  /** Frees {@code name}; returns false if it was not registered. */
  public static boolean unregister(String name) {
    Objects.requireNonNull(name, "name");
    return Registry.unregister(name);
  }

  /** Returns the process registered under {@code name}. */
  public static Optional<Pid> whereis(String name) {
    Objects.requireNonNull(name, "name");
    LocalProcess p = Registry.whereis(name);
    return p == null ? Optional.empty() : Optional.of(p.pid());
  }

  /**
   * Opens a mailbox that makes the calling thread a process until it is closed.
   *
   * @throws IllegalStateException if the calling thread is a process already
   */
  public static Mailbox openMailbox() {
    return OpenMailbox.open();
  }

  /** Returns this runtime's node name ({@code nonode@nohost} until distribution starts). */
  public static Atom node() {
    return LocalNode.name();
  }

  /** Returns how many local processes are alive: for tests that check nothing leaks. */
  static int count() {
    return ProcessTable.size();
  }

  private static void checkAlive(LocalProcess self) {
    if (!self.isAlive()) {
      throw ProcessTable.exited(self);
    }
  }
}
