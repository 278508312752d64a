package dev.bridgekit.ports;

import static dev.bridgekit.ports.Recv.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.runtime.Processes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Java port program on fds 3 and 4 ({@code nouse_stdio}), logging on its stdout meanwhile. */
class NouseStdioProgramTest {
  @RegisterExtension final TrappingMailbox mailbox = new TrappingMailbox();

  /** Upper-cases every request on fds 3 and 4, and logs about each on stdout (and stderr). */
  public static final class LoggingAllCaps {
    private LoggingAllCaps() {}

    public static void main(String[] args) throws IOException {
      System.out.println("log: started");
      PortProgram.serve(PacketIO.nouseStdio(4), request -> {
        System.out.println("log: request of " + request.length + " bytes");
        // A long log line between frames: it must not reach the frames either.
        System.out.println("log: " + "x".repeat(20_000));
        System.err.println("log: on stderr too");
        return new String(request, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT)
            .getBytes(StandardCharsets.UTF_8);
      });
      System.out.println("log: input ended");
    }
  }

  private static PortSpec.Builder program() {
    return PortSpec.program(ProcessHandle.current().info().command().orElseThrow())
        .args("-cp", System.getProperty("java.class.path"), "-Xshare:auto",
            "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
            LoggingAllCaps.class.getName());
  }

  @Test
  void aJavaProgramExchangesPacketsOnFds3And4WhileItsStdoutCarriesLogs() throws Exception {
    Port port = Port.open(program().framing(Framing.packet(4)).noUseStdio()
        .stderr(StderrMode.OWNER).exitStatus().build());
    port.command(utf8("hello"));
    assertEquals("HELLO", Recv.text(port));
    port.command(utf8("no trailing newline\u00FF"));
    assertEquals("NO TRAILING NEWLINE\u0178", Recv.text(port));
    byte[] big = new byte[300_000]; // more than one read, and one native chunk, either way
    Arrays.fill(big, (byte) 'q');
    port.command(big);
    byte[] upper = new byte[big.length];
    Arrays.fill(upper, (byte) 'Q');
    assertArrayEquals(upper, Recv.data(port));
    port.command(new byte[0]);
    assertArrayEquals(new byte[0], Recv.data(port));
    port.closeInput();
    assertEquals(0, Recv.exitStatus(port));

    // Its stdout and stderr came to the owner, apart from the frames.
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    for (byte[] chunk; (chunk = Processes.receive(
        m -> m instanceof PortStderr s && s.port() == port ? s.data() : null,
        java.time.Duration.ofMillis(500)).orElse(null)) != null; ) {
      logs.writeBytes(chunk);
    }
    String log = logs.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("log: started\n"), log);
    assertTrue(log.contains("log: request of 5 bytes\n"), log);
    assertTrue(log.contains("log: request of 300000 bytes\n"), log);
    assertTrue(log.contains("log: on stderr too\n"), log);
    assertTrue(log.contains("log: input ended\n"), log);
    assertTrue(!log.contains("WARNING"), "no native-access warning: " + log);
  }
}
