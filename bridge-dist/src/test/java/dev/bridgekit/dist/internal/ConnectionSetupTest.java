package dev.bridgekit.dist.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.dist.Node;
import dev.bridgekit.dist.NodeOptions;
import dev.bridgekit.dist.TestPorts;
import dev.bridgekit.dist.internal.EpmdProtocol.NodeEntry;
import dev.bridgekit.runtime.Mailbox;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the node settles who owns a connection: simultaneous connects resolved by name as BEAM
 * resolves them, and a peer that reconnects while its old connection still looks up ({@code
 * alive}). The peers are fake nodes registered in the node's EPMD, so that the node dials them.
 */
// Resources opened for their effect: a mailbox makes the test thread a process, a registration
// holds a name in EPMD.
@SuppressWarnings("try")
class ConnectionSetupTest {
  private static final String COOKIE = "setup";
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static Node node;

  @BeforeAll
  static void start() {
    node = Node.start(NodeOptions.builder("middle").cookie(COOKIE).epmdPort(TestPorts.free())
        .build());
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  /** Registers a fake node {@code alive} in the node's EPMD, listening on {@code server}. */
  private static EpmdClient.Registration register(String alive, ServerSocket server)
      throws Exception {
    return EpmdClient.register(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        node.options().epmdPort()), new NodeEntry(alive, server.getLocalPort(), 72, 0, 6, 5,
        new byte[0]), WAIT);
  }

  private static Atom peer(String alive) {
    return Atom.of(alive + "@" + node.name().name().split("@")[1]);
  }

  @Test
  void aSimultaneousConnectFromAGreaterNameTakesOverOurAttempt() throws Exception {
    Atom zed = peer("zzz");
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        EpmdClient.Registration reg = register("zzz", server);
        Mailbox mb = Processes.openMailbox()) {
      Processes.send(new Pid(zed, 1, 0, 77), Atom.of("queued"));
      try (Socket ours = server.accept()) { // our node's attempt, which we leave hanging
        try (FakePeer theirs = FakePeer.connect(zed, node.name(), node.port(), COOKIE)) {
          ours.setSoTimeout((int) WAIT.toMillis());
          int next = ours.getInputStream().read();
          while (next >= 0) { // skip the name it sent; then it must close
            next = ours.getInputStream().read();
          }
          ControlMessage m = theirs.receive(WAIT);
          assertEquals(Atom.of("queued"), assertInstanceOf(ControlMessage.Send.class, m)
              .message(), "the queued message went over the connection that won");
          assertTrue(node.nodes().contains(zed));
        }
      }
    }
  }

  @Test
  void aSimultaneousConnectFromASmallerNameIsAnsweredNok() throws Exception {
    Atom a = peer("aaa");
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        EpmdClient.Registration reg = register("aaa", server);
        Mailbox mb = Processes.openMailbox()) {
      Processes.send(new Pid(a, 1, 0, 77), Atom.of("queued"));
      try (Socket ours = server.accept()) {
        HandshakeException e = assertThrows(HandshakeException.class,
            () -> FakePeer.connect(a, node.name(), node.port(), COOKIE));
        assertEquals(HandshakeException.Kind.NOK, e.kind());
        try (FakePeer accepted = FakePeer.accept(ours, a, COOKIE, "ok")) {
          ControlMessage m = accepted.receive(WAIT);
          assertEquals(Atom.of("queued"), ((ControlMessage.Send) m).message());
        }
      }
    }
  }

  @Test
  void aPeerThatReconnectsWhileItsOldConnectionLooksUpReplacesIt() throws Exception {
    Atom ghost = peer("ghost");
    try (FakePeer first = FakePeer.connect(ghost, node.name(), node.port(), COOKIE);
        Mailbox mb = Processes.openMailbox()) {
      // The peer's handshake ends when it reads our ack, a moment before our side is up.
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!node.nodes().contains(ghost) && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertTrue(node.nodes().contains(ghost));
      try (FakePeer second = FakePeer.connect(ghost, node.name(), node.port(), COOKIE)) {
        assertTrue(first.closedWithin(WAIT), "the old connection is closed");
        Processes.send(new Pid(ghost, 2, 0, 77), Atom.of("to_the_new_one"));
        assertEquals(Atom.of("to_the_new_one"),
            ((ControlMessage.Send) second.receive(WAIT)).message());

        // An impostor without the cookie answers alive with true too, but does not replace it.
        HandshakeException e = assertThrows(HandshakeException.class,
            () -> FakePeer.connect(ghost, node.name(), node.port(), "not-the-cookie"));
        assertEquals(HandshakeException.Kind.CLOSED, e.kind(), e.toString());
        Processes.send(new Pid(ghost, 2, 0, 77), Atom.of("still_the_new_one"));
        assertEquals(Atom.of("still_the_new_one"),
            ((ControlMessage.Send) second.receive(WAIT)).message());
      }
    }
  }
}
