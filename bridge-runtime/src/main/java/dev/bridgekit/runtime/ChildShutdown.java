package dev.bridgekit.runtime;

import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a supervisor's children as supervisor.erl's {@code shutdown/2} does, from the supervisor's
 * process: monitor the child and unlink it (so its exit comes as a {@link Down}, not as an {@link
 * Exit} that would look like a crash to restart), signal {@code shutdown}, wait up to the policy's
 * timeout, kill, wait for the {@code Down}; then drain an {@code Exit} that raced the unlink.
 */
final class ChildShutdown {
  private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
  private static final long NEVER = Long.MAX_VALUE;

  private ChildShutdown() {}

  /** Stops {@code pid} as {@code policy} says; returns the reason it exited with. */
  static Term stop(Pid pid, ShutdownPolicy policy, String id) {
    Ref ref = Processes.monitor(pid);
    Optional<Term> early = unlink(pid);
    if (early.isPresent()) {
      awaitDown(ref);
      return early.get();
    }
    Term reason =
        switch (policy) {
          case ShutdownPolicy.BrutalKill k -> {
            Processes.exit(pid, ExitReason.KILL);
            yield awaitDown(ref);
          }
          case ShutdownPolicy.Infinity i -> {
            Processes.exit(pid, ExitReason.SHUTDOWN);
            yield awaitDown(ref);
          }
          case ShutdownPolicy.Timeout t -> {
            Processes.exit(pid, ExitReason.SHUTDOWN);
            Optional<Down> down = Processes.receive(downOf(ref), t.timeout());
            if (down.isPresent()) {
              yield down.get().reason();
            }
            LOG.warn("child {} ({}) did not stop within {}: killing it", id, pid, t.timeout());
            Processes.exit(pid, ExitReason.KILL);
            yield awaitDown(ref);
          }
        };
    drainExit(pid);
    return reason;
  }

  /**
   * Stops {@code children} all at once, as a simple_one_for_one supervisor does: signal them all,
   * then wait for their {@code Down}s, killing each one whose timeout passes.
   */
  static void stopAll(List<SupChild> children) {
    record Stopping(SupChild child, Pid pid, long deadline) {}
    Map<Ref, Stopping> stopping = new HashMap<>();
    List<Pid> stopped = new ArrayList<>();
    long start = System.nanoTime();
    for (SupChild child : children) {
      Pid pid = child.pid;
      child.pid = null;
      if (pid == null) {
        continue;
      }
      stopped.add(pid);
      Ref ref = Processes.monitor(pid);
      if (unlink(pid).isPresent()) {
        awaitDown(ref);
        continue;
      }
      long deadline =
          switch (child.spec.shutdown()) {
            case ShutdownPolicy.BrutalKill k -> {
              Processes.exit(pid, ExitReason.KILL);
              yield NEVER;
            }
            case ShutdownPolicy.Infinity i -> {
              Processes.exit(pid, ExitReason.SHUTDOWN);
              yield NEVER;
            }
            case ShutdownPolicy.Timeout t -> {
              Processes.exit(pid, ExitReason.SHUTDOWN);
              yield start + Math.min(t.timeout().toNanos(), NEVER / 2);
            }
          };
      stopping.put(ref, new Stopping(child, pid, deadline));
    }
    Matcher<Down> anyOfThem = m -> m instanceof Down d && stopping.containsKey(d.ref()) ? d : null;
    while (!stopping.isEmpty()) {
      long next = NEVER;
      for (Stopping s : stopping.values()) {
        next = Math.min(next, s.deadline());
      }
      Down down;
      if (next == NEVER) {
        down = Processes.receive(anyOfThem);
      } else {
        long wait = Math.max(0, next - System.nanoTime());
        down = Processes.receive(anyOfThem, Duration.ofNanos(wait)).orElse(null);
      }
      if (down != null) {
        stopping.remove(down.ref());
        continue;
      }
      long now = System.nanoTime();
      for (Map.Entry<Ref, Stopping> e : new ArrayList<>(stopping.entrySet())) {
        Stopping s = e.getValue();
        if (s.deadline() <= now) {
          LOG.warn("child {} ({}) did not stop in time: killing it", s.child().id(), s.pid());
          Processes.exit(s.pid(), ExitReason.KILL);
          stopping.put(e.getKey(), new Stopping(s.child(), s.pid(), NEVER));
        }
      }
    }
    for (Pid pid : stopped) {
      drainExit(pid);
    }
  }

  /**
   * Unlinks {@code pid}; returns the reason of an {@link Exit} it sent before the unlink took
   * effect (it is dead already), taking that message out of the mailbox.
   */
  private static Optional<Term> unlink(Pid pid) {
    Processes.unlink(pid);
    return Processes.receive(
        m -> m instanceof Exit e && e.from().equals(pid) ? e.reason() : null, Duration.ZERO);
  }

  private static void drainExit(Pid pid) {
    Processes.receive(m -> m instanceof Exit e && e.from().equals(pid) ? e : null, Duration.ZERO);
  }

  private static Term awaitDown(Ref ref) {
    return Processes.receive(downOf(ref)).reason();
  }

  private static Matcher<Down> downOf(Ref ref) {
    return m -> m instanceof Down d && ref.equals(d.ref()) ? d : null;
  }
}
