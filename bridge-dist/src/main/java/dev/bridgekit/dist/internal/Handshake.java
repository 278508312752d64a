package dev.bridgekit.dist.internal; // not exported

import dev.bridgekit.dist.internal.HandshakeException.Kind;
import dev.bridgekit.dist.internal.HandshakeMessage.Challenge;
import dev.bridgekit.dist.internal.HandshakeMessage.ChallengeAck;
import dev.bridgekit.dist.internal.HandshakeMessage.ChallengeReply;
import dev.bridgekit.dist.internal.HandshakeMessage.Complement;
import dev.bridgekit.dist.internal.HandshakeMessage.Name;
import dev.bridgekit.dist.internal.HandshakeMessage.Status;
import dev.bridgekit.term.Atom;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * Runs the distribution handshake on a connected carrier, as initiator ({@link #initiate}) or
 * acceptor ({@link #accept}), to the OTP 23 protocol (version 6) that OTP 25 and later speak, and
 * accepting the old version 5 name (with its complement) that OTP 23 and 24 send when they do not
 * know the peer's version. Every read waits at most until the handshake's deadline; messages are
 * 2-byte-length packets, read unbuffered so that nothing after the handshake is consumed.
 */
public final class Handshake {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Atom localName;
  private final long localFlags;
  private final int localCreation;
  private final Cookie cookie;
  private final Duration timeout;

  /**
   * Holds what a completed handshake learned of the peer.
   *
   * @param peer the peer's node name
   * @param flags the peer's capability flags
   * @param creation the peer's creation
   */
  public record Result(Atom peer, long flags, int creation) {}

  /** Decides, for the acceptor, what to do with a peer that asks to connect. */
  public interface Gate {
    /**
     * Returns the status to answer {@code peer}'s name with: {@code ok}, {@code ok_simultaneous},
     * {@code nok}, {@code not_allowed} or {@code alive}. Called on the accepting thread.
     */
    String admit(Atom peer);

    /**
     * Called when {@code peer}, told {@code alive}, answered {@code true}: the connection it had
     * is gone, and the one being accepted replaces it.
     */
    void replace(Atom peer);
  }

  /** Creates a handshake for this node; {@code timeout} bounds the whole exchange. */
  public Handshake(Atom localName, long localFlags, int localCreation, Cookie cookie,
      Duration timeout) {
    this.localName = localName;
    this.localFlags = localFlags;
    this.localCreation = localCreation;
    this.cookie = cookie;
    this.timeout = timeout;
  }

  /**
   * Connects as node A to {@code expected} over {@code carrier}.
   *
   * @param oldName send the version 5 name ({@code 'n'}, then a complement) instead of {@code
   *     'N'}: for a peer that EPMD says speaks only version 5
   */
  public Result initiate(Carrier carrier, Atom expected, boolean oldName)
      throws HandshakeException {
    Io io = new Io(carrier, deadline());
    io.write(new Name(!oldName, localFlags, localCreation, localName.name()));
    String status = parse(() -> HandshakeMessage.parseStatus(io.read())).status();
    switch (status) {
      case "ok", "ok_simultaneous" -> { }
      case "alive" -> io.write(new Status("true")); // we have no connection, or we would not dial
      case "nok" -> throw new HandshakeException(Kind.NOK,
          expected + " answered nok: its own connection attempt to us wins");
      case "not_allowed" -> throw new HandshakeException(Kind.NOT_ALLOWED,
          expected + " does not allow a connection from " + localName);
      default -> throw new HandshakeException(Kind.PROTOCOL,
          expected + " answered with an unknown handshake status: " + status);
    }
    Challenge challenge = parse(() -> HandshakeMessage.parseChallenge(io.read()));
    if (!challenge.extended()) {
      throw new HandshakeException(Kind.NOT_ALLOWED, expected
          + " speaks only distribution version 5 (OTP 22 or older), which OTP 25 dropped");
    }
    if (!challenge.node().equals(expected.name())) {
      throw new HandshakeException(Kind.NOT_ALLOWED, "dialled " + expected
          + " but the node that answered is " + challenge.node());
    }
    requireFlags(expected, challenge.flags());
    if (oldName) {
      io.write(new Complement((int) (localFlags >>> 32), localCreation));
    }
    int ours = RANDOM.nextInt();
    io.write(new ChallengeReply(ours, cookie.digest(challenge.challenge())));
    ChallengeAck ack = parse(() -> HandshakeMessage.parseChallengeAck(io.read()));
    if (!cookie.accepts(ours, ack.digest())) {
      throw new HandshakeException(Kind.BAD_COOKIE, expected
          + " answered our challenge with the wrong digest: its cookie differs from ours");
    }
    return new Result(expected, challenge.flags(), challenge.creation());
  }

  /** Accepts, as node B, the connection a peer opened on {@code carrier}. */
  public Result accept(Carrier carrier, Gate gate) throws HandshakeException {
    Io io = new Io(carrier, deadline());
    Name name = parse(() -> HandshakeMessage.parseName(io.read()));
    Atom peer;
    try {
      peer = NodeName.parse(name.node()).atom();
    } catch (IllegalArgumentException e) {
      io.refuse();
      throw new HandshakeException(Kind.PROTOCOL, "a peer sent an invalid node name: "
          + name.node());
    }
    if (!name.extended() && (name.flags() & DistFlags.HANDSHAKE_23) == 0) {
      io.refuse();
      throw new HandshakeException(Kind.NOT_ALLOWED, peer
          + " speaks only distribution version 5 (OTP 22 or older), which OTP 25 dropped");
    }
    if (name.extended()) {
      try {
        requireFlags(peer, name.flags());
      } catch (HandshakeException e) {
        io.refuse();
        throw e;
      }
    }
    String status = gate.admit(peer);
    io.write(new Status(status));
    switch (status) {
      case "ok", "ok_simultaneous" -> { }
      case "alive" -> {
        String answer = parse(() -> HandshakeMessage.parseStatus(io.read())).status();
        if (!answer.equals("true")) {
          throw new HandshakeException(Kind.NOT_ALLOWED, peer
              + " is connected already and answered " + answer + " to alive");
        }
        gate.replace(peer);
      }
      case "nok" -> throw new HandshakeException(Kind.NOK,
          "simultaneous connect with " + peer + ": our own attempt wins");
      default -> throw new HandshakeException(Kind.NOT_ALLOWED, "refused " + peer + ": " + status);
    }
    int ours = RANDOM.nextInt();
    io.write(new Challenge(true, localFlags, ours, localCreation, localName.name()));
    long flags = name.flags();
    int creation = name.creation();
    if (!name.extended()) {
      Complement c = parse(() -> HandshakeMessage.parseComplement(io.read()));
      flags |= Integer.toUnsignedLong(c.flagsHigh()) << 32;
      creation = c.creation();
      requireFlags(peer, flags);
    }
    ChallengeReply reply = parse(() -> HandshakeMessage.parseChallengeReply(io.read()));
    if (!cookie.accepts(ours, reply.digest())) {
      throw new HandshakeException(Kind.BAD_COOKIE, peer
          + " answered our challenge with the wrong digest: its cookie differs from ours");
    }
    io.write(new ChallengeAck(cookie.digest(reply.challenge())));
    return new Result(peer, flags, creation);
  }

  private long deadline() {
    return System.nanoTime() + timeout.toNanos();
  }

  private static void requireFlags(Atom peer, long flags) throws HandshakeException {
    if ((flags & DistFlags.REQUIRED) != DistFlags.REQUIRED) {
      throw new HandshakeException(Kind.NOT_ALLOWED, peer + " lacks the distribution flags "
          + DistFlags.missing(flags) + " that OTP 25 requires");
    }
  }

  private interface Parse<T> {
    T run() throws ProtocolException, HandshakeException;
  }

  private static <T> T parse(Parse<T> p) throws HandshakeException {
    try {
      return p.run();
    } catch (ProtocolException e) {
      throw new HandshakeException(Kind.PROTOCOL, e.getMessage(), e);
    }
  }

  /** Reads and writes handshake packets, each read bounded by the deadline. */
  private final class Io {
    private final Carrier carrier;
    private final long deadline;
    private final DataInputStream in;
    private final OutputStream out;

    Io(Carrier carrier, long deadline) throws HandshakeException {
      this.carrier = carrier;
      this.deadline = deadline;
      try {
        this.in = new DataInputStream(carrier.input());
        this.out = carrier.output();
      } catch (IOException e) {
        throw new HandshakeException(Kind.CLOSED, "connection closed before the handshake", e);
      }
    }

    byte[] read() throws HandshakeException {
      try {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new SocketTimeoutException();
        }
        carrier.readTimeout((int) Math.max(1, left / 1_000_000));
        int length = in.readUnsignedShort();
        byte[] packet = new byte[length];
        in.readFully(packet);
        return packet;
      } catch (SocketTimeoutException e) {
        throw new HandshakeException(Kind.TIMEOUT, "handshake not done after " + timeout, e);
      } catch (EOFException e) {
        throw new HandshakeException(Kind.CLOSED, "the peer closed the connection mid-handshake",
            e);
      } catch (IOException e) {
        throw new HandshakeException(Kind.CLOSED, "connection failed mid-handshake: " + e, e);
      }
    }

    void write(HandshakeMessage message) throws HandshakeException {
      byte[] body = message.encode();
      byte[] packet = new byte[2 + body.length];
      packet[0] = (byte) (body.length >>> 8);
      packet[1] = (byte) body.length;
      System.arraycopy(body, 0, packet, 2, body.length);
      try {
        out.write(packet);
        out.flush();
      } catch (IOException e) {
        throw new HandshakeException(Kind.CLOSED, "connection failed mid-handshake: " + e, e);
      }
    }

    /** Tells the peer it is not allowed, ignoring a failure: we are closing anyway. */
    void refuse() {
      try {
        write(new Status("not_allowed"));
      } catch (HandshakeException e) {
        // The refusal is a courtesy; the connection closes either way.
      }
    }
  }
}
