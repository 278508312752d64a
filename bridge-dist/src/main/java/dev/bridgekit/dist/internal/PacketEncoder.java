package dev.bridgekit.dist.internal; // not exported

import dev.bridgekit.term.Term;
import dev.bridgekit.term.TermWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes control messages as distribution packets, each with its 4-byte length: with the
 * distribution header ({@code 131 68}, no atom cache references) when the connection uses one
 * (the peer takes fragments), split into fragments ({@code 131 69}, then {@code 131 70}s) when
 * the message is larger than the fragment size; else in the pass through form ({@code 112}). One
 * encoder per connection, used by its writer thread only.
 */
final class PacketEncoder {
  private static final TermWriter WRITER = TermWriter.standard().withUtf8Atoms();
  /** A buffer grown past this by one big message is dropped afterwards, not kept for ever. */
  private static final int KEEP_BUFFER = 1 << 20;

  /** A ByteArrayOutputStream whose array the encoder may read without copying it. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(1024);
    }

    byte[] array() {
      return buf;
    }
  }

  private final long flags;
  private final boolean header;
  private final boolean fragments;
  private final int fragmentSize;
  private Buffer body = new Buffer();
  private long nextSequence = 1;

  /**
   * Creates the encoder for a connection whose negotiated flags are {@code flags}, splitting
   * messages into fragments of {@code fragmentSize} bytes when the peer takes fragments.
   */
  PacketEncoder(long flags, int fragmentSize) {
    this.flags = flags;
    this.fragments = (flags & DistFlags.FRAGMENTS) != 0;
    this.header = (flags & (DistFlags.FRAGMENTS | DistFlags.DIST_HDR_ATOM_CACHE)) != 0;
    this.fragmentSize = fragmentSize;
  }

  /** Writes a tick: an empty packet. */
  static void writeTick(OutputStream out) throws IOException {
    out.write(new byte[4]);
  }

  /**
   * Writes {@code message} as one or more packets.
   *
   * @throws IllegalArgumentException if a term in it cannot be encoded (a NaN float); nothing
   *     is written then
   */
  void write(ControlMessage message, OutputStream out) throws IOException {
    Buffer b = body;
    b.reset();
    Term control = message.control(flags);
    Term payload = message.payload(flags);
    if (!header) {
      b.write(PacketDecoder.PASS_THROUGH);
    }
    b.write(PacketDecoder.VERSION);
    WRITER.write(control, b);
    // The payload, a message of any size, is encoded on its own (with its version byte) and
    // written from that array: copying it into the buffer would cost as much again.
    byte[] p = payload == null ? new byte[0] : WRITER.encode(payload);
    if (!header) {
      writeLength(out, b.size() + p.length);
      out.write(b.array(), 0, b.size());
      out.write(p);
    } else {
      // After a distribution header, terms go without their version byte.
      int skip = p.length == 0 ? 0 : 1;
      writeHeaderForm(out, b.array(), 1, b.size() - 1, p, skip, p.length - skip);
    }
    if (b.array().length > KEEP_BUFFER) {
      body = new Buffer();
    }
  }

  private void writeHeaderForm(OutputStream out, byte[] control, int controlAt,
      int controlLength, byte[] payload, int payloadAt, int payloadLength) throws IOException {
    if (!fragments || payloadLength <= fragmentSize) {
      writeLength(out, 3 + controlLength + payloadLength);
      out.write(new byte[] {(byte) PacketDecoder.VERSION, (byte) PacketDecoder.DIST_HEADER, 0});
      out.write(control, controlAt, controlLength);
      out.write(payload, payloadAt, payloadLength);
      return;
    }
    // The first fragment holds the whole control message (the protocol requires it) and the
    // first fragmentSize bytes of the payload; each continuation holds fragmentSize more.
    long count = 1 + ((long) payloadLength - fragmentSize + fragmentSize - 1) / fragmentSize;
    long sequence = nextSequence++;
    byte[] head = new byte[19];
    head[0] = (byte) PacketDecoder.VERSION;
    head[1] = (byte) PacketDecoder.DIST_FRAG_HEADER;
    put64(head, 2, sequence);
    put64(head, 10, count);
    head[18] = 0; // no atom cache references
    writeLength(out, head.length + controlLength + fragmentSize);
    out.write(head);
    out.write(control, controlAt, controlLength);
    out.write(payload, payloadAt, fragmentSize);
    int at = payloadAt + fragmentSize;
    int end = payloadAt + payloadLength;
    byte[] cont = new byte[18];
    cont[0] = (byte) PacketDecoder.VERSION;
    cont[1] = (byte) PacketDecoder.DIST_FRAG_CONT;
    put64(cont, 2, sequence);
    for (long fragment = count - 1; fragment >= 1; fragment--) {
      int n = Math.min(fragmentSize, end - at);
      put64(cont, 10, fragment);
      writeLength(out, cont.length + n);
      out.write(cont);
      out.write(payload, at, n);
      at += n;
    }
  }

  private static void writeLength(OutputStream out, int n) throws IOException {
    out.write(n >>> 24);
    out.write(n >>> 16);
    out.write(n >>> 8);
    out.write(n);
  }

  private static void put64(byte[] b, int at, long v) {
    for (int i = 7; i >= 0; i--) {
      b[at + i] = (byte) v;
      v >>>= 8;
    }
  }
}
