package dev.bridgekit.dist.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.dist.Node;
import dev.bridgekit.dist.NodeOptions;
import dev.bridgekit.dist.TestPorts;
import dev.bridgekit.dist.internal.ControlMessage.Send;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Binary;
import dev.bridgekit.term.Int;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Tuple;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Packets a process defers while it has messages waiting (see {@link PacketWriter}): they go
 * out with its next write or before it next waits, and within a bound when it exits first, in
 * the order sent.
 */
class DeferredWriteTest {
  private static final String COOKIE = "deferred";
  private static final Atom PEER = Atom.of("reader@vm");
  private static final Atom GO = Atom.of("go");

  private Node node;
  private FakePeer peer;

  @BeforeEach
  void start() throws Exception {
    node = Node.start(NodeOptions.builder("deferring").cookie(COOKIE)
        .epmdPort(TestPorts.free()).build());
    peer = FakePeer.connect(PEER, node.name(), node.port(), COOKIE, 1 << 20);
    peer.nodeSide();
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
  void aReplySentWithMessagesWaitingGoesOutWhenTheSenderWaitsForSomethingElse() throws Exception {
    Pid target = peer.pid(1);
    CountDownLatch sent = new CountDownLatch(1);
    Pid p = Processes.spawn(() -> {
      Processes.receive(m -> GO.equals(m) ? m : null);
      // Two messages wait: the reply is deferred, and nothing else is ever sent; the process
      // then waits for a message that never comes, passing over the two.
      Processes.send(target, Atom.of("reply"));
      sent.countDown();
      Processes.receive(m -> Atom.of("never").equals(m) ? m : null);
    });
    Processes.send(p, Atom.of("waiting_1"));
    Processes.send(p, Atom.of("waiting_2"));
    Processes.send(p, GO);
    assertTrue(sent.await(5, TimeUnit.SECONDS), "the process sent its reply");
    long from = System.nanoTime();

    Send m = assertInstanceOf(Send.class, peer.receive(Duration.ofSeconds(5)));
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - from);
    assertEquals(Atom.of("reply"), m.message());
    // It goes as the process starts to wait, or at worst after a millisecond; a loaded 2-core
    // machine may add tens of them.
    assertTrue(tookMillis < 500, "the deferred reply went out in " + tookMillis + " ms");
    assertTrue(Processes.isAlive(p), "the sender still waits");
  }

  @Test
  void aReplyDeferredByAProcessThatExitsGoesOut() throws Exception {
    Pid target = peer.pid(1);
    Pid p = Processes.spawn(() -> {
      Processes.receive(m -> GO.equals(m) ? m : null);
      Processes.send(target, Atom.of("last_words"));
    });
    Processes.send(p, Atom.of("left_unread"));
    Processes.send(p, GO);

    Send m = assertInstanceOf(Send.class, peer.receive(Duration.ofSeconds(5)));
    assertEquals(Atom.of("last_words"), m.message());
  }

  @Test
  void aBurstOfRepliesOfEverySizeArrivesWholeAndInOrder() throws Exception {
    // Small replies are deferred, bigger ones written at once, and the biggest partly left to
    // the writer thread: all of them behind what was deferred before them.
    Pid target = peer.pid(1);
    int messages = 300;
    Pid echo = Processes.spawn(() -> {
      Processes.receive(m -> GO.equals(m) ? m : null);
      for (int i = 0; i < messages; i++) {
        Int n = (Int) Processes.receive();
        Processes.send(target, Tuple.of(n, payload((int) n.value())));
      }
    });
    for (int i = 0; i < messages; i++) {
      Processes.send(echo, new Int(i));
    }
    Processes.send(echo, GO);

    for (int i = 0; i < messages; i++) {
      Send m = assertInstanceOf(Send.class, peer.receive(Duration.ofSeconds(10)));
      Tuple t = assertInstanceOf(Tuple.class, m.message());
      assertEquals(new Int(i), t.elements().get(0), "order");
      assertEquals(payload(i), t.elements().get(1), "payload of reply " + i);
    }
  }

  /** Mostly small terms; every 10th bigger than a deferred packet, every 50th than a direct one. */
  private static Term payload(int i) {
    if (i % 50 == 49) {
      return Binary.of(filled(PacketWriter.DIRECT_MAX * 3, i));
    }
    if (i % 10 == 9) {
      return Binary.of(filled(PacketWriter.DEFER_MAX * 2, i));
    }
    return Atom.of("small_" + i);
  }

  private static byte[] filled(int size, int seed) {
    byte[] b = new byte[size];
    for (int k = 0; k < size; k++) {
      b[k] = (byte) (k * 31 + seed);
    }
    return b;
  }
}
