package dev.bridgekit.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.dist.internal.FakePeer;
import dev.bridgekit.runtime.Mailbox;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Ticks, with a tick time of 2 s on both sides (erl's {@code net_ticktime}): an idle connection to
 * erl survives more than two tick times, because each side ticks every half second; a peer that
 * sends nothing at all, not even ticks, is dropped after the tick time. Neither waits for the
 * node's processes: with every carrier held by a busy one, erl still connects and the connection
 * still ticks.
 */
// Resources opened for their effect: a mailbox makes the test thread a process, a registration
// holds a name in EPMD.
@SuppressWarnings("try")
class TickTest {
  private static final int TICK_SECONDS = 2;

  @Test
  void anIdleConnectionSurvivesAndASilentPeerIsDropped() throws Exception {
    String cookie = "ticktest";
    try (NodeWithErl nodes = NodeWithErl.start("ticks", "ticker", cookie, TICK_SECONDS);
        Mailbox mb = Processes.openMailbox();
        FakePeer silent = FakePeer.connect(Atom.of("silent@vm"), nodes.node().name(),
            nodes.node().port(), cookie)) {
      Node node = nodes.node();
      ErlNode erl = nodes.erl();
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

  @Test
  void processesHoldingEveryCarrierStopNeitherHandshakesNorTicks() throws Exception {
    try (NodeWithErl nodes = NodeWithErl.start("busy", "busypeer", "ticktest", TICK_SECONDS);
        BusyCarriers busy = BusyCarriers.hold()) {
      Node node = nodes.node();
      ErlNode erl = nodes.erl();
      // net_kernel:connect_node is the handshake alone; a ping would wait for our net_kernel
      // process, which the busy ones hold up as they would any process.
      assertEquals(Atom.TRUE, erl.eval("net_kernel:connect_node(" + node.name() + ")"));
      Thread.sleep(TICK_SECONDS * 2500L);
      assertEquals(Atom.TRUE, erl.eval("lists:member(" + node.name() + ", nodes())"),
          "erl still connected after 2.5 tick times of busy carriers");
      assertTrue(node.nodes().contains(erl.name()));
    }
  }

  /** As many processes as there are carriers, each spinning until closed. */
  private static final class BusyCarriers implements AutoCloseable {
    private volatile boolean done;
    private final Pid[] spinners;

    private BusyCarriers(int n) throws InterruptedException {
      CountDownLatch running = new CountDownLatch(n);
      spinners = new Pid[n];
      for (int i = 0; i < n; i++) {
        spinners[i] = Processes.spawn(() -> {
          running.countDown();
          while (!done) {
            Thread.onSpinWait();
          }
        });
      }
      running.await();
    }

    static BusyCarriers hold() throws InterruptedException {
      return new BusyCarriers(Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
          Runtime.getRuntime().availableProcessors()));
    }

    @Override
    public void close() throws InterruptedException {
      done = true;
      for (Pid p : spinners) {
        while (Processes.isAlive(p)) {
          Thread.sleep(1);
        }
      }
    }
  }
}
