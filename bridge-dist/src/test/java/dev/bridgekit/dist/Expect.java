package dev.bridgekit.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bridgekit.runtime.Down;
import dev.bridgekit.runtime.Exit;
import dev.bridgekit.runtime.Matcher;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;
import java.time.Duration;
import java.util.Optional;

/** Receives what a test expects, failing after a generous timeout instead of hanging. */
public final class Expect {
  private Expect() {}

  public static final Duration LONG = Duration.ofSeconds(15);

  /** Receives the first message {@code matcher} takes, or fails. */
  public static <T> T message(Matcher<T> matcher) {
    Optional<T> got = Processes.receive(matcher, LONG);
    return got.orElseThrow(() -> new AssertionError("no matching message within " + LONG));
  }

  /** Receives the first message equal to {@code expected}, or fails. */
  public static void exactly(Object expected) {
    message(m -> m.equals(expected) ? m : null);
  }

  /** Receives the {@link Down} of {@code ref} and returns it. */
  public static Down down(Ref ref) {
    return message(m -> m instanceof Down d && d.ref().equals(ref) ? d : null);
  }

  /** Receives the {@link Exit} from {@code from} and returns its reason. */
  public static Term exit(Pid from) {
    return message(m -> m instanceof Exit e && e.from().equals(from) ? e : null).reason();
  }

  /** Asserts nothing that {@code matcher} takes arrives within {@code wait}. */
  public static void nothing(Matcher<?> matcher, Duration wait) {
    Optional<?> got = Processes.receive(matcher, wait);
    assertEquals(Optional.empty(), got, "unexpected message");
  }
}
