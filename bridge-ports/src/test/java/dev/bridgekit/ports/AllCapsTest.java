package dev.bridgekit.ports;

import static dev.bridgekit.ports.Recv.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bridgekit.runtime.NativeDir;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The all-caps port program of the Erlang books, in C and in Java, driven by our ports. */
class AllCapsTest {
  @RegisterExtension final TrappingMailbox mailbox = new TrappingMailbox();

  static PortSpec.Builder c() {
    return PortSpec.program(NativeDir.resolve("bk_allcaps"));
  }

  /** The Java program, run by this JVM's java on this test's class path. */
  static PortSpec.Builder java() {
    return PortSpec.program(ProcessHandle.current().info().command().orElseThrow())
        .args("-cp", System.getProperty("java.class.path"), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
            AllCapsProgram.class.getName());
  }

  @Test
  void bothProgramsUpperCaseAndTheLengthPrefixFollows() throws Exception {
    for (PortSpec.Builder program : List.of(c(), java())) {
      Port port = Port.open(program.framing(Framing.packet(4)).exitStatus().build());
      port.command(utf8("hello"));
      assertEquals("HELLO", Recv.text(port));
      port.command(utf8("no trailing newline, all of it"));
      assertEquals("NO TRAILING NEWLINE, ALL OF IT", Recv.text(port));
      port.command(utf8("two\nlines\n"));
      assertEquals("TWO\nLINES\n", Recv.text(port));
      port.command(utf8("\uFB00"));
      byte[] ff = Recv.data(port);
      assertArrayEquals(utf8("FF"), ff, "three bytes in, two out");
      port.command(utf8("stra\u00DFe \u00FF"));
      assertEquals("STRASSE \u0178", Recv.text(port));
      port.command(new byte[0]);
      assertEquals("", Recv.text(port));
      port.closeInput();
      assertEquals(0, Recv.exitStatus(port));
    }
  }

  @Test
  void theReplyPrefixCarriesTheNewLengthOnTheWire() throws Exception {
    for (PortSpec.Builder program : List.of(c(), java())) {
      // Stream framing: the port passes the raw bytes, prefix included, through.
      Port port = Port.open(program.framing(Framing.stream()).build());
      port.command(FrameEncoder.encode(Framing.packet(4), utf8("\uFB00\uFB03")));
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      while (raw.size() < 4 + 5) {
        raw.writeBytes(Recv.data(port));
      }
      assertArrayEquals(new byte[] {0, 0, 0, 5, 'F', 'F', 'F', 'F', 'I'}, raw.toByteArray());
      port.close();
    }
  }
}
