package dev.bridgekit.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.dist.internal.EpmdClient;
import dev.bridgekit.dist.internal.EpmdClient.Registration;
import dev.bridgekit.dist.internal.EpmdException;
import dev.bridgekit.dist.internal.EpmdProtocol.NodeEntry;
import dev.bridgekit.dist.internal.EpmdServer;
import java.io.OutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The EPMD client against the embedded EPMD server. */
// Resources opened for their effect: a mailbox makes the test thread a process, a registration
// holds a name in EPMD.
@SuppressWarnings("try")
class EpmdTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private EpmdServer server;
  private InetSocketAddress address;

  @BeforeEach
  void startServer() throws Exception {
    server = EpmdServer.start(InetAddress.getLoopbackAddress(), 0);
    address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private static NodeEntry entry(String name, int port) {
    return new NodeEntry(name, port, 77, 0, 6, 5, new byte[0]);
  }

  @Test
  void aRegisteredNodeIsListedAndFoundUntilItsConnectionCloses() throws Exception {
    try (Registration reg = EpmdClient.register(address, entry("alpha", 4567), TIMEOUT)) {
      assertTrue(reg.creation() >= 4, "a version 6 creation: " + reg.creation());
      assertEquals(Map.of("alpha", 4567), EpmdClient.names(address, TIMEOUT));
      Optional<NodeEntry> found = EpmdClient.lookup(address, "alpha", TIMEOUT);
      assertEquals(4567, found.orElseThrow().port());
      assertEquals(6, found.get().highestVersion());
    }
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!EpmdClient.names(address, TIMEOUT).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(Map.of(), EpmdClient.names(address, TIMEOUT));
    assertTrue(EpmdClient.lookup(address, "alpha", TIMEOUT).isEmpty());
  }

  @Test
  void aTakenNameIsRefusedAndAReRegistrationGetsANewCreation() throws Exception {
    int first;
    try (Registration reg = EpmdClient.register(address, entry("beta", 1000), TIMEOUT)) {
      first = reg.creation();
      EpmdException e = assertThrows(EpmdException.class,
          () -> EpmdClient.register(address, entry("beta", 1001), TIMEOUT));
      assertTrue(e.getMessage().contains("beta"), e.getMessage());
    }
    Thread.sleep(50);
    try (Registration reg = EpmdClient.register(address, entry("beta", 1002), TIMEOUT)) {
      assertNotEquals(first, reg.creation());
    }
  }

  @Test
  void garbageAndPartialRequestsLeaveTheServerServing() throws Exception {
    try (Socket s = new Socket(address.getAddress(), address.getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(new byte[] {0, 5, 99, 1, 2, 3, 4});
      out.flush();
      assertEquals(-1, s.getInputStream().read(), "the server closes on an unknown request");
    }
    try (Socket s = new Socket(address.getAddress(), address.getPort())) {
      s.getOutputStream().write(new byte[] {0, 9, 120, 0}); // a truncated ALIVE2_REQ
      s.shutdownOutput();
      assertEquals(-1, s.getInputStream().read());
    }
    try (Registration reg = EpmdClient.register(address, entry("gamma", 2000), TIMEOUT)) {
      assertEquals(Map.of("gamma", 2000), EpmdClient.names(address, TIMEOUT));
    }
  }

  @Test
  void closingTheServerUnregistersEveryNode() throws Exception {
    Registration reg = EpmdClient.register(address, entry("delta", 3000), TIMEOUT);
    server.close();
    Thread t = Thread.ofVirtual().start(reg::awaitLoss);
    t.join(TIMEOUT);
    assertFalse(t.isAlive(), "the registration noticed the server going away");
    assertThrows(IOException.class, () -> EpmdClient.names(address, TIMEOUT), "no EPMD there");
    reg.close();
  }
}
