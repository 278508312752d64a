package dev.bridgekit.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.runtime.NotAProcessException;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Int;
import dev.bridgekit.term.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class PortFailureTest {
  @RegisterExtension final TrappingMailbox mailbox = new TrappingMailbox();

  /** A program that writes {@code printf}'s rendering of {@code format} and exits. */
  static PortSpec.Builder printf(String format) {
    return PortSpec.program("/bin/sh").args("-c", "printf '" + format + "'");
  }

  @Test
  void aFrameLongerThanTheMaximumClosesThePortWithItsSizeAfterTheFramesBeforeIt() {
    Port port = Port.open(printf("\\000\\002ok\\000\\005hello\\001\\000")
        .framing(Framing.packet(2)).maxPacketSize(100).build());
    assertEquals("ok", Recv.text(port));
    assertEquals("hello", Recv.text(port));
    assertEquals(Tuple.of(Atom.of("packet_too_large"), Int.of(256)), Recv.exit(port));
  }

  @Test
  void aFrameCutShortByEofClosesThePortWithTruncatedPacket() {
    Port port = Port.open(printf("\\000\\000\\000\\002ok\\000\\000\\000\\005ab")
        .framing(Framing.packet(4)).build());
    assertEquals("ok", Recv.text(port));
    assertEquals(Atom.of("truncated_packet"), Recv.exit(port));
  }

  @Test
  void theDefaultMaximumIs64MiB() {
    // A 4-byte prefix announcing 64 MiB + 1 fails before any of the payload is awaited.
    Port port = Port.open(printf("\\004\\000\\000\\001").framing(Framing.packet(4)).eof().build());
    assertEquals(Tuple.of(Atom.of("packet_too_large"), Int.of((64 << 20) + 1)), Recv.exit(port));
  }

  @Test
  void aCommandTooLongForItsPrefixFailsAtCommandAndWritesNothing() throws Exception {
    for (int n : new int[] {1, 2}) {
      Port port = Port.open(PortTest.echo(n).build());
      int tooLong = n == 1 ? 256 : 65536;
      PacketTooLargeException e = assertThrows(PacketTooLargeException.class,
          () -> port.command(new byte[tooLong]));
      assertEquals(tooLong, e.length());
      assertTrue(e.getMessage().contains("{packet," + n + "}"), e.getMessage());
      assertThrows(PacketTooLargeException.class, () -> port.tryCommand(new byte[tooLong]));
      assertTrue(port.tryCommand(new byte[0]), "not busy");
      port.command(new byte[tooLong - 1]);
      assertEquals(0, Recv.data(port).length, "the stream is still in sync");
      assertEquals(tooLong - 1, Recv.data(port).length);
      assertEquals(n + n + (tooLong - 1), port.info().bytesOut(), "nothing of the long ones written");
      port.close();
    }
  }

  @Test
  void aMissingProgramFailsAtOpenWithEnoentNamingThePathAtOnce() {
    long start = System.nanoTime();
    PortOpenException e = assertThrows(PortOpenException.class,
        () -> Port.open(PortSpec.program("/no/such/program").build()));
    assertEquals(Atom.of("enoent"), e.posix());
    assertEquals("/no/such/program", e.path());
    assertTrue(e.getMessage().contains("/no/such/program"), e.getMessage());
    assertTrue(System.nanoTime() - start < 2_000_000_000L, "at once, not after a timeout");
    Recv.none(m -> m, java.time.Duration.ofMillis(100)); // no exit signal, no message
  }

  @Test
  void aProgramThatIsNotExecutableFailsWithEacces(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("not-executable"), "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    PortOpenException e = assertThrows(PortOpenException.class,
        () -> Port.open(PortSpec.program(file).build()));
    assertEquals(Atom.of("eacces"), e.posix());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void aWorkingDirectoryThatDoesNotExistFailsNamingIt() {
    PortOpenException e = assertThrows(PortOpenException.class,
        () -> Port.open(PortSpec.program("/bin/true").cwd(Path.of("/no/such/dir")).build()));
    assertEquals(Atom.of("enoent"), e.posix());
    assertEquals("/no/such/dir", e.path());
  }

  @Test
  void environmentNamesWithEqualsOrNulAreRejectedNamingThem() {
    IllegalArgumentException eq = assertThrows(IllegalArgumentException.class,
        () -> PortSpec.program("/bin/true").env("A=B", "x"));
    assertTrue(eq.getMessage().contains("A=B"), eq.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PortSpec.program("/bin/true").env("A\0B", "x"));
    assertThrows(IllegalArgumentException.class, () -> PortSpec.program("/bin/true").unsetEnv(""));
    assertThrows(IllegalArgumentException.class, () -> PortSpec.program("/bin/true").env("A", "x\0y"));
    assertThrows(IllegalArgumentException.class, () -> PortSpec.program("/bin/true").args("a\0b"));
    assertThrows(IllegalArgumentException.class,
        () -> PortSpec.program("/bin/true").framing(Framing.packet(4)).stderr(StderrMode.MERGE).build());
  }

  @Test
  void openNeedsAProcess() throws Exception {
    Thread t = Thread.ofVirtual().start(() -> assertThrows(NotAProcessException.class,
        () -> Port.open(PortSpec.program("/bin/true").build())));
    t.join();
  }

  @Test
  void writingToAProgramThatClosedItsInputFailsThePortWithEpipeAfterItsOutput() throws Exception {
    Port port = Port.open(PortSpec.program("/bin/sh")
        .args("-c", "exec 0<&-; echo closed; sleep 0.3; echo done").build());
    assertEquals("closed\n", Recv.text(port));
    byte[] chunk = new byte[64 << 10];
    try {
      for (int i = 0; i < 100; i++) {
        port.command(chunk);
      }
    } catch (PortClosedException expected) {
      // The writer failed meanwhile: later commands fail.
    }
    assertEquals("done\n", Recv.text(port));
    assertEquals(Atom.of("epipe"), Recv.exit(port));
  }

  @Test
  void programOutputBeforeAFailureIsNeverLost() {
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      script.append("\\000\\003").append(String.format("%03d", i));
    }
    Port port = Port.open(printf(script + "\\000\\011abc").framing(Framing.packet(2)).build());
    for (int i = 0; i < 200; i++) {
      assertEquals(String.format("%03d", i), Recv.text(port));
    }
    assertEquals(Atom.of("truncated_packet"), Recv.exit(port));
  }
}
