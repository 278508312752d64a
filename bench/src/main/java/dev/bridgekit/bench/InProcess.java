package dev.bridgekit.bench;

import dev.bridgekit.runtime.Down;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.Mailbox;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.runtime.SpawnedMonitor;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Runs a project side's timed code inside a fresh project process (a virtual thread with a
 * mailbox), as the anchor's code runs inside an Erlang process, and hands its result back to the
 * calling thread. The caller needs not be a process: a mailbox is opened for the wait.
 */
public final class InProcess {
  private InProcess() {}

  private record Result(Object token, Object value, Throwable error) {}

  /**
   * Runs {@code body} in a new process and returns what it returned.
   *
   * @throws IllegalStateException carrying what {@code body} threw, or the process's exit reason if
   *     it died without answering, or saying it did not answer within {@code timeout}
   */
  public static <T> T call(Callable<T> body, Duration timeout) {
    Object token = new Object();
    try (Mailbox mailbox = Processes.openMailbox()) {
      var caller = mailbox.pid();
      SpawnedMonitor worker =
          Processes.spawnMonitor(
              () -> {
                Result result;
                try {
                  result = new Result(token, body.call(), null);
                } catch (Throwable e) { // reported to the caller, who rethrows it
                  result = new Result(token, null, e);
                }
                Processes.send(caller, result);
              });
      Optional<Object> answer =
          Processes.receive(
              m ->
                  switch (m) {
                    case Result r when r.token() == token -> r;
                    case Down d when d.ref().equals(worker.ref()) -> d;
                    default -> null;
                  },
              timeout);
      return switch (answer.orElse(null)) {
        case null -> {
          Processes.exit(worker.pid(), ExitReason.KILL);
          throw new IllegalStateException("the project process did not answer within " + timeout);
        }
        case Result r when r.error() != null ->
            throw new IllegalStateException("the project process failed: " + r.error(), r.error());
        case Result r -> {
          @SuppressWarnings("unchecked") // body returned a T
          T value = (T) r.value();
          yield value;
        }
        case Down d ->
            throw new IllegalStateException("the project process died: " + d.reason());
        default -> throw new AssertionError(answer);
      };
    }
  }
}
