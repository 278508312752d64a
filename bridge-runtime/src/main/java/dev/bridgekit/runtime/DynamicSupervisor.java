package dev.bridgekit.runtime;

import dev.bridgekit.term.Pid;
import java.util.List;
import java.util.Objects;

/**
 * Starts and talks to dynamic supervisors, as Elixir's {@code DynamicSupervisor}: a supervisor that
 * starts with no children and runs any number started on demand ({@link #startChild}), known by
 * pid, each restarted on its own (one-for-one) as its {@link Restart} says. Children that end for
 * good are forgotten. Restart intensity works as for {@link Supervisor}; on stop, all children
 * are stopped at once, each as its {@link ShutdownPolicy} says.
 *
 * <pre>{@code
 * Pid pool = DynamicSupervisor.start(DynamicSupervisorFlags.defaults().withMaxChildren(100));
 * Pid worker = DynamicSupervisor.startChild(pool, ChildSpec.worker("conn", new Connection(host)));
 * }</pre>
 *
 * <p>Those started with {@link #start} are top-level, as for {@link Supervisor}.
 */
public final class DynamicSupervisor {
  private DynamicSupervisor() {}

  /** Starts a top-level dynamic supervisor (not linked to the caller). */
  public static Pid start(DynamicSupervisorFlags flags) {
    return started(GenServer.start(server(flags)));
  }

  /** As {@link #start(DynamicSupervisorFlags)}, registering it as {@code name}. */
  public static Pid start(DynamicSupervisorFlags flags, String name) {
    return started(GenServer.start(server(flags), name));
  }

  /** Starts a dynamic supervisor linked to the calling process, its parent. */
  public static Pid startLink(DynamicSupervisorFlags flags) {
    return GenServer.startLink(server(flags));
  }

  /** As {@link #startLink(DynamicSupervisorFlags)}, registering it as {@code name}. */
  public static Pid startLink(DynamicSupervisorFlags flags, String name) {
    return GenServer.startLink(server(flags), name);
  }

  /** Returns the spec of a dynamic supervisor as the child of another supervisor. */
  public static ChildSpec childSpec(String id, DynamicSupervisorFlags flags) {
    server(flags);
    return ChildSpec.supervisor(id, () -> GenServer.startLink(new DynSupServer(flags)));
  }

  /**
   * Starts a child from {@code spec} (its id only names it in {@link #whichChildren}) and returns
   * its pid.
   *
   * @throws SupervisorException {@code max_children} if the supervisor is full
   * @throws StartException if the child failed to start
   */
  public static Pid startChild(Pid supervisor, ChildSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return (Pid) Supervisor.call(supervisor, new SupProtocol.StartChild(spec));
  }

  /**
   * Stops the child {@code child} as its shutdown policy says, and forgets it.
   *
   * @throws SupervisorException {@code not_found} if it is not a child (any more)
   */
  public static void terminateChild(Pid supervisor, Pid child) {
    Objects.requireNonNull(child, "child");
    Supervisor.call(supervisor, new SupProtocol.TerminatePid(child));
  }

  /** Returns the children: the running ones in start order, then any restarting. */
  @SuppressWarnings("unchecked")
  public static List<ChildInfo> whichChildren(Pid supervisor) {
    return (List<ChildInfo>) Supervisor.call(supervisor, new SupProtocol.WhichChildren());
  }

  /** Counts the children. */
  public static ChildCount countChildren(Pid supervisor) {
    return (ChildCount) Supervisor.call(supervisor, new SupProtocol.CountChildren());
  }

  private static DynSupServer server(DynamicSupervisorFlags flags) {
    if (flags == null) {
      throw new IllegalArgumentException("invalid supervisor flags: null");
    }
    return new DynSupServer(flags);
  }

  private static Pid started(Pid supervisor) {
    SupervisionRoot.add(supervisor);
    return supervisor;
  }
}
