package dev.bridgekit.runtime;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Describes a supervisor's child, as an Erlang child spec does: how to start it, when to restart
 * it, how to stop it. Validated when built: a bad value fails at once with an {@link
 * IllegalArgumentException} naming it ({@code "invalid restart type: null"}).
 *
 * <p>The defaults live in {@link #of}: restart {@link Restart#PERMANENT}; shutdown {@link
 * #DEFAULT_WORKER_SHUTDOWN} for a worker, {@link ShutdownPolicy#INFINITY} for a supervisor. Change
 * one with the {@code with} methods:
 *
 * <pre>{@code
 * ChildSpec.worker("cache", ChildStart.genServer(new Cache()))
 *     .withRestart(Restart.TRANSIENT)
 *     .withShutdown(ShutdownPolicy.BRUTAL_KILL);
 * }</pre>
 *
 * @param id the child's name within its supervisor: 1 to 255 characters, unique there
 * @param start starts the child linked to the supervisor
 * @param restart when to restart it
 * @param shutdown how to stop it
 * @param type worker or supervisor
 */
public record ChildSpec(
    String id, ChildStart start, Restart restart, ShutdownPolicy shutdown, ChildType type) {

  /** A worker's shutdown unless given: {@code shutdown}, then {@code kill} after 5 seconds. */
  public static final ShutdownPolicy DEFAULT_WORKER_SHUTDOWN =
      ShutdownPolicy.timeout(Duration.ofSeconds(5));

  public ChildSpec {
    if (id == null || id.isEmpty() || id.codePointCount(0, id.length()) > 255) {
      throw new IllegalArgumentException(
          "invalid child id: " + (id == null ? null : "\"" + id + "\"") + " (1 to 255 characters)");
    }
    if (start == null) {
      throw new IllegalArgumentException("invalid child start: null (child " + id + ")");
    }
    if (restart == null) {
      throw new IllegalArgumentException("invalid restart type: null (child " + id + ")");
    }
    if (shutdown == null) {
      throw new IllegalArgumentException("invalid shutdown: null (child " + id + ")");
    }
    if (type == null) {
      throw new IllegalArgumentException("invalid child type: null (child " + id + ")");
    }
  }

  /** Returns the spec of a child of {@code type}, with the defaults for that type. */
  public static ChildSpec of(String id, ChildStart start, ChildType type) {
    ShutdownPolicy shutdown =
        type == ChildType.SUPERVISOR ? ShutdownPolicy.INFINITY : DEFAULT_WORKER_SHUTDOWN;
    return new ChildSpec(id, start, Restart.PERMANENT, shutdown, type);
  }

  /** Returns the spec of a worker, with the defaults. */
  public static ChildSpec worker(String id, ChildStart start) {
    return of(id, start, ChildType.WORKER);
  }

  /** Returns the spec of a worker running {@code server}, with the defaults. */
  public static ChildSpec worker(String id, GenServer<?> server) {
    return of(id, ChildStart.genServer(server), ChildType.WORKER);
  }

  /**
   * Returns the spec of a child supervisor, with the defaults; see {@link
   * Supervisor#childSpec(String, SupervisorFlags, List)} for the usual one.
   */
  public static ChildSpec supervisor(String id, ChildStart start) {
    return of(id, start, ChildType.SUPERVISOR);
  }

  /** Returns this spec with {@code restart}. */
  public ChildSpec withRestart(Restart restart) {
    return new ChildSpec(id, start, restart, shutdown, type);
  }

  /** Returns this spec with {@code shutdown}. */
  public ChildSpec withShutdown(ShutdownPolicy shutdown) {
    return new ChildSpec(id, start, restart, shutdown, type);
  }

  /** Returns this spec with {@code type} (the shutdown stays as it is). */
  public ChildSpec withType(ChildType type) {
    return new ChildSpec(id, start, restart, shutdown, type);
  }

  /** Checks that {@code specs} has no null and no id twice; returns an unmodifiable copy. */
  static List<ChildSpec> validate(List<ChildSpec> specs) {
    if (specs == null) {
      throw new IllegalArgumentException("invalid child specs: null");
    }
    Set<String> ids = new HashSet<>();
    for (ChildSpec spec : specs) {
      if (spec == null) {
        throw new IllegalArgumentException("invalid child spec: null");
      }
      if (!ids.add(spec.id())) {
        throw new IllegalArgumentException("duplicate child id: " + spec.id());
      }
    }
    return List.copyOf(specs);
  }
}
