package dev.bridgekit.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.dist.internal.OpenFds;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Binary;
import dev.bridgekit.term.Term;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connections to a real erl node made and ended many times, from either side, with a big
 * message across each: every one must give back its socket and its reader and writer threads.
 */
class ConnectionChurnTest {
  private static final String COOKIE = "churntest";
  private static final int CYCLES = 30;
  private static NodeWithErl peers;

  @BeforeAll
  static void start() {
    peers = NodeWithErl.start("churn", "churner", COOKIE);
  }

  @AfterAll
  static void stop() {
    if (peers != null) {
      peers.close();
    }
  }

  @Test
  void connectionsMadeAndEndedManyTimesLeakNoSocketOrThread() throws Exception {
    Node node = peers.node();
    ErlNode erl = peers.erl();
    // A function on the Java side that erl calls with a big argument through each connection.
    node.export(Atom.of("churn"), Atom.of("size"), 1, args -> ((Binary) args.get(0)).size());
    cycle(node, erl, 0); // the first connection sets up what lives on (EPMD lookups, caches)
    long fdsBefore = OpenFds.count();

    for (int i = 1; i <= CYCLES; i++) {
      cycle(node, erl, i);
    }

    assertEquals(0, distThreads(), "reader and writer threads left: " + distThreadNames());
    long fdsAfter = OpenFds.count();
    assertTrue(fdsAfter <= fdsBefore + 4, // a leak would be one a cycle: 30
        "open fds went from " + fdsBefore + " to " + fdsAfter + " over " + CYCLES + " cycles");
  }

  /** One connection with 1 MB across: erl dials and Java hangs up on even cycles, then reverse. */
  private static void cycle(Node node, ErlNode erl, int i) throws InterruptedException {
    String java = peers.javaNode();
    if (i % 2 == 0) {
      assertEquals(Atom.TRUE, erl.eval("net_kernel:connect_node(" + java + ")"));
    } else {
      assertTrue(node.connect(erl.name()));
    }
    Term size = erl.eval("rpc:call(" + java + ", churn, size, [binary:copy(<<1>>, 1048576)])");
    assertEquals("1048576", size.toString());
    if (i % 2 == 0) {
      assertTrue(node.disconnect(erl.name()));
    } else {
      assertEquals(Atom.TRUE, erl.eval("erlang:disconnect_node(" + java + ")"));
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while ((node.nodes().contains(erl.name()) || distThreads() > 0)
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertFalse(node.nodes().contains(erl.name()), "still connected after cycle " + i);
  }

  private static long distThreads() {
    return distThreadNames().size();
  }

  private static List<String> distThreadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(n -> n.startsWith("dist-reader-") || n.startsWith("dist-writer-"))
        .toList();
  }
}
