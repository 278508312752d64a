package dev.bridgekit.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.dist.internal.CookieFile;
import dev.bridgekit.dist.internal.EpmdClient;
import dev.bridgekit.dist.internal.EpmdProtocol.NodeEntry;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Atom;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping a node, its options and its cookie file. */
// Resources opened for their effect: a mailbox makes the test thread a process, a registration
// holds a name in EPMD.
@SuppressWarnings("try")
class NodeStartTest {
  @TempDir
  Path dir;

  @Test
  void aMissingCookieFileIsCreatedWithARandomCookieReadableByItsOwnerOnly() throws Exception {
    Path file = dir.resolve(".erlang.cookie");
    String cookie = CookieFile.read(file);
    assertTrue(cookie.matches("[A-Z]{20}"), cookie);
    assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(cookie, CookieFile.read(file), "read back, not made again");
    Path other = dir.resolve("other");
    assertTrue(!CookieFile.read(other).equals(cookie), "random");
  }

  @Test
  void aCookieFileOthersCanReadOrAnEmptyOneIsRefused() throws Exception {
    Path open = dir.resolve("open");
    Files.writeString(open, "SECRET\n");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    IOException e = assertThrows(IOException.class, () -> CookieFile.read(open));
    assertTrue(e.getMessage().contains("owner only"), e.getMessage());
    Path empty = dir.resolve("empty");
    Files.writeString(empty, "  \n");
    Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("r--------"));
    assertThrows(IOException.class, () -> CookieFile.read(empty));
  }

  @Test
  void aNodeStartsWithTheCookieFileAndNamesTheRuntimeUntilItStops() {
    Path file = dir.resolve("cookie");
    try (Node node = Node.start(NodeOptions.builder("starter").cookieFile(file)
        .epmdPort(TestPorts.free()).build())) {
      assertTrue(Files.exists(file));
      assertEquals(node.name(), Processes.node());
      assertTrue(node.name().name().startsWith("starter@"));
      assertTrue(node.creation() >= 4, "creation " + node.creation());
      NodeStartException twice = assertThrows(NodeStartException.class,
          () -> Node.start(NodeOptions.builder("again").cookie("x").build()));
      assertTrue(twice.getMessage().contains("already"), twice.getMessage());
    }
    assertEquals(Atom.NONODE, Processes.node());
  }

  @Test
  void aNameTakenInEpmdIsRefused() throws Exception {
    int epmdPort = TestPorts.free();
    try (dev.bridgekit.dist.internal.EpmdServer epmd =
            dev.bridgekit.dist.internal.EpmdServer.start(null, epmdPort);
        EpmdClient.Registration held = EpmdClient.register(new InetSocketAddress(
            InetAddress.getLoopbackAddress(), epmdPort), new NodeEntry("taken", 1, 77, 0, 6, 5,
            new byte[0]), Duration.ofSeconds(5))) {
      NodeStartException e = assertThrows(NodeStartException.class, () -> Node.start(
          NodeOptions.builder("taken").cookie("c").epmdPort(epmdPort).build()));
      assertTrue(e.getMessage().contains("taken"), e.getMessage());
      assertEquals(Atom.NONODE, Processes.node(), "a failed start leaves the runtime as it was");
    }
  }

  @Test
  void withoutAnEpmdAndWithEmbeddingDisabledTheStartFails() {
    NodeStartException e = assertThrows(NodeStartException.class, () -> Node.start(
        NodeOptions.builder("lonely").cookie("c").epmdPort(TestPorts.free())
            .embeddedEpmd(false).build()));
    assertTrue(e.getMessage().contains("no EPMD"), e.getMessage());
  }

  @Test
  void optionsOutOfRangeAreRefusedNamingTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NodeOptions.builder("x").port(70000).build());
    assertTrue(e.getMessage().contains("70000"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NodeOptions.builder("@host").build());
    assertThrows(IllegalArgumentException.class,
        () -> NodeOptions.builder("x").netTickTime(Duration.ZERO).build());
    assertThrows(IllegalArgumentException.class,
        () -> NodeOptions.builder("x").maxMessageSize(10).build());
    NodeStartException noPort = assertThrows(NodeStartException.class,
        () -> Node.start(NodeOptions.builder("noport").cookie("c").portInName().build()));
    assertTrue(noPort.getMessage().contains("name-9100@host"), noPort.getMessage());
    assertThrows(NodeStartException.class, () -> Node.start(NodeOptions.builder("x")
        .cookie("c\u20ac").epmdPort(TestPorts.free()).build()), "a cookie beyond Latin-1");
  }
}
