package dev.bridgekit.dist.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@link NativeCarrier} and {@link NativeListener} over real loopback sockets. */
class NativeCarrierTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final int TIMEOUT_MS = 5_000;
  private static final int BIG = 8 << 20;

  /** Skips where native sockets cannot work; on Linux they must (the tests enable access). */
  private static void assumeNative() {
    if (System.getProperty("os.name").startsWith("Linux")) {
      assertTrue(NativeSockets.available(), NativeSockets.unavailableReason());
    }
    Assumptions.assumeTrue(NativeSockets.available(), NativeSockets.unavailableReason());
  }

  private static NativeCarrier connect(int port) throws IOException {
    NativeCarrier c = NativeCarrier.unconnected(LOOPBACK);
    c.connect(new InetSocketAddress(LOOPBACK, port), TIMEOUT_MS);
    return c;
  }

  /** A connection's two ends, closed together. */
  private record Pair(NativeCarrier client, Carrier server) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
      server.close();
    }
  }

  /** Connects a native carrier to {@code listener}, and accepts it. */
  private static Pair pair(NativeListener listener) throws IOException {
    NativeCarrier client = connect(listener.localPort());
    try {
      return new Pair(client, listener.accept());
    } catch (IOException e) {
      client.close();
      throw e;
    }
  }

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  private static byte[] readN(InputStream in, int n) throws IOException {
    byte[] b = in.readNBytes(n);
    assertEquals(n, b.length, "bytes before the end of the stream");
    return b;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Runs {@code body} on a platform thread; its outcome is the value or what it threw. */
  private static CompletableFuture<Object> onPlatformThread(ThrowingSupplier body) {
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    Thread.ofPlatform().daemon().start(() -> {
      try {
        outcome.complete(body.get());
      } catch (Throwable t) {
        outcome.complete(t);
      }
    });
    return outcome;
  }

  private interface ThrowingSupplier {
    Object get() throws Exception;
  }

  @Test
  void nativeEndsExchangeBytesBothWays() throws Exception {
    assumeNative();
    try (NativeListener listener = NativeListener.listen(LOOPBACK, 0, 0);
        NativeCarrier client = connect(listener.localPort())) {
      Carrier server = listener.accept();
      try {
        assertEquals("127.0.0.1:" + listener.localPort(), client.peer());
        assertTrue(server.peer().startsWith("127.0.0.1:"), server.peer());

        client.output().write(ascii("ping"));
        assertArrayEquals(ascii("ping"), readN(server.input(), 4));
        server.output().write(ascii("pong!"));
        server.output().write('?');
        assertArrayEquals(ascii("pong!"), readN(client.input(), 5));
        assertEquals('?', client.input().read());
      } finally {
        server.close();
      }
      assertEquals(-1, client.input().read(), "end of the stream once the peer closed");
    }
  }

  @Test
  void bytesWrittenWithMoreToFollowArriveWithWhatFollows() throws Exception {
    assumeNative();
    try (NativeListener listener = NativeListener.listen(LOOPBACK, 0, 0);
        NativeCarrier client = connect(listener.localPort());
        Carrier server = listener.accept()) {
      SocketOutput corked = (SocketOutput) client.output();
      corked.writeMore(ascii("head:"), 0, 5);
      client.output().write(ascii("body"));
      assertArrayEquals(ascii("head:body"), readN(server.input(), 9));
    }
  }

  @Test
  void aWriteThatMustNotWaitTakesWhatTheSocketHoldsAndTheRestFollowsInOrder() throws Exception {
    assumeNative();
    byte[] sent = random(BIG);
    try (NativeListener listener = NativeListener.listen(LOOPBACK, 0, 0);
        NativeCarrier client = connect(listener.localPort());
        Carrier server = listener.accept()) {
      SocketOutput out = (SocketOutput) client.output();
      // Nobody reads yet: the socket fills, and the write returns instead of waiting.
      int taken = out.writeNow(sent, 0, BIG, false);
      assertTrue(taken > 0 && taken < BIG, "took " + taken + " of " + BIG);
      assertEquals(0, out.writeNow(sent, taken, BIG - taken, false), "full: takes nothing");
      CompletableFuture<Object> rest = onPlatformThread(() -> {
        client.output().write(sent, taken, BIG - taken);
        return "written";
      });
      assertArrayEquals(sent, readN(server.input(), BIG));
      assertEquals("written", rest.get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
    }
  }

  @Test
  void eightMegabytesArriveIntactReadInChunks() throws Exception {
    assumeNative();
    byte[] sent = random(BIG);
    try (NativeListener listener = NativeListener.listen(LOOPBACK, 0, 0);
        NativeCarrier client = connect(listener.localPort());
        Carrier server = listener.accept()) {
      CompletableFuture<Object> written = onPlatformThread(() -> {
        client.output().write(sent);
        return "written";
      });
      byte[] got = new byte[BIG];
      InputStream in = server.input();
      int at = 0;
      int reads = 0;
      while (at < BIG) {
        int n = in.read(got, at, Math.min(BIG - at, 100_000));
        assertTrue(n > 0, "read " + n + " at " + at);
        at += n;
        reads++;
      }
      assertEquals("written", written.get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
      assertArrayEquals(sent, got);
      assertTrue(reads > 1, "read in chunks");
    }
  }

  @Test
  void nativeListenerServesJavaSocket() throws Exception {
    assumeNative();
    try (NativeListener listener = NativeListener.listen(LOOPBACK, 0, 0)) {
      Socket client = new Socket(LOOPBACK, listener.localPort());
      try (Carrier server = listener.accept()) {
        try {
          assertEquals("127.0.0.1:" + client.getLocalPort(), server.peer());
          client.getOutputStream().write(ascii("hello"));
          assertArrayEquals(ascii("hello"), readN(server.input(), 5));
          server.output().write(ascii("world"));
          assertArrayEquals(ascii("world"), readN(client.getInputStream(), 5));
        } finally {
          client.close();
        }
        assertEquals(-1, server.input().read());
      }
    }
  }

  @Test
  void nativeCarrierReachesServerSocket() throws Exception {
    assumeNative();
    byte[] sent = random(1 << 20);
    try (ServerSocket listener = new ServerSocket(0, 1, LOOPBACK);
        NativeCarrier client = connect(listener.getLocalPort())) {
      Socket server = listener.accept();
      try {
        client.output().write(sent);
        assertArrayEquals(sent, readN(server.getInputStream(), sent.length));
        server.getOutputStream().write(sent);
        assertArrayEquals(sent, readN(client.input(), sent.length));
      } finally {
        server.close();
      }
      assertEquals(-1, client.input().read());
    }
  }

  @Test
  void dualStackListenerTakesIpv4AndIpv6() throws Exception {
    assumeNative();
    try (NativeListener listener = NativeListener.listen(null, 0, 0)) {
      int port = listener.localPort();
      try (Socket v4 = new Socket("127.0.0.1", port);
          Carrier server = listener.accept()) {
        assertEquals("127.0.0.1:" + v4.getLocalPort(), server.peer(), "mapped back to IPv4");
      }
      InetAddress v6Loopback = InetAddress.getByName("::1");
      try {
        new Socket(v6Loopback, port).close();
      } catch (IOException e) {
        return; // no IPv6 loopback here
      }
      listener.accept().close();
      try (NativeCarrier v6 = NativeCarrier.unconnected(v6Loopback)) {
        v6.connect(new InetSocketAddress(v6Loopback, port), TIMEOUT_MS);
        try (Carrier server = listener.accept()) {
          assertEquals("[0:0:0:0:0:0:0:1]:" + port, v6.peer());
          assertTrue(server.peer().startsWith("[0:0:0:0:0:0:0:1]:"), server.peer());
          v6.output().write(7);
          assertEquals(7, server.input().read());
        }
      }
      // An IPv6 socket reaches an IPv4 address mapped, and names it as IPv4.
      try (NativeCarrier mapped = NativeCarrier.unconnected(v6Loopback)) {
        mapped.connect(new InetSocketAddress(LOOPBACK, port), TIMEOUT_MS);
        listener.accept().close();
        assertEquals("127.0.0.1:" + port, mapped.peer());
      }
    }
  }

  @Test
  void readTimesOutAndTheCarrierStillWorks() throws Exception {
    assumeNative();
    try (NativeListener listener = NativeListener.listen(LOOPBACK, 0, 0);
        NativeCarrier client = connect(listener.localPort());
        Carrier server = listener.accept()) {
      client.readTimeout(100);
      long start = System.nanoTime();
      SocketTimeoutException e =
          assertThrows(SocketTimeoutException.class, () -> client.input().read());
      long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals("Read timed out", e.getMessage());
      assertTrue(waited >= 95 && waited < 2_000, "waited " + waited + " ms");

      server.output().write(ascii("late"));
      assertArrayEquals(ascii("late"), readN(client.input(), 4));
      client.output().write(ascii("ok"));
      assertArrayEquals(ascii("ok"), readN(server.input(), 2));
    }
  }

  @Test
  void virtualThreadReadTimesOutAndAnInterruptClosesTheCarrier() throws Exception {
    assumeNative();
    try (NativeListener listener = NativeListener.listen(LOOPBACK, 0, 0);
        NativeCarrier client = connect(listener.localPort());
        Carrier server = listener.accept()) {
      client.readTimeout(100);
      CompletableFuture<Object> timedOut = new CompletableFuture<>();
      Thread.ofVirtual().start(() -> {
        long start = System.nanoTime();
        try {
          timedOut.complete(client.input().read());
        } catch (SocketTimeoutException e) {
          timedOut.complete(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } catch (Throwable t) {
          timedOut.complete(t);
        }
      });
      long waited = (Long) timedOut.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      assertTrue(waited >= 95 && waited < 2_000, "waited " + waited + " ms");

      client.readTimeout(0);
      CompletableFuture<Object> read = new CompletableFuture<>();
      Thread reader = Thread.ofVirtual().start(() -> {
        try {
          read.complete(client.input().read());
        } catch (Throwable t) {
          read.complete(t);
        }
      });
      Thread.sleep(100);
      assertFalse(read.isDone(), "the read waits for data");
      reader.interrupt();
      Object outcome = read.get(1, TimeUnit.SECONDS);
      assertEquals("Closed by interrupt",
          assertInstanceOf(SocketException.class, outcome).getMessage());
      assertThrows(SocketException.class, () -> client.output().write(1), "closed");
      assertEquals(-1, server.input().read(), "the peer sees the end of the stream");
    }
  }

  @Test
  void closeEndsAReadBlockedOnAnotherThread() throws Exception {
    assumeNative();
    try (NativeListener listener = NativeListener.listen(LOOPBACK, 0, 0);
        Pair pair = pair(listener)) {
      NativeCarrier client = pair.client();
      CompletableFuture<Object> read = onPlatformThread(() -> client.input().read());
      Thread.sleep(100);
      assertFalse(read.isDone(), "the read waits for data");
      long start = System.nanoTime();
      client.close();
      Object outcome = read.get(1, TimeUnit.SECONDS);
      assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1_000);
      assertTrue(Integer.valueOf(-1).equals(outcome) || outcome instanceof SocketException,
          "end of stream or SocketException, not " + outcome);

      assertEquals(-1, client.input().read(), "a read after close");
      SocketException e =
          assertThrows(SocketException.class, () -> client.output().write(1));
      assertEquals("Socket closed", e.getMessage());
      assertEquals(-1, pair.server().input().read(), "the peer sees the end of the stream");
      client.close(); // idempotent
    }
  }

  @Test
  void closeEndsAWriteBlockedOnAnotherThread() throws Exception {
    assumeNative();
    try (NativeListener listener = NativeListener.listen(LOOPBACK, 0, 0);
        Pair pair = pair(listener)) {
      // 32 MiB: more than the socket buffers take while the peer reads nothing.
      byte[] big = new byte[32 << 20];
      CompletableFuture<Object> written = onPlatformThread(() -> {
        pair.client().output().write(big);
        return "written";
      });
      Thread.sleep(200);
      assertFalse(written.isDone(), "the write waits for the peer to read");
      pair.client().close();
      Object outcome = written.get(1, TimeUnit.SECONDS);
      assertEquals("Socket closed", assertInstanceOf(SocketException.class, outcome).getMessage());
    }
  }

  @Test
  void closeEndsAnAcceptBlockedOnAnotherThread() throws Exception {
    assumeNative();
    NativeListener listener = NativeListener.listen(LOOPBACK, 0, 0);
    CompletableFuture<Object> accepted = onPlatformThread(listener::accept);
    Thread.sleep(100);
    assertFalse(accepted.isDone(), "accept waits for a connection");
    long start = System.nanoTime();
    listener.close();
    Object outcome = accepted.get(1, TimeUnit.SECONDS);
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1_000);
    assertEquals("Socket closed", assertInstanceOf(SocketException.class, outcome).getMessage());
    assertThrows(SocketException.class, listener::accept);
    listener.close(); // idempotent
    // The port is free again: the fd is closed, not just shut down.
    NativeListener.listen(LOOPBACK, listener.localPort(), 0).close();
  }

  @Test
  void connectTimesOutAndCloseAbortsAConnect() throws Exception {
    assumeNative();
    // A listener that never accepts, with a backlog of 1: once its queue is full, Linux drops
    // further SYNs, so that a connect waits (retransmitting) until its timeout.
    List<NativeCarrier> queued = new ArrayList<>();
    try (ServerSocket listener = new ServerSocket(0, 1, LOOPBACK)) {
      InetSocketAddress to = new InetSocketAddress(LOOPBACK, listener.getLocalPort());
      SocketTimeoutException timedOut = null;
      for (int i = 0; i < 8 && timedOut == null; i++) {
        NativeCarrier c = NativeCarrier.unconnected(LOOPBACK);
        queued.add(c);
        try {
          c.connect(to, 200);
        } catch (SocketTimeoutException e) {
          timedOut = e;
        }
      }
      Assumptions.assumeTrue(timedOut != null, "the listen queue never filled up");
      assertEquals("Connect timed out", timedOut.getMessage());
      assertEquals("unconnected", queued.getLast().peer());

      NativeCarrier pending = NativeCarrier.unconnected(LOOPBACK);
      CompletableFuture<Object> connected = onPlatformThread(() -> {
        pending.connect(to, 10_000);
        return "connected";
      });
      Thread.sleep(100);
      assertFalse(connected.isDone(), "the connect waits");
      pending.close();
      Object outcome = connected.get(1, TimeUnit.SECONDS);
      assertEquals("Socket closed", assertInstanceOf(SocketException.class, outcome).getMessage());
    } finally {
      queued.forEach(NativeCarrier::close);
    }
  }

  @Test
  void connectToAClosedPortIsRefused() throws Exception {
    assumeNative();
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
      port = s.getLocalPort();
    }
    NativeCarrier c = NativeCarrier.unconnected(LOOPBACK);
    ConnectException e = assertThrows(ConnectException.class,
        () -> c.connect(new InetSocketAddress(LOOPBACK, port), TIMEOUT_MS));
    assertTrue(e.getMessage().contains("refused"), e.getMessage());
    assertTrue(e.getMessage().startsWith("connect to 127.0.0.1:" + port + ": "), e.getMessage());
    assertEquals("unconnected", c.peer());
    assertThrows(SocketException.class, () -> c.output().write(1), "closed by the failure");
  }

  @Test
  void listeningOnAPortInUseIsABindException() throws Exception {
    assumeNative();
    try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
      int port = taken.getLocalPort();
      BindException e = assertThrows(BindException.class,
          () -> NativeListener.listen(LOOPBACK, port, 0));
      assertTrue(e.getMessage().contains("Address already in use"), e.getMessage());
      assertThrows(BindException.class, () -> NativeListener.listen(null, port, 0));
    }
  }

  @Test
  void writingToAPeerThatClosedFailsWithoutSigpipe() throws Exception {
    assumeNative();
    try (NativeListener listener = NativeListener.listen(LOOPBACK, 0, 0);
        NativeCarrier client = connect(listener.localPort())) {
      listener.accept().close();
      byte[] chunk = new byte[64 << 10];
      IOException failed = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (failed == null && System.nanoTime() < deadline) {
        try {
          client.output().write(chunk); // the first write draws the peer's reset
          Thread.sleep(5);
        } catch (IOException e) {
          failed = e;
        }
      }
      assertTrue(failed != null, "a write failed");
      assertTrue(failed.getMessage().startsWith("send: "), failed.getMessage());
    }
    // Still here: no SIGPIPE took the JVM down.
  }

  /**
   * As many virtual threads as the scheduler has carriers write 8 MiB each to peers that read
   * nothing for 300 ms, then everything. Had a writer waited in poll(2), it would have pinned its
   * carrier that long, and together they would have stalled the heartbeat.
   */
  @Test
  void virtualThreadsWaitingToWriteLeaveOthersRunning() throws Exception {
    assumeNative();
    int writers = Math.max(Runtime.getRuntime().availableProcessors(),
        Integer.getInteger("jdk.virtualThreadScheduler.parallelism", 0));
    byte[] sent = random(BIG);
    CRC32 crc = new CRC32();
    crc.update(sent);
    long sentCrc = crc.getValue();

    try (ServerSocket listener = new ServerSocket()) {
      listener.setReceiveBufferSize(64 << 10); // inherited: keeps the peers' buffers small
      listener.bind(new InetSocketAddress(LOOPBACK, 0), writers);
      AtomicLong lastTick = new AtomicLong(System.nanoTime());
      AtomicLong maxGap = new AtomicLong();
      AtomicLong ticks = new AtomicLong();
      CompletableFuture<Void> done = new CompletableFuture<>();
      Thread heartbeat = Thread.ofVirtual().start(() -> {
        while (!done.isDone()) {
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            return;
          }
          long now = System.nanoTime();
          maxGap.accumulateAndGet(now - lastTick.getAndSet(now), Math::max);
          ticks.incrementAndGet();
        }
      });

      List<CompletableFuture<Object>> written = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        CompletableFuture<Object> w = new CompletableFuture<>();
        written.add(w);
        Thread.ofVirtual().start(() -> {
          try (NativeCarrier c = connect(listener.getLocalPort())) {
            c.output().write(sent);
            w.complete("written");
          } catch (Throwable t) {
            w.complete(t);
          }
        });
      }
      List<CompletableFuture<Object>> received = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        Socket peer = listener.accept();
        received.add(onPlatformThread(() -> {
          try (peer) {
            Thread.sleep(300);
            CRC32 got = new CRC32();
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            for (int n; (n = peer.getInputStream().read(buffer)) > 0; total += n) {
              got.update(buffer, 0, n);
            }
            return total + "/" + got.getValue();
          }
        }));
      }
      for (int i = 0; i < writers; i++) {
        assertEquals("written", written.get(i).get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
        assertEquals(BIG + "/" + sentCrc, received.get(i).get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
      }
      done.complete(null);
      heartbeat.join();
      long gapMillis = TimeUnit.NANOSECONDS.toMillis(maxGap.get());
      assertTrue(gapMillis < 150, "the heartbeat stalled for " + gapMillis + " ms");
      assertTrue(ticks.get() > 50, "ticks: " + ticks.get());
    }
  }

  @Test
  void noFdLeaksOverManyConnections() throws Exception {
    assumeNative();
    try (NativeListener listener = NativeListener.listen(LOOPBACK, 0, 0)) {
      long before = OpenFds.count();
      for (int i = 0; i < 200; i++) {
        NativeCarrier client = connect(listener.localPort());
        Carrier server = listener.accept();
        client.output().write(i);
        assertEquals(i & 0xFF, server.input().read());
        client.close();
        server.close();
      }
      long after = OpenFds.count();
      assertTrue(after - before < 5, "fds before " + before + ", after " + after);
    }
  }
}
