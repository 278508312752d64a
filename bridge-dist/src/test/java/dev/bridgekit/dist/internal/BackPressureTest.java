package dev.bridgekit.dist.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.dist.Node;
import dev.bridgekit.dist.NodeOptions;
import dev.bridgekit.dist.TestPorts;
import dev.bridgekit.dist.internal.ControlMessage.Send;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Binary;
import dev.bridgekit.term.Int;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Tuple;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sender back-pressure: processes sending to a peer that does not read park once the
 * connection's outbox holds more than its high watermark, instead of queueing without bound, and
 * go on, with nothing lost and in order, once the peer reads again.
 */
class BackPressureTest {
  private static final String COOKIE = "pressure";
  private static final int SENDERS = 2;
  /**
   * 2 x 12.5 MB: more than the socket buffers hold while the peer does not read (its receive
   * buffer is fixed at 64 KiB; left to grow, loopback's took in all of one sender's 12.5 MB once).
   */
  private static final int MESSAGES = 200;
  private static final Binary CHUNK = Binary.of(new byte[64 << 10]);

  private Node node;
  private FakePeer peer;

  @BeforeEach
  void start() throws Exception {
    node = Node.start(NodeOptions.builder("pressured").cookie(COOKIE)
        .epmdPort(TestPorts.free()).build());
    peer = FakePeer.connect(Atom.of("slow@vm"), node.name(), node.port(), COOKIE, 64 << 10);
  }

  @AfterEach
  void stop() throws Exception {
    if (peer != null) {
      peer.close();
    }
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void sendersParkAboveTheHighWatermarkAndResumeWhenThePeerReads() throws Exception {
    Connection c = peer.nodeSide();
    Pid target = peer.pid(1);
    AtomicInteger[] sent = new AtomicInteger[SENDERS];
    for (int s = 0; s < SENDERS; s++) {
      int sender = s;
      sent[s] = new AtomicInteger();
      Processes.spawn(() -> {
        for (int i = 0; i < MESSAGES; i++) {
          Processes.send(target, Tuple.of(new Int(sender), new Int(i), CHUNK));
          sent[sender].incrementAndGet();
        }
      });
    }

    // The peer reads nothing: the senders stall, with the outbox bounded.
    int total = awaitStall(sent);
    assertTrue(total < SENDERS * MESSAGES, "senders stalled before the end: " + total);
    long bound = PacketWriter.HIGH_WATERMARK + SENDERS * (CHUNK.size() + 1024L);
    long queued = c.queuedBytes();
    assertTrue(queued > 0 && queued <= bound, "queued bytes " + queued + " within " + bound);

    // The peer reads again: every message arrives, each sender's in order.
    int[] next = new int[SENDERS];
    for (int n = 0; n < SENDERS * MESSAGES; n++) {
      Send m = assertInstanceOf(Send.class, peer.receive(Duration.ofSeconds(10)));
      Tuple t = assertInstanceOf(Tuple.class, m.message());
      int sender = (int) ((Int) t.elements().get(0)).value();
      assertEquals(new Int(next[sender]++), t.elements().get(1), "order of sender " + sender);
      assertEquals(CHUNK, t.elements().get(2));
    }
    for (int s = 0; s < SENDERS; s++) {
      assertEquals(MESSAGES, sent[s].get(), "sender " + s + " finished");
    }
    assertEquals(0, c.queuedBytes());
  }

  @Test
  void bigAndSmallMessagesFromSeveralSendersArriveWholeAndEachSendersInOrder() throws Exception {
    // Big packets a sender starts and the writer finishes, with small ones from the same and
    // other senders queued behind what is left of them, while the peer reads as they come.
    peer.nodeSide();
    Pid target = peer.pid(1);
    int senders = 3;
    int messages = 60;
    Binary big = Binary.of(new byte[300 << 10]);
    for (int s = 0; s < senders; s++) {
      int sender = s;
      Processes.spawn(() -> {
        for (int i = 0; i < messages; i++) {
          Processes.send(target, Tuple.of(new Int(sender), new Int(i),
              (i + sender) % 3 == 0 ? big : Atom.of("small")));
        }
      });
    }
    int[] next = new int[senders];
    for (int n = 0; n < senders * messages; n++) {
      Send m = assertInstanceOf(Send.class, peer.receive(Duration.ofSeconds(10)));
      Tuple t = assertInstanceOf(Tuple.class, m.message());
      int sender = (int) ((Int) t.elements().get(0)).value();
      int i = next[sender]++;
      assertEquals(new Int(i), t.elements().get(1), "order of sender " + sender);
      assertEquals((i + sender) % 3 == 0 ? big : Atom.of("small"), t.elements().get(2));
    }
  }

  @Test
  void aSenderKilledWhileParkedLeavesTheConnectionUpAndItsQueuedMessagesGo() throws Exception {
    Connection c = peer.nodeSide();
    Pid target = peer.pid(1);
    AtomicInteger[] sent = {new AtomicInteger()};
    Pid sender = Processes.spawn(() -> {
      for (int i = 0; i < MESSAGES; i++) {
        Processes.send(target, Tuple.of(new Int(0), new Int(i), CHUNK));
        sent[0].incrementAndGet();
      }
    });
    int before = awaitStall(sent);
    assertTrue(before < MESSAGES, "the sender stalled: " + before);

    Processes.exit(sender, ExitReason.KILL);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (Processes.isAlive(sender)) {
      assertTrue(System.nanoTime() < deadline, "the killed sender is gone");
      Thread.sleep(10);
    }
    assertEquals(Connection.State.UP, c.state());

    // What it sent before it died arrives, in order, and the connection carries on.
    int after = sent[0].get();
    for (int i = 0; i < after; i++) {
      Send m = assertInstanceOf(Send.class, peer.receive(Duration.ofSeconds(10)));
      assertEquals(new Int(i), ((Tuple) m.message()).elements().get(1));
    }
    Processes.spawn(() -> Processes.send(target, Atom.of("still_up")));
    ControlMessage m = peer.receive(Duration.ofSeconds(10));
    // The killed sender may have queued one more message as it was killed.
    if (m instanceof Send s && s.message() instanceof Tuple) {
      m = peer.receive(Duration.ofSeconds(10));
    }
    assertEquals(Atom.of("still_up"), assertInstanceOf(Send.class, m).message());
    assertEquals(Connection.State.UP, c.state());
  }

  /** Waits until no sender has made progress for 300 ms; returns how many messages went. */
  private static int awaitStall(AtomicInteger[] sent) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int last = -1;
    for (;;) {
      Thread.sleep(300);
      int now = 0;
      for (AtomicInteger a : sent) {
        now += a.get();
      }
      if (now == last && now > 0) {
        return now;
      }
      assertTrue(System.nanoTime() < deadline, "senders never stalled: " + now);
      last = now;
    }
  }
}
