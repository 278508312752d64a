package dev.bridgekit.runtime;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link GenServer} a {@link Supervisor} runs, as supervisor.erl is a gen_server. Its state is
 * the children in start order; it traps exits and reacts to its children's {@link Exit}s. A new
 * one is made for each start (a restart of the supervisor gets a fresh one).
 */
final class SupServer implements GenServer<List<SupChild>> {
  private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
  static final Atom NOT_FOUND = Atom.of("not_found");
  static final Atom RUNNING = Atom.of("running");
  static final Atom RESTARTING = Atom.of("restarting");
  static final Atom ALREADY_PRESENT = Atom.of("already_present");
  static final Atom ALREADY_STARTED = Atom.of("already_started");
  private static final Atom UNKNOWN_CALL = Atom.of("unknown_call");
  private static final Atom FAILED_TO_START_CHILD = Atom.of("failed_to_start_child");

  private final SupervisorFlags flags;
  private final List<ChildSpec> specs;
  private final SupIntensity intensity;

  SupServer(SupervisorFlags flags, List<ChildSpec> specs) {
    this.flags = flags;
    this.specs = specs;
    this.intensity = new SupIntensity(flags.intensity(), flags.period());
  }

  @Override
  public List<SupChild> init() {
    Processes.trapExit(true);
    List<SupChild> children = new ArrayList<>(specs.size());
    for (ChildSpec spec : specs) {
      SupChild child = new SupChild(spec);
      try {
        child.start();
      } catch (StartException e) {
        stopAll(children);
        throw new StartException(
            ExitReason.shutdown(Tuple.of(FAILED_TO_START_CHILD, Atom.of(spec.id()), e.reason())),
            e);
      }
      children.add(child);
    }
    return children;
  }

  @Override
  public CallResult<List<SupChild>> handleCall(Object request, From from, List<SupChild> children) {
    Object reply =
        switch (request) {
          case SupProtocol.WhichChildren w -> children.stream().map(SupChild::info).toList();
          case SupProtocol.CountChildren c -> count(children);
          case SupProtocol.TerminateChild t -> terminateChild(t.id(), children);
          case SupProtocol.RestartChild r -> restartChild(r.id(), children);
          case SupProtocol.DeleteChild d -> deleteChild(d.id(), children);
          case SupProtocol.StartChild s -> startChild(s.spec(), children);
          default -> unknownCall(request);
        };
    return new Reply<>(reply, children);
  }

  @Override
  public Result<List<SupChild>> handleInfo(Object message, List<SupChild> children) {
    switch (message) {
      case Exit exit -> {
        SupChild child = find(exit.from(), children);
        if (child != null) {
          return childExited(child, exit.reason(), children);
        }
        LOG.debug("supervisor {} ignored an exit from a non-child: {}", Processes.self(), exit);
      }
      case SupProtocol.RetryRestart retry -> {
        SupChild child = find((String) retry.key(), children);
        if (child != null && child.restarting) {
          return restartGroup(child, children);
        }
      }
      default ->
          LOG.warn("supervisor {} ignored an unexpected message: {}", Processes.self(), message);
    }
    return new NoReply<>(children);
  }

  @Override
  public void terminate(Term reason, List<SupChild> children) {
    stopAll(children);
  }

  // ---- restarts ----

  private Result<List<SupChild>> childExited(SupChild child, Term reason, List<SupChild> children) {
    boolean orderly = child.exited(reason, LOG);
    switch (child.spec.restart()) {
      case TEMPORARY -> {
        children.remove(child);
        return new NoReply<>(children);
      }
      case TRANSIENT -> {
        if (orderly) {
          return new NoReply<>(children);
        }
      }
      case PERMANENT -> {}
    }
    return restartGroup(child, children);
  }

  /**
   * Restarts {@code child} (not running) and its group under the strategy, counting one restart;
   * gives up with {@code shutdown} past the intensity. A start that fails marks its child
   * restarting and sends a retry to this process, which counts again, as OTP does.
   */
  private Result<List<SupChild>> restartGroup(SupChild child, List<SupChild> children) {
    if (!intensity.allowRestart()) {
      LOG.error(
          "supervisor {} reached its maximum restart intensity ({} in {}): shutting down",
          Processes.self(),
          flags.intensity(),
          flags.period());
      return new Stop<>(ExitReason.SHUTDOWN, children);
    }
    int at = children.indexOf(child);
    List<SupChild> group =
        switch (flags.strategy()) {
          case ONE_FOR_ONE -> List.of(child);
          case ONE_FOR_ALL -> List.copyOf(children);
          case REST_FOR_ONE -> List.copyOf(children.subList(at, children.size()));
        };
    stopAll(group);
    for (SupChild member : group) {
      if (member != child && member.spec.restart() == Restart.TEMPORARY) {
        children.remove(member); // temporary children are never restarted, as in OTP
      }
    }
    for (SupChild member : group) {
      if (!children.contains(member)) {
        continue;
      }
      try {
        member.start();
      } catch (StartException e) {
        member.restartFailed(e, LOG);
        Processes.send(Processes.self(), new SupProtocol.RetryRestart(member.id()));
        break;
      }
    }
    return new NoReply<>(children);
  }

  /** Stops the running children of {@code group} in reverse order. */
  private static void stopAll(List<SupChild> group) {
    for (int i = group.size() - 1; i >= 0; i--) {
      group.get(i).stop();
    }
  }

  // ---- calls ----

  private static ChildCount count(List<SupChild> children) {
    int active = 0;
    int supervisors = 0;
    for (SupChild child : children) {
      active += child.pid != null ? 1 : 0;
      supervisors += child.spec.type() == ChildType.SUPERVISOR ? 1 : 0;
    }
    return new ChildCount(children.size(), active, supervisors, children.size() - supervisors);
  }

  private static Object terminateChild(String id, List<SupChild> children) {
    SupChild child = find(id, children);
    if (child == null) {
      return notFound(id);
    }
    child.stop();
    child.restarting = false;
    if (child.spec.restart() == Restart.TEMPORARY) {
      children.remove(child);
    }
    return Atom.OK;
  }

  private static Object restartChild(String id, List<SupChild> children) {
    SupChild child = find(id, children);
    SupProtocol.Refused refused = unlessStopped(id, child);
    if (refused != null) {
      return refused;
    }
    try {
      child.start();
    } catch (StartException e) {
      return SupProtocol.Refused.start(e);
    }
    return child.pid;
  }

  private static Object deleteChild(String id, List<SupChild> children) {
    SupChild child = find(id, children);
    SupProtocol.Refused refused = unlessStopped(id, child);
    if (refused != null) {
      return refused;
    }
    children.remove(child);
    return Atom.OK;
  }

  /**
   * Returns why child {@code id} ({@code child}, null if there is none) cannot be restarted or
   * deleted, as OTP's {@code {error, not_found | running | restarting}}; null if it is stopped.
   */
  private static SupProtocol.Refused unlessStopped(String id, SupChild child) {
    if (child == null) {
      return notFound(id);
    }
    if (child.pid != null) {
      return SupProtocol.Refused.of(RUNNING, "child " + id + " is running: " + child.pid);
    }
    if (child.restarting) {
      return SupProtocol.Refused.of(RESTARTING, "child " + id + " is restarting");
    }
    return null;
  }

  private static Object startChild(ChildSpec spec, List<SupChild> children) {
    SupChild existing = find(spec.id(), children);
    if (existing != null && existing.pid != null) {
      return SupProtocol.Refused.of(
          Tuple.of(ALREADY_STARTED, existing.pid),
          "child " + spec.id() + " is already started: " + existing.pid);
    }
    if (existing != null) {
      return SupProtocol.Refused.of(ALREADY_PRESENT, "child " + spec.id() + " is already present");
    }
    SupChild child = new SupChild(spec);
    try {
      child.start();
    } catch (StartException e) {
      return SupProtocol.Refused.start(e);
    }
    children.add(child);
    return child.pid;
  }

  /** Refuses a call no supervisor API makes, rather than let a stray call crash the tree. */
  static SupProtocol.Refused unknownCall(Object request) {
    return SupProtocol.Refused.of(UNKNOWN_CALL, "not a supervisor call: " + request);
  }

  private static SupProtocol.Refused notFound(String id) {
    return SupProtocol.Refused.of(NOT_FOUND, "no child with id: " + id);
  }

  private static SupChild find(String id, List<SupChild> children) {
    for (SupChild child : children) {
      if (child.id().equals(id)) {
        return child;
      }
    }
    return null;
  }

  private static SupChild find(Pid pid, List<SupChild> children) {
    for (SupChild child : children) {
      if (pid.equals(child.pid)) {
        return child;
      }
    }
    return null;
  }
}
