package dev.bridgekit.ports;

import dev.bridgekit.runtime.Exit;
import dev.bridgekit.runtime.Matcher;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Term;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** Receives what a ports test expects, failing after a generous timeout instead of hanging. */
final class Recv {
  private Recv() {}

  static final Duration LONG = Duration.ofSeconds(10);

  static <T> T message(Matcher<T> matcher) {
    Optional<T> got = Processes.receive(matcher, LONG);
    return got.orElseThrow(() -> new AssertionError("no matching message within " + LONG));
  }

  /** Receives the next data payload of {@code port}. */
  static byte[] data(Port port) {
    return message(m -> m instanceof PortData d && d.port() == port ? d.data() : null);
  }

  static String text(Port port) {
    return new String(data(port), StandardCharsets.UTF_8);
  }

  static int exitStatus(Port port) {
    return message(m -> m instanceof PortExitStatus s && s.port() == port ? s.status() : null);
  }

  /** Receives the Exit of {@code port}'s link (the caller traps exits) and returns its reason. */
  static Term exit(Port port) {
    Pid pid = port.pid();
    return message(m -> m instanceof Exit e && e.from().equals(pid) ? e.reason() : null);
  }

  /** Asserts that no message matching {@code matcher} arrives within {@code wait}. */
  static void none(Matcher<?> matcher, Duration wait) {
    Optional<?> got = Processes.receive(matcher, wait);
    if (got.isPresent()) {
      throw new AssertionError("unexpected message: " + got.get());
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
