package dev.bridgekit.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.runtime.NativeDir;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Children never outlive their port: not even when the JVM that owns the ports is killed -9. */
class OrphanTest {

  @Test
  void killingTheJvmWithSigkillLeavesNoDescendantBehind() throws Exception {
    int ports = 3;
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "-D" + NativeDir.PROPERTY + "=" + NativeDir.path(),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        ChildJvmMain.class.getName(), Integer.toString(ports))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    try {
      List<Long> leaders = new ArrayList<>();
      BufferedReader out = new BufferedReader(
          new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
      for (String line; (line = out.readLine()) != null && !line.equals("ready"); ) {
        if (line.startsWith("port ")) {
          leaders.add(Long.parseLong(line.substring(5)));
        }
      }
      assertEquals(ports, leaders.size(), "the child JVM opened its ports");
      Map<Long, Long> descendants = ProcTable.descendants(jvm.pid());
      // The launcher, and per port sh and two sleeps.
      assertEquals(1 + 3 * ports, descendants.size(), "descendants: " + descendants.keySet());
      for (long leader : leaders) {
        assertTrue(descendants.containsKey(leader));
      }

      jvm.destroyForcibly(); // SIGKILL: no shutdown hook, no finally runs in the JVM
      assertTrue(jvm.waitFor(10, TimeUnit.SECONDS));
      assertEquals(137, jvm.exitValue());

      Map<Long, Long> left = ProcTable.awaitGone(descendants, Duration.ofSeconds(5));
      assertTrue(left.isEmpty(), "still alive after the JVM died: " + left.keySet());
    } finally {
      jvm.destroyForcibly();
    }
  }
}
