package dev.bridgekit.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.dist.internal.FakePeer;
import dev.bridgekit.runtime.Mailbox;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.testing.ErlPeer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Ticks, with a tick time of 2 s on both sides (erl's {@code net_ticktime}): an idle connection to
 * erl survives more than two tick times, because each side ticks every half second; a peer that
 * sends nothing at all, not even ticks, is dropped after the tick time.
 */
// Resources opened for their effect: a mailbox makes the test thread a process, a registration
// holds a name in EPMD.
@SuppressWarnings("try")
class TickTest {
  private static final int TICK_SECONDS = 2;

  @Test
  void anIdleConnectionSurvivesAndASilentPeerIsDropped() throws Exception {
    ErlPeer.require();
    String cookie = "ticktest";
    try (Node node = Node.start(NodeOptions.builder("ticks").cookie(cookie)
            .epmdPort(TestPorts.free()).netTickTime(Duration.ofSeconds(TICK_SECONDS)).build());
        ErlNode erl = ErlNode.start("ticker", cookie, node.options().epmdPort(), "-kernel",
            "net_ticktime", Integer.toString(TICK_SECONDS));
        Mailbox mb = Processes.openMailbox();
        FakePeer silent = FakePeer.connect(Atom.of("silent@vm"), node.name(), node.port(),
            cookie)) {
      assertTrue(node.connect(erl.name()));
      node.monitorNode(erl.name());
      long start = System.nanoTime();

      assertTrue(silent.closedWithin(Duration.ofSeconds(TICK_SECONDS * 3)),
          "a peer that never ticks is dropped");
      long dropped = (System.nanoTime() - start) / 1_000_000;
      assertTrue(dropped >= TICK_SECONDS * 1000 - 100, "dropped after " + dropped + " ms");

      long idle = TICK_SECONDS * 2500L - (System.nanoTime() - start) / 1_000_000;
      Expect.nothing(m -> m instanceof NodeDown ? m : null, Duration.ofMillis(Math.max(idle, 0)));
      assertTrue(node.nodes().contains(erl.name()), "still connected after 2.5 tick times");
      assertEquals(Atom.TRUE, erl.eval("lists:member(" + node.name() + ", nodes())"));
      Pid shell = (Pid) erl.eval("self()");
      Processes.send(shell, Atom.of("after_idle"));
      assertEquals(Atom.of("after_idle"),
          erl.eval("receive after_idle -> after_idle after 5000 -> timeout end"));
    }
  }
}
