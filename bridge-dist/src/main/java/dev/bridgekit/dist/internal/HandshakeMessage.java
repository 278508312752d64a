package dev.bridgekit.dist.internal; // not exported

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The messages of the distribution handshake ("Distribution Handshake" in Erlang's Distribution
 * Protocol document), each encoded without its 2-byte length by {@link #encode()} and decoded by
 * the static {@code parse} method for the message the handshake expects next (the tags {@code n}
 * and {@code N} mean a name or a challenge depending on the step). Parsing is pure and fails only
 * with {@link ProtocolException}.
 */
public sealed interface HandshakeMessage {
  /** Returns the message's bytes, without the length prefix. */
  byte[] encode();

  /**
   * The initiator's {@code send_name}: {@code 'N'} (version 6: 64-bit flags and the creation) or
   * the old {@code 'n'} (version 5: 32-bit flags, no creation; a complement follows).
   */
  record Name(boolean extended, long flags, int creation, String node) implements HandshakeMessage {
    @Override
    public byte[] encode() {
      byte[] name = node.getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream out = new ByteArrayOutputStream(16 + name.length);
      if (extended) {
        out.write('N');
        put64(out, flags);
        put32(out, creation);
        put16(out, name.length);
      } else {
        out.write('n');
        put16(out, 5);
        put32(out, (int) flags);
      }
      out.writeBytes(name);
      return out.toByteArray();
    }
  }

  /** The acceptor's {@code send_status} (or the initiator's answer to {@code alive}). */
  record Status(String status) implements HandshakeMessage {
    @Override
    public byte[] encode() {
      byte[] text = status.getBytes(StandardCharsets.US_ASCII);
      byte[] out = new byte[1 + text.length];
      out[0] = 's';
      System.arraycopy(text, 0, out, 1, text.length);
      return out;
    }
  }

  /** The acceptor's {@code send_challenge}: {@code 'N'}, or the old {@code 'n'} (version 5). */
  record Challenge(boolean extended, long flags, int challenge, int creation, String node)
      implements HandshakeMessage {
    @Override
    public byte[] encode() {
      byte[] name = node.getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream out = new ByteArrayOutputStream(24 + name.length);
      if (extended) {
        out.write('N');
        put64(out, flags);
        put32(out, challenge);
        put32(out, creation);
        put16(out, name.length);
      } else {
        out.write('n');
        put16(out, 5);
        put32(out, (int) flags);
        put32(out, challenge);
      }
      out.writeBytes(name);
      return out.toByteArray();
    }
  }

  /** The initiator's {@code send_complement}, after an old name: high flags and creation. */
  record Complement(int flagsHigh, int creation) implements HandshakeMessage {
    @Override
    public byte[] encode() {
      ByteArrayOutputStream out = new ByteArrayOutputStream(9);
      out.write('c');
      put32(out, flagsHigh);
      put32(out, creation);
      return out.toByteArray();
    }
  }

  /** The initiator's {@code send_challenge_reply}: its own challenge and its digest. */
  record ChallengeReply(int challenge, byte[] digest) implements HandshakeMessage {
    @Override
    public byte[] encode() {
      ByteArrayOutputStream out = new ByteArrayOutputStream(21);
      out.write('r');
      put32(out, challenge);
      out.writeBytes(digest);
      return out.toByteArray();
    }
  }

  /** The acceptor's {@code send_challenge_ack}: its digest of the initiator's challenge. */
  record ChallengeAck(byte[] digest) implements HandshakeMessage {
    @Override
    public byte[] encode() {
      byte[] out = new byte[17];
      out[0] = 'a';
      System.arraycopy(digest, 0, out, 1, 16);
      return out;
    }
  }

  /** Decodes a {@code send_name} ({@code 'n'} or {@code 'N'}). */
  static Name parseName(byte[] bytes) throws ProtocolException {
    ByteReader in = new ByteReader(bytes, "handshake name");
    int tag = in.u8();
    if (tag == 'N') {
      long flags = in.i64();
      int creation = in.i32();
      String node = nodeName(in, in.u16());
      return new Name(true, flags, creation, node); // extra bytes after the name are ignored
    }
    if (tag == 'n') {
      int version = in.u16();
      if (version != 5) {
        throw new ProtocolException("old handshake name with version " + version + ", not 5");
      }
      long flags = Integer.toUnsignedLong(in.i32());
      return new Name(false, flags, 0, nodeName(in, in.remaining()));
    }
    throw new ProtocolException("expected a handshake name ('n' or 'N'), got tag " + tag);
  }

  /** Decodes a {@code send_status}. */
  static Status parseStatus(byte[] bytes) throws ProtocolException {
    ByteReader in = new ByteReader(bytes, "handshake status");
    int tag = in.u8();
    if (tag != 's') {
      throw new ProtocolException("expected a handshake status ('s'), got tag " + tag);
    }
    String status = new String(bytes, 1, bytes.length - 1, StandardCharsets.ISO_8859_1);
    if (status.length() > 64) {
      throw new ProtocolException("handshake status of " + status.length() + " bytes");
    }
    return new Status(status);
  }

  /** Decodes a {@code send_challenge} ({@code 'n'} or {@code 'N'}). */
  static Challenge parseChallenge(byte[] bytes) throws ProtocolException {
    ByteReader in = new ByteReader(bytes, "handshake challenge");
    int tag = in.u8();
    if (tag == 'N') {
      long flags = in.i64();
      int challenge = in.i32();
      int creation = in.i32();
      String node = nodeName(in, in.u16());
      return new Challenge(true, flags, challenge, creation, node);
    }
    if (tag == 'n') {
      int version = in.u16();
      if (version != 5) {
        throw new ProtocolException("old handshake challenge with version " + version);
      }
      long flags = Integer.toUnsignedLong(in.i32());
      int challenge = in.i32();
      return new Challenge(false, flags, challenge, 0, nodeName(in, in.remaining()));
    }
    throw new ProtocolException("expected a handshake challenge ('n' or 'N'), got tag " + tag);
  }

  /** Decodes a {@code send_complement}. */
  static Complement parseComplement(byte[] bytes) throws ProtocolException {
    ByteReader in = new ByteReader(bytes, "handshake complement");
    int tag = in.u8();
    if (tag != 'c') {
      throw new ProtocolException("expected a handshake complement ('c'), got tag " + tag);
    }
    Complement c = new Complement(in.i32(), in.i32());
    in.expectEnd();
    return c;
  }

  /** Decodes a {@code send_challenge_reply}. */
  static ChallengeReply parseChallengeReply(byte[] bytes) throws ProtocolException {
    ByteReader in = new ByteReader(bytes, "handshake challenge reply");
    int tag = in.u8();
    if (tag != 'r') {
      throw new ProtocolException("expected a challenge reply ('r'), got tag " + tag);
    }
    ChallengeReply r = new ChallengeReply(in.i32(), in.bytes(16));
    in.expectEnd();
    return r;
  }

  /** Decodes a {@code send_challenge_ack}. */
  static ChallengeAck parseChallengeAck(byte[] bytes) throws ProtocolException {
    ByteReader in = new ByteReader(bytes, "handshake challenge ack");
    int tag = in.u8();
    if (tag != 'a') {
      throw new ProtocolException("expected a challenge ack ('a'), got tag " + tag);
    }
    ChallengeAck a = new ChallengeAck(in.bytes(16));
    in.expectEnd();
    return a;
  }

  private static String nodeName(ByteReader in, int length) throws ProtocolException {
    if (length == 0 || length > 1023) {
      throw new ProtocolException("node name of " + length + " bytes in the handshake");
    }
    return in.utf8(length);
  }

  private static void put16(ByteArrayOutputStream out, int v) {
    out.write(v >>> 8);
    out.write(v);
  }

  private static void put32(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }

  private static void put64(ByteArrayOutputStream out, long v) {
    put32(out, (int) (v >>> 32));
    put32(out, (int) v);
  }
}
