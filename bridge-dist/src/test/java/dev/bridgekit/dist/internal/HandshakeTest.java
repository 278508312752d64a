package dev.bridgekit.dist.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.dist.internal.HandshakeException.Kind;
import dev.bridgekit.term.Atom;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Both ends of the handshake, over real loopback sockets. */
class HandshakeTest {
  private static final Atom A = Atom.of("a@host");
  private static final Atom B = Atom.of("b@host");
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static Handshake node(Atom name, int creation, String cookie, Duration timeout) {
    return new Handshake(name, DistFlags.ours(false), creation, new Cookie(cookie), timeout);
  }

  private static Handshake.Gate gate(String status) {
    return new Handshake.Gate() {
      @Override
      public String admit(Atom peer) {
        return status;
      }

      @Override
      public void replace(Atom peer) {}
    };
  }

  /** Runs A's initiate and B's accept against each other; returns both outcomes. */
  private static Object[] run(Handshake a, Handshake b, Handshake.Gate gate, boolean oldName)
      throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Object> accepted = new CompletableFuture<>();
      Thread.ofVirtual().start(() -> {
        try (Socket s = server.accept()) {
          accepted.complete(b.accept(Carriers.of(s), gate));
        } catch (Exception e) {
          accepted.complete(e);
        }
      });
      Object initiated;
      try (Socket s = new Socket(server.getInetAddress(), server.getLocalPort())) {
        initiated = a.initiate(Carriers.of(s), B, oldName);
      } catch (HandshakeException e) {
        initiated = e;
      }
      return new Object[] {initiated, accepted.get(10, TimeUnit.SECONDS)};
    }
  }

  @Test
  void digestIsMd5OfTheCookieThenTheUnsignedDecimalChallenge() throws Exception {
    byte[] expected = MessageDigest.getInstance("MD5")
        .digest("secret4294967295".getBytes(StandardCharsets.US_ASCII));
    assertArrayEquals(expected, new Cookie("secret").digest(-1));
    assertTrue(new Cookie("secret").accepts(-1, expected));
  }

  @Test
  void twoNodesWithTheSameCookieLearnEachOthersFlagsAndCreation() throws Exception {
    Object[] r = run(node(A, 11, "c", TIMEOUT), node(B, 22, "c", TIMEOUT), gate("ok"), false);
    Handshake.Result ra = (Handshake.Result) r[0];
    Handshake.Result rb = (Handshake.Result) r[1];
    assertEquals(B, ra.peer());
    assertEquals(22, ra.creation());
    assertEquals(DistFlags.ours(false), ra.flags());
    assertEquals(A, rb.peer());
    assertEquals(11, rb.creation());
  }

  @Test
  void theVersion5NameWithAComplementGivesTheSameResult() throws Exception {
    Object[] r = run(node(A, 0x7654321, "c", TIMEOUT), node(B, 5, "c", TIMEOUT), gate("ok"),
        true);
    Handshake.Result rb = (Handshake.Result) r[1];
    assertEquals(0x7654321, rb.creation());
    assertEquals(DistFlags.ours(false), rb.flags(), "high flags came with the complement");
    assertEquals(B, ((Handshake.Result) r[0]).peer());
  }

  @Test
  void differentCookiesFailOnTheAcceptorAsBadCookie() throws Exception {
    Object[] r = run(node(A, 1, "one", TIMEOUT), node(B, 2, "two", TIMEOUT), gate("ok"), false);
    assertEquals(Kind.BAD_COOKIE, ((HandshakeException) r[1]).kind());
    assertTrue(r[0] instanceof HandshakeException, "the initiator fails too: " + r[0]);
  }

  @Test
  void nokAndNotAllowedReachTheInitiator() throws Exception {
    Object[] r = run(node(A, 1, "c", TIMEOUT), node(B, 2, "c", TIMEOUT), gate("nok"), false);
    assertEquals(Kind.NOK, ((HandshakeException) r[0]).kind());
    r = run(node(A, 1, "c", TIMEOUT), node(B, 2, "c", TIMEOUT), gate("not_allowed"), false);
    assertEquals(Kind.NOT_ALLOWED, ((HandshakeException) r[0]).kind());
  }

  @Test
  void anInitiatorToldAliveAnswersTrueAndTheAcceptorReplacesTheOldConnection() throws Exception {
    Atom[] replaced = new Atom[1];
    Handshake.Gate gate = new Handshake.Gate() {
      @Override
      public String admit(Atom peer) {
        return "alive";
      }

      @Override
      public void replace(Atom peer) {
        replaced[0] = peer;
      }
    };
    Object[] r = run(node(A, 1, "c", TIMEOUT), node(B, 2, "c", TIMEOUT), gate, false);
    assertTrue(r[0] instanceof Handshake.Result, String.valueOf(r[0]));
    assertEquals(A, replaced[0]);
  }

  @Test
  void anInitiatorThatStallsIsDroppedAfterTheTimeout() throws Exception {
    Handshake b = node(B, 2, "c", Duration.ofMillis(300));
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
        Socket s = server.accept()) {
      client.getOutputStream().write(new byte[] {0, 20, 'N', 0, 0}); // then nothing
      long start = System.nanoTime();
      HandshakeException e =
          assertThrows(HandshakeException.class, () -> b.accept(Carriers.of(s), gate("ok")));
      assertEquals(Kind.TIMEOUT, e.kind());
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(ms >= 250 && ms < 3000, "took " + ms + " ms");
    }
  }

  @Test
  void aPeerWithoutTheMandatoryFlagsIsRefused() throws Exception {
    Handshake old = new Handshake(A, DistFlags.ours(false) & ~DistFlags.MAP_TAG, 1,
        new Cookie("c"), TIMEOUT);
    Object[] r = run(old, node(B, 2, "c", TIMEOUT), gate("ok"), false);
    HandshakeException e = (HandshakeException) r[1];
    assertEquals(Kind.NOT_ALLOWED, e.kind());
    assertTrue(e.getMessage().contains("MAP_TAG"), e.getMessage());
    assertEquals(Kind.NOT_ALLOWED, ((HandshakeException) r[0]).kind());
  }

  @Test
  void anAnswerFromAnotherNodeThanTheOneDialledIsRefused() throws Exception {
    Handshake c = node(Atom.of("c@host"), 3, "c", TIMEOUT);
    Object[] r = run(node(A, 1, "c", TIMEOUT), c, gate("ok"), false);
    HandshakeException e = (HandshakeException) r[0];
    assertEquals(Kind.NOT_ALLOWED, e.kind());
    assertTrue(e.getMessage().contains("c@host"), e.getMessage());
  }

}
