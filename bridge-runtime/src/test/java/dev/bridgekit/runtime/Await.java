package dev.bridgekit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;
import java.time.Duration;
import java.util.Optional;

/** Receives what a test expects, failing after a generous timeout instead of hanging. */
final class Await {
  private Await() {}

  static final Duration LONG = Duration.ofSeconds(10);

  /** Receives the first message {@code matcher} takes, or fails. */
  static <T> T message(Matcher<T> matcher) {
    Optional<T> got = Processes.receive(matcher, LONG);
    return got.orElseThrow(() -> new AssertionError("no matching message within " + LONG));
  }

  /** Receives the first message equal to {@code expected}, or fails. */
  static void exactly(Object expected) {
    message(m -> m.equals(expected) ? m : null);
  }

  /** Receives the {@link Down} of {@code ref} and returns its reason. */
  static Term down(Ref ref) {
    return message(m -> m instanceof Down d && d.ref().equals(ref) ? d : null).reason();
  }

  /** Receives the {@link Exit} from {@code from} and returns its reason. */
  static Term exit(Pid from) {
    return message(m -> m instanceof Exit e && e.from().equals(from) ? e : null).reason();
  }

  /** Monitors {@code pid} and waits for its exit reason. */
  static Term exitReasonOf(Pid pid) {
    return down(Processes.monitor(pid));
  }

  /** Asserts nothing that {@code matcher} takes arrives within a short while. */
  static void nothing(Matcher<?> matcher) {
    Optional<?> got = Processes.receive(matcher, Duration.ofMillis(100));
    assertEquals(Optional.empty(), got, "unexpected message");
  }

  /** Asserts {@code pid} is alive and answers: it must run {@link #echoLoop}. */
  static void answers(Pid pid) {
    Object token = new Object();
    Processes.send(pid, new Ping(Processes.self(), token));
    exactly(token);
  }

  /** A request for {@link #echoLoop}: sends {@code token} back to {@code from}. */
  record Ping(Pid from, Object token) {}

  /** Answers every {@link Ping}; ignores other messages. */
  static void echoLoop() {
    for (;;) {
      Ping p = Processes.receive(m -> m instanceof Ping ping ? ping : null);
      Processes.send(p.from(), p.token());
    }
  }
}
