package dev.bridgekit.runtime;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Term;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link GenServer} a {@link DynamicSupervisor} runs: one-for-one over children started on
 * demand and known by pid, as Elixir's DynamicSupervisor. Its state is the running children (by
 * pid, in start order) and those whose restart failed and waits for a retry.
 */
final class DynSupServer implements GenServer<DynSupServer.Children> {
  private static final Logger LOG = LoggerFactory.getLogger(DynamicSupervisor.class);
  static final Atom MAX_CHILDREN = Atom.of("max_children");

  /** The supervisor's children; owned by its process. */
  static final class Children {
    final Map<Pid, SupChild> running = new LinkedHashMap<>();
    final List<SupChild> restarting = new ArrayList<>();

    int size() {
      return running.size() + restarting.size();
    }
  }

  private final DynamicSupervisorFlags flags;
  private final SupIntensity intensity;

  DynSupServer(DynamicSupervisorFlags flags) {
    this.flags = flags;
    this.intensity = new SupIntensity(flags.intensity(), flags.period());
  }

  @Override
  public Children init() {
    Processes.trapExit(true);
    return new Children();
  }

  @Override
  public CallResult<Children> handleCall(Object request, From from, Children children) {
    Object reply =
        switch (request) {
          case SupProtocol.StartChild s -> startChild(s.spec(), children);
          case SupProtocol.TerminatePid t -> terminateChild(t.pid(), children);
          case SupProtocol.WhichChildren w -> which(children);
          case SupProtocol.CountChildren c -> count(children);
          default -> SupServer.unknownCall(request);
        };
    return new Reply<>(reply, children);
  }

  @Override
  public Result<Children> handleInfo(Object message, Children children) {
    switch (message) {
      case Exit exit -> {
        SupChild child = children.running.remove(exit.from());
        if (child != null) {
          return childExited(child, exit.reason(), children);
        }
        LOG.debug("supervisor {} ignored an exit from a non-child: {}", Processes.self(), exit);
      }
      case SupProtocol.RetryRestart retry -> {
        if (retry.key() instanceof SupChild child && children.restarting.remove(child)) {
          return restart(child, children);
        }
      }
      default ->
          LOG.warn("supervisor {} ignored an unexpected message: {}", Processes.self(), message);
    }
    return new NoReply<>(children);
  }

  @Override
  public void terminate(Term reason, Children children) {
    ChildShutdown.stopAll(new ArrayList<>(children.running.values()));
    children.running.clear();
    children.restarting.clear();
  }

  private Result<Children> childExited(SupChild child, Term reason, Children children) {
    boolean orderly = child.exited(reason, LOG);
    Restart restart = child.spec.restart();
    if (restart == Restart.TEMPORARY || (restart == Restart.TRANSIENT && orderly)) {
      return new NoReply<>(children);
    }
    return restart(child, children);
  }

  /** Restarts {@code child} (in neither map), counting one restart; a failure is retried. */
  private Result<Children> restart(SupChild child, Children children) {
    if (!intensity.allowRestart()) {
      LOG.error(
          "supervisor {} reached its maximum restart intensity ({} in {}): shutting down",
          Processes.self(),
          flags.intensity(),
          flags.period());
      return new Stop<>(ExitReason.SHUTDOWN, children);
    }
    try {
      child.start();
      children.running.put(child.pid, child);
    } catch (StartException e) {
      child.restartFailed(e, LOG);
      children.restarting.add(child);
      Processes.send(Processes.self(), new SupProtocol.RetryRestart(child));
    }
    return new NoReply<>(children);
  }

  private Object startChild(ChildSpec spec, Children children) {
    if (children.size() >= flags.maxChildren()) {
      return SupProtocol.Refused.of(
          MAX_CHILDREN,
          "max_children reached: " + flags.maxChildren() + " (child " + spec.id() + ")");
    }
    SupChild child = new SupChild(spec);
    try {
      child.start();
    } catch (StartException e) {
      return SupProtocol.Refused.start(e);
    }
    children.running.put(child.pid, child);
    return child.pid;
  }

  private static Object terminateChild(Pid pid, Children children) {
    SupChild child = children.running.remove(pid);
    if (child == null) {
      return SupProtocol.Refused.of(SupServer.NOT_FOUND, "no child with pid: " + pid);
    }
    child.stop();
    return Atom.OK;
  }

  private static List<ChildInfo> which(Children children) {
    List<ChildInfo> infos = new ArrayList<>(children.size());
    for (SupChild child : children.running.values()) {
      infos.add(child.info());
    }
    for (SupChild child : children.restarting) {
      infos.add(child.info());
    }
    return infos;
  }

  private static ChildCount count(Children children) {
    int supervisors = 0;
    for (SupChild child : children.running.values()) {
      supervisors += child.spec.type() == ChildType.SUPERVISOR ? 1 : 0;
    }
    for (SupChild child : children.restarting) {
      supervisors += child.spec.type() == ChildType.SUPERVISOR ? 1 : 0;
    }
    return new ChildCount(
        children.size(), children.running.size(), supervisors, children.size() - supervisors);
  }
}
