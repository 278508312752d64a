package dev.bridgekit.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Term;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.function.Predicate;

/**
 * Test workers for supervisors: each tells an observer process when it started and when it
 * terminated, and logs both into a shared queue (for order checks).
 */
final class SupProbe {
  private SupProbe() {}

  static final Duration WAIT = Duration.ofSeconds(5);

  record Started(String id, Pid pid) {}

  record Stopped(String id, Pid pid, Term reason) {}

  /** Cast: the worker crashes. */
  record Crash() {}

  /** Cast: the worker stops with reason normal. */
  record Quit() {}

  /** Call: answered "pong". */
  record Ping() {}

  /** A GenServer worker that traps exits (so a supervisor's shutdown runs its terminate). */
  static final class Worker implements GenServer<String> {
    private final String id;
    private final Pid observer;
    private final Queue<String> log;

    Worker(String id, Pid observer, Queue<String> log) {
      this.id = id;
      this.observer = observer;
      this.log = log;
    }

    @Override
    public String init() {
      Processes.trapExit(true);
      log.add("start:" + id);
      Processes.send(observer, new Started(id, Processes.self()));
      return id;
    }

    @Override
    public CallResult<String> handleCall(Object request, From from, String state) {
      return new Reply<>("pong", state);
    }

    @Override
    public Result<String> handleCast(Object message, String state) {
      return switch (message) {
        case Crash c -> throw new IllegalStateException("crash of " + id);
        case Quit q -> new Stop<>(ExitReason.NORMAL, state);
        default -> new NoReply<>(state);
      };
    }

    @Override
    public void terminate(Term reason, String state) {
      log.add("stop:" + id);
      Processes.send(observer, new Stopped(id, Processes.self(), reason));
    }
  }

  static ChildSpec worker(String id, Pid observer, Queue<String> log) {
    return ChildSpec.worker(id, new Worker(id, observer, log));
  }

  /** Receives the next message {@code matcher} takes, failing the test after {@link #WAIT}. */
  static <T> T await(Matcher<T> matcher) {
    return Processes.receive(matcher, WAIT)
        .orElseThrow(() -> new AssertionError("no matching message within " + WAIT));
  }

  static Started awaitStarted(String id) {
    return await(m -> m instanceof Started s && s.id().equals(id) ? s : null);
  }

  static Stopped awaitStopped(String id) {
    return await(m -> m instanceof Stopped s && s.id().equals(id) ? s : null);
  }

  static Down awaitDown(Pid pid) {
    return await(m -> m instanceof Down d && d.pid().equals(pid) ? d : null);
  }

  /** Returns true if a message {@code matcher} takes is in the mailbox now. */
  static boolean pending(Matcher<?> matcher) {
    return Processes.receive(matcher, Duration.ZERO).isPresent();
  }

  /**
   * Asks {@code supervisor} for its children until {@code done} holds, pausing briefly between
   * asks: a child's exit reaches the supervisor and the test at about the same time, and this
   * waits until the supervisor has acted on it. Fails the test after {@link #WAIT}.
   */
  static List<ChildInfo> awaitChildren(Pid supervisor, Predicate<List<ChildInfo>> done) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<ChildInfo> children = Supervisor.whichChildren(supervisor);
      if (done.test(children)) {
        return children;
      }
      if (System.nanoTime() > deadline) {
        fail("children never as expected: " + children);
      }
      Processes.receive(m -> null, Duration.ofMillis(2));
    }
  }

  static ChildInfo child(List<ChildInfo> children, String id) {
    return children.stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
  }

  static Pid pidOf(List<ChildInfo> children, String id) {
    ChildInfo info = child(children, id);
    return info == null ? null : info.pid().orElse(null);
  }
}
