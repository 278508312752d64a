package dev.bridgekit.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.dist.internal.EpmdClient;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.Mailbox;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Tuple;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Two project nodes, this JVM's and a child JVM's, with no Erlang involved: through the EPMD the
 * first one embeds (and the other's, after the first stops), and EPMD-less with ports in names.
 */
class TwoJavaNodesTest {
  private static final String COOKIE = "twojava";

  /** Sends {self(), Msg} to {echo, Peer} and returns the echo's answer. */
  private static Tuple ping(Node node, Atom peer, Atom msg) {
    try (Mailbox mb = Processes.openMailbox()) {
      node.send("echo", peer, Tuple.of(mb.pid(), msg));
      return Expect.message(m -> m instanceof Tuple t && t.arity() == 2
          && t.get(0) instanceof Pid p && p.node().equals(peer) ? t : null);
    }
  }

  private static boolean registered(InetSocketAddress epmd, String name) {
    try {
      return EpmdClient.names(epmd, Duration.ofSeconds(1)).containsKey(name);
    } catch (java.io.IOException e) {
      return false; // no EPMD listens for a moment, between the two
    }
  }

  @Test
  void twoJavaNodesTalkThroughTheEmbeddedEpmdWhichMovesWhenItsNodeStops() throws Exception {
    int epmdPort = TestPorts.free();
    Node first = Node.start(NodeOptions.builder("ja").cookie(COOKIE).epmdPort(epmdPort).build());
    Pid echo = Processes.spawn(NodeErlTest::echoLoop);
    Processes.register("echo", echo);
    try (JavaPeer child = JavaPeer.start("jb", COOKIE, Integer.toString(epmdPort),
        first.name().name())) {
      Atom jb = Atom.of(child.expect("READY "));
      assertTrue(child.expect("PONG ").contains("ping"), "the child reached our echo");
      assertEquals(Atom.of("hello"), ping(first, jb, Atom.of("hello")).get(1));
      InetSocketAddress epmd = new InetSocketAddress(InetAddress.getLoopbackAddress(), epmdPort);
      assertTrue(EpmdClient.names(epmd, Duration.ofSeconds(5)).keySet().containsAll(
          java.util.Set.of("ja", "jb")));

      first.stop(); // takes its embedded EPMD along; the child registers again with its own
      Processes.exit(echo, ExitReason.KILL);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!registered(epmd, "jb")) {
        assertTrue(System.nanoTime() < deadline, "the child did not register again");
        Thread.sleep(50);
      }
      try (Node second = Node.start(NodeOptions.builder("jc").cookie(COOKIE)
          .epmdPort(epmdPort).build())) {
        assertEquals(Atom.of("again"), ping(second, jb, Atom.of("again")).get(1));
      }
    } finally {
      first.stop();
      Processes.exit(echo, ExitReason.KILL);
    }
  }

  @Test
  void twoJavaNodesTalkWithoutEpmdByThePortsInTheirNames() throws Exception {
    int ours = TestPorts.free();
    int theirs = TestPorts.free();
    try (Node node = Node.start(NodeOptions.builder("pina-" + ours).cookie(COOKIE)
        .portInName().build())) {
      assertEquals(ours, node.port());
      Pid echo = Processes.spawn(NodeErlTest::echoLoop);
      Processes.register("echo", echo);
      try (JavaPeer child = JavaPeer.start("pinb-" + theirs, COOKIE, "-", node.name().name())) {
        Atom peer = Atom.of(child.expect("READY "));
        assertTrue(child.expect("PONG ").contains("ping"));
        assertEquals(Atom.of("direct"), ping(node, peer, Atom.of("direct")).get(1));
      } finally {
        Processes.exit(echo, ExitReason.KILL);
      }
    }
  }
}
