package dev.bridgekit.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.dist.internal.ControlMessage;
import dev.bridgekit.dist.internal.FakePeer;
import dev.bridgekit.dist.internal.HandshakeException;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Tuple;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Peers that misbehave: a wrong cookie, garbage on the listen port, a stall mid-handshake, an
 * unknown control message, a malformed term, an oversized packet. Each such connection is closed
 * with a logged reason, and the node goes on serving the peer that behaves (connected before, and
 * kept connected throughout).
 */
class BadPeerTest {
  private static final String COOKIE = "badpeertest";
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(800);
  private static Node node;
  private static Pid echo;
  private static FakePeer good;

  @BeforeAll
  static void start() throws Exception {
    node = Node.start(NodeOptions.builder("badpeers").cookie(COOKIE).epmdPort(TestPorts.free())
        .handshakeTimeout(HANDSHAKE_TIMEOUT).maxMessageSize(1 << 20).build());
    echo = Processes.spawn(NodeErlTest::echoLoop);
    Processes.register("bad_echo", echo);
    good = FakePeer.connect(Atom.of("good@vm"), node.name(), node.port(), COOKIE);
  }

  @AfterAll
  static void stop() throws Exception {
    if (good != null) {
      good.close();
    }
    if (echo != null) {
      Processes.exit(echo, ExitReason.KILL);
    }
    if (node != null) {
      node.stop();
    }
  }

  /** Checks that {@code peer} still gets answers from the echo process. */
  private static void stillServes(FakePeer peer) throws Exception {
    Pid me = peer.pid(1);
    peer.send(new ControlMessage.RegSend(me, Atom.of("bad_echo"), Tuple.of(me, Atom.of("ping"))));
    ControlMessage reply = peer.receive(Duration.ofSeconds(5));
    ControlMessage.Send send = assertInstanceOf(ControlMessage.Send.class, reply);
    assertEquals(me, send.to());
    assertEquals(Tuple.of(echo, Atom.of("ping")), send.message());
  }

  /** Runs {@code action} and returns what the node logged meanwhile (slf4j-simple, stderr). */
  private static String logged(Executable action) throws Throwable {
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.execute();
    } finally {
      System.setErr(saved);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aWrongCookieIsRefusedAndLogged() throws Throwable {
    String log = logged(() -> {
      HandshakeException e = org.junit.jupiter.api.Assertions.assertThrows(
          HandshakeException.class,
          () -> FakePeer.connect(Atom.of("intruder@vm"), node.name(), node.port(), "guess"));
      assertTrue(e.kind() == HandshakeException.Kind.CLOSED
          || e.kind() == HandshakeException.Kind.BAD_COOKIE, e.toString());
      Thread.sleep(100); // the node logs after closing
    });
    assertTrue(log.contains("intruder@vm") && log.contains("wrong cookie"), log);
    stillServes(good);
  }

  @Test
  void anErlNodeWithAnotherCookieIsRefusedAndLogged() throws Throwable {
    dev.bridgekit.testing.ErlPeer.require();
    try (ErlNode erl = ErlNode.start("badcookie", "not-" + COOKIE, node.options().epmdPort())) {
      String log = logged(() -> {
        assertEquals(Atom.FALSE, erl.eval("net_kernel:connect_node(" + node.name() + ")"));
        Thread.sleep(100);
      });
      assertTrue(log.contains(erl.name() + ": wrong cookie"), log);
      assertFalse(node.nodes().contains(erl.name()));
    }
    stillServes(good);
  }

  @Test
  void garbageOnTheListenPortIsClosed() throws Throwable {
    String log = logged(() -> {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), node.port())) {
        s.getOutputStream().write(new byte[] {0, 4, 'j', 'u', 'n', 'k'});
        s.setSoTimeout(5000);
        assertEquals(-1, s.getInputStream().read(), "closed at once");
      }
      Thread.sleep(100);
    });
    assertTrue(log.contains("expected a handshake name"), log);
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), node.port())) {
      s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
      s.setSoTimeout(5000);
      assertEquals(-1, s.getInputStream().read(), "closed after the handshake timeout");
    }
    stillServes(good);
  }

  @Test
  void aPeerThatStallsMidHandshakeIsDroppedAfterTheTimeout() throws Throwable {
    String log = logged(() -> {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), node.port())) {
        s.getOutputStream().write(new byte[] {0, 30, 'N', 0, 0, 0}); // a name, cut short
        s.setSoTimeout(5000);
        long start = System.nanoTime();
        assertEquals(-1, s.getInputStream().read());
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= HANDSHAKE_TIMEOUT.toMillis() - 100 && ms < 4000, "closed after " + ms);
      }
      Thread.sleep(100);
    });
    assertTrue(log.contains("handshake not done after"), log);
    stillServes(good);
  }

  @Test
  void anUnknownControlMessageClosesThatConnectionOnly() throws Throwable {
    try (FakePeer bad = FakePeer.connect(Atom.of("bad1@vm"), node.name(), node.port(), COOKIE)) {
      stillServes(bad);
      String log = logged(() -> {
        bad.sendPacket(new byte[] {(byte) 131, 68, 0, 104, 1, 97, 99}); // {99}
        assertTrue(bad.closedWithin(Duration.ofSeconds(5)));
        Thread.sleep(100);
      });
      assertTrue(log.contains("unknown or unsupported control message 99"), log);
    }
    stillServes(good);
  }

  @Test
  void aMalformedTermClosesThatConnectionOnly() throws Exception {
    try (FakePeer bad = FakePeer.connect(Atom.of("bad2@vm"), node.name(), node.port(), COOKIE)) {
      bad.sendPacket(new byte[] {(byte) 131, 68, 0, 104, 3, 97, 2, 100}); // cut short
      assertTrue(bad.closedWithin(Duration.ofSeconds(5)));
    }
    stillServes(good);
  }

  @Test
  void anOversizedPacketClosesThatConnectionBeforeItArrives() throws Exception {
    try (FakePeer bad = FakePeer.connect(Atom.of("bad3@vm"), node.name(), node.port(), COOKIE)) {
      bad.sendRaw(new byte[] {0x10, 0, 0, 0, (byte) 131, 68}); // 256 MiB announced
      assertTrue(bad.closedWithin(Duration.ofSeconds(5)));
    }
    stillServes(good);
  }

  @Test
  void aSignalOnBehalfOfAnotherNodesProcessClosesTheConnection() throws Exception {
    try (FakePeer bad = FakePeer.connect(Atom.of("bad4@vm"), node.name(), node.port(), COOKIE)) {
      Pid someoneElse = new Pid(Atom.of("other@vm"), 5, 0, 1);
      bad.send(new ControlMessage.Exit2(someoneElse, echo, ExitReason.KILL));
      assertTrue(bad.closedWithin(Duration.ofSeconds(5)));
    }
    assertTrue(Processes.isAlive(echo), "a spoofed exit signal killed nothing");
    stillServes(good);
    assertFalse(node.nodes().contains(Atom.of("bad4@vm")));
  }
}
