package dev.bridgekit.runtime;

import dev.bridgekit.term.Pid;
import java.util.List;
import java.util.Objects;

/**
 * Starts and talks to supervisors, as Erlang's {@code supervisor}: a process that starts its
 * children in order, restarts them when they exit (as each child's {@link Restart} and the {@link
 * Strategy} say), and stops them in reverse order when it stops.
 *
 * <pre>{@code
 * Pid sup = Supervisor.start(SupervisorFlags.oneForOne(), List.of(
 *     ChildSpec.worker("counter", ChildStart.genServer(new Counter(), "counter"))));
 * GenServer.call("counter", new Next());            // 0
 * Processes.exit(Processes.whereis("counter").orElseThrow(), Atom.of("boom"));
 * GenServer.call("counter", new Next());            // 0 again: a fresh counter
 * }</pre>
 *
 * <p>A supervisor traps exits. More restarts than its {@link SupervisorFlags} allow, and it stops
 * all its children and exits with {@code shutdown}, which its own supervisor sees as a child's
 * failure. An exit signal from its parent (the process that called {@link #startLink}, usually
 * its own supervisor) stops its children in reverse order, each as its {@link ShutdownPolicy}
 * says, and then the supervisor exits with that signal's reason.
 *
 * <p>Supervisors started with {@link #start} have no parent: they are top-level, and {@link
 * SupervisionRoot} stops them, in reverse order of start, when the JVM shuts down.
 *
 * <p>The calls about children ({@link #whichChildren}, {@link #terminateChild}, ...) are calls to
 * the supervisor's process and wait as long as it takes (stopping a child may take its shutdown
 * timeout); they are callable from any thread.
 */
public final class Supervisor {
  private Supervisor() {}

  /**
   * Starts a top-level supervisor (not linked to the caller) and returns once all {@code children}
   * have started, in order. Callable from any thread.
   *
   * @throws IllegalArgumentException if two children have the same id
   * @throws StartException if a child failed to start: the ones already started are stopped, and
   *     the reason is {@code {shutdown, {failed_to_start_child, Id, Reason}}}
   */
  public static Pid start(SupervisorFlags flags, List<ChildSpec> children) {
    return started(GenServer.start(server(flags, children)));
  }

  /** As {@link #start(SupervisorFlags, List)}, registering the supervisor as {@code name}. */
  public static Pid start(SupervisorFlags flags, List<ChildSpec> children, String name) {
    return started(GenServer.start(server(flags, children), name));
  }

  /**
   * Starts a supervisor linked to the calling process, its parent, as a supervisor's start
   * function does (see {@link #childSpec}). Otherwise as {@link #start(SupervisorFlags, List)}.
   */
  public static Pid startLink(SupervisorFlags flags, List<ChildSpec> children) {
    return GenServer.startLink(server(flags, children));
  }

  /** As {@link #startLink(SupervisorFlags, List)}, registering the supervisor as {@code name}. */
  public static Pid startLink(SupervisorFlags flags, List<ChildSpec> children, String name) {
    return GenServer.startLink(server(flags, children), name);
  }

  /**
   * Returns the spec of a child supervisor with {@code flags} and {@code children}, for a
   * supervision tree; checked now, so a bad tree fails when it is built.
   */
  public static ChildSpec childSpec(String id, SupervisorFlags flags, List<ChildSpec> children) {
    checkFlags(flags);
    List<ChildSpec> specs = ChildSpec.validate(children);
    return ChildSpec.supervisor(id, () -> GenServer.startLink(new SupServer(flags, specs)));
  }

  /** Returns the supervisor's children, in start order. */
  @SuppressWarnings("unchecked")
  public static List<ChildInfo> whichChildren(Pid supervisor) {
    return (List<ChildInfo>) call(supervisor, new SupProtocol.WhichChildren());
  }

  /** Counts the supervisor's children. */
  public static ChildCount countChildren(Pid supervisor) {
    return (ChildCount) call(supervisor, new SupProtocol.CountChildren());
  }

  /**
   * Starts a new child from {@code spec}, after the others, and returns its pid.
   *
   * @throws SupervisorException {@code {already_started, Pid}} or {@code already_present} if a
   *     child has that id
   * @throws StartException if the child failed to start (the spec is not kept)
   */
  public static Pid startChild(Pid supervisor, ChildSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return (Pid) call(supervisor, new SupProtocol.StartChild(spec));
  }

  /**
   * Stops the child {@code id} as its shutdown policy says; its spec stays (unless it is
   * temporary), for {@link #restartChild} or {@link #deleteChild}.
   *
   * @throws SupervisorException {@code not_found}
   */
  public static void terminateChild(Pid supervisor, String id) {
    call(supervisor, new SupProtocol.TerminateChild(id));
  }

  /**
   * Starts the stopped child {@code id} again and returns its pid.
   *
   * @throws SupervisorException {@code not_found}, {@code running}, {@code restarting}
   * @throws StartException if it failed to start
   */
  public static Pid restartChild(Pid supervisor, String id) {
    return (Pid) call(supervisor, new SupProtocol.RestartChild(id));
  }

  /**
   * Forgets the stopped child {@code id}.
   *
   * @throws SupervisorException {@code not_found}, {@code running}, {@code restarting}
   */
  public static void deleteChild(Pid supervisor, String id) {
    call(supervisor, new SupProtocol.DeleteChild(id));
  }

  private static SupServer server(SupervisorFlags flags, List<ChildSpec> children) {
    checkFlags(flags);
    return new SupServer(flags, ChildSpec.validate(children));
  }

  private static void checkFlags(SupervisorFlags flags) {
    if (flags == null) {
      throw new IllegalArgumentException("invalid supervisor flags: null");
    }
  }

  private static Pid started(Pid supervisor) {
    SupervisionRoot.add(supervisor);
    return supervisor;
  }

  static Object call(Pid supervisor, Object request) {
    Objects.requireNonNull(supervisor, "supervisor");
    return SupProtocol.unwrap(GenServer.call(supervisor, request, GenServer.INFINITY));
  }
}
