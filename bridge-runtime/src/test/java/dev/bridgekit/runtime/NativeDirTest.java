package dev.bridgekit.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NativeDirTest {
  @Test
  void buildHandsTestsTheNativeDirectory() {
    assertTrue(NativeDir.path().toFile().isDirectory());
  }

  @Test
  void missingArtifactNamesThePath() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> NativeDir.resolve("no_such_program"));
    assertTrue(e.getMessage().contains("no_such_program"), e.getMessage());
  }

  @Test
  void echoPortProgramBuiltByNativeAnswersAPacket() throws Exception {
    Process p = new ProcessBuilder(NativeDir.resolve("bk_port_echo").toString(), "4").start();
    byte[] payload = "hello".getBytes(StandardCharsets.UTF_8);
    try (OutputStream in = p.getOutputStream(); InputStream out = p.getInputStream()) {
      in.write(new byte[] {0, 0, 0, 5});
      in.write(payload);
      in.flush();
      assertArrayEquals(new byte[] {0, 0, 0, 5}, out.readNBytes(4));
      assertArrayEquals(payload, out.readNBytes(5));
    }
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
  }
}
