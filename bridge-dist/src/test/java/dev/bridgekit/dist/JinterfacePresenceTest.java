package dev.bridgekit.dist;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Says whether the jinterface interop tests ran: they compile only when the jar of Debian's
 * erlang-jinterface package is there (see this module's pom), so without it this test fails
 * under {@code CI=true} and is skipped loudly elsewhere.
 */
class JinterfacePresenceTest {
  static final Path JAR = Path.of("/usr/share/java/OtpErlang.jar");

  @Test
  void theJinterfaceJarIsThereSoItsTestsRun() {
    if (!Files.exists(JAR)) {
      String message = JAR + " is missing (package erlang-jinterface): the jinterface interop"
          + " tests were not compiled";
      if ("true".equals(System.getenv("CI"))) {
        assertTrue(false, message);
      }
      System.err.println("!!!!! SKIPPING TEST: " + message + " !!!!!");
      Assumptions.abort(message);
    }
    assertTrue(Files.isReadable(JAR));
  }
}
