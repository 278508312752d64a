package dev.bridgekit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErlAnchorTest {
  @BeforeAll
  static void needsErl() {
    boolean found =
        Files.isExecutable(Path.of("/usr/bin/erl"))
            || List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "erl")));
    if (!found && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("erl is not installed, and CI=true: install Erlang/OTP");
    }
    if (!found) {
      System.err.println("ErlAnchorTest SKIPPED: erl is not on the PATH");
    }
    Assumptions.assumeTrue(found, "erl is not on the PATH");
  }

  @Test
  void nodeAnswersCommandsWithItsCpuTimeAndHaltsWhenClosed(@TempDir Path dir) throws Exception {
    long pid;
    try (ErlAnchor erl = ErlAnchor.start(dir, List.of())) {
      pid = erl.osPid();
      assertTrue(Files.exists(Path.of("/proc", Long.toString(pid))), "no /proc entry for " + pid);

      ErlReply reply = erl.command("call_rtt 20000", Duration.ofSeconds(30));

      OpsWindow window = reply.window();
      assertEquals(20_000, window.ops());
      assertTrue(window.wallNanos() > 0, "wall " + window.wallNanos());
      assertTrue(window.cpuNanos() >= 0, "cpu " + window.cpuNanos());
      assertTrue(erl.description().startsWith("erl -noshell "), erl.description());
    }
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
        "erl " + pid + " outlived close()");
  }

  @Test
  void anErrorAnswerBecomesAnExceptionNamingTheCommand(@TempDir Path dir) throws Exception {
    try (ErlAnchor erl = ErlAnchor.start(dir, List.of())) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class, () -> erl.command("no_such 1", Duration.ofSeconds(10)));

      assertTrue(e.getMessage().contains("no_such 1"), e.getMessage());
      assertEquals(Map.of(), erl.command("ping", Duration.ofSeconds(10)).fields(), "still answers");
    }
  }
}
