package dev.bridgekit.ports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fast paths of a port's I/O: commands written on the caller's thread (handing what the
 * program cannot take yet to a writer thread), output read by the JVM's one poll thread (through a
 * shared buffer, keeping a frame's bytes only while it is incomplete or waits for credit).
 */
class PortIoPathTest {
  @RegisterExtension final TrappingMailbox mailbox = new TrappingMailbox();

  @Test
  void aCommanderWhoseInterruptFlagIsSetNeitherLosesItNorClosesThePort() throws Exception {
    Port port = Port.open(PortTest.echo(4).build());
    Thread.currentThread().interrupt();
    port.command(Recv.utf8("while interrupted"));
    assertTrue(Thread.interrupted(), "the flag is the caller's, and still set");
    assertEquals("while interrupted", Recv.text(port));
    port.command(Recv.utf8("and after"));
    assertEquals("and after", Recv.text(port));
    assertTrue(port.isOpen());
    port.close();
  }

  @Test
  void framesLargerThanTheSocketBufferFromConcurrentSendersComeBackWholeAndInOrder()
      throws Exception {
    Port port = Port.open(PortTest.echo(4).build());
    int senders = 4;
    int frames = 30;
    int size = 200 << 10;
    CountDownLatch go = new CountDownLatch(1);
    AtomicReference<Throwable> failed = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      int sender = s;
      threads.add(Thread.ofVirtual().start(() -> {
        try {
          go.await();
          for (int seq = 0; seq < frames; seq++) {
            port.command(frame(sender, seq, size));
          }
        } catch (Throwable e) {
          failed.set(e);
        }
      }));
    }
    go.countDown();
    int[] next = new int[senders];
    for (int i = 0; i < senders * frames; i++) {
      byte[] got = Recv.data(port);
      ByteBuffer head = ByteBuffer.wrap(got);
      int sender = head.getInt();
      int seq = head.getInt();
      assertEquals(next[sender]++, seq, "frames of sender " + sender + " in order");
      assertArrayEquals(frame(sender, seq, size), got, "frame " + seq + " of sender " + sender);
    }
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(null, failed.get());
    assertEquals((long) senders * frames * (size + 4), port.info().bytesOut());
    port.close();
  }

  @Test
  void onDemandHoldsFramesThatCameInPiecesUntilCreditComes() throws Exception {
    Port port = Port.open(PortTest.echo(4).readMode(ReadMode.ON_DEMAND).build());
    int size = 100 << 10; // more than the poller's 64 KiB scratch buffer
    for (int seq = 0; seq < 3; seq++) {
      port.command(frame(7, seq, size));
    }
    Recv.none(m -> m instanceof PortData ? m : null, Duration.ofMillis(200));
    port.request(1);
    assertArrayEquals(frame(7, 0, size), Recv.data(port));
    Recv.none(m -> m instanceof PortData ? m : null, Duration.ofMillis(100));
    port.request(2);
    assertArrayEquals(frame(7, 1, size), Recv.data(port));
    assertArrayEquals(frame(7, 2, size), Recv.data(port));
    port.close();
  }

  @Test
  void openPortsTakeNoPlatformThreadEach() throws Exception {
    Port warm = Port.open(PortTest.echo(4).build()); // the launcher and the poller, once per JVM
    long before = osThreads();
    List<Port> ports = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      ports.add(Port.open(PortTest.echo(4).build()));
    }
    for (Port p : ports) {
      p.command(Recv.utf8("ping"));
      assertEquals("ping", Recv.text(p));
    }
    long open = osThreads();
    assertTrue(open <= before + 2, "platform threads " + before + " before, " + open
        + " with 50 more ports open");
    for (Port p : ports) {
      p.close();
    }
    warm.close();
  }

  /** Returns the OS threads of this JVM: every platform thread, carriers included. */
  private static long osThreads() throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("Threads:")) {
        return Long.parseLong(line.substring("Threads:".length()).strip());
      }
    }
    throw new AssertionError("/proc/self/status has no Threads line");
  }

  /** A frame that says who sent it and its number, then bytes that follow from both. */
  private static byte[] frame(int sender, int seq, int size) {
    byte[] b = new byte[size];
    new Random(sender * 1_000_003L + seq).nextBytes(b);
    ByteBuffer.wrap(b).putInt(sender).putInt(seq);
    return b;
  }
}
