package dev.bridgekit.dist.internal; // not exported

import dev.bridgekit.term.Binary;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.TermWriter;
import dev.bridgekit.term.Tuple;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

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
    // written from there: copying it into the buffer would cost as much again.
    Payload p = Payload.of(payload);
    if (!header) {
      writeLength(out, b.size() + p.size());
      out.write(b.array(), 0, b.size());
      p.write(out, 0, p.size());
    } else {
      // After a distribution header, terms go without their version byte.
      int skip = p.size() == 0 ? 0 : 1;
      writeHeaderForm(out, b.array(), 1, b.size() - 1, p, skip, p.size() - skip);
    }
    if (b.array().length > KEEP_BUFFER) {
      body = new Buffer();
    }
  }

  private void writeHeaderForm(OutputStream out, byte[] control, int controlAt,
      int controlLength, Payload payload, int payloadAt, int payloadLength) throws IOException {
    if (!fragments || payloadLength <= fragmentSize) {
      writeLength(out, 3 + controlLength + payloadLength);
      out.write(new byte[] {(byte) PacketDecoder.VERSION, (byte) PacketDecoder.DIST_HEADER, 0});
      out.write(control, controlAt, controlLength);
      payload.write(out, payloadAt, payloadLength);
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
    payload.write(out, payloadAt, fragmentSize);
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
      payload.write(out, at, n);
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

  /**
   * A payload's encoding, with its version byte, as a row of parts written one after another. A
   * big binary at the top or inside the top tuple (the {@code {From, Bin}} of most big messages)
   * is a part of its own, its bytes written as they are: the general encoder would copy them
   * several times over as its buffer grows.
   */
  static final class Payload {
    /** Binaries from this size on are written as parts of their own. */
    static final int BIG = 1 << 16;
    private static final int SMALL_TUPLE_EXT = 104;
    private static final int LARGE_TUPLE_EXT = 105;
    private static final int BINARY_EXT = 109;
    private static final Payload EMPTY = new Payload(List.of(new byte[0]));

    private final List<byte[]> parts;
    private final int size;

    private Payload(List<byte[]> parts) {
      this.parts = parts;
      long n = 0;
      for (byte[] part : parts) {
        n += part.length;
      }
      if (n > Integer.MAX_VALUE - 64) {
        throw new IllegalArgumentException("message of " + n + " bytes is too big to send");
      }
      this.size = (int) n;
    }

    static Payload of(Term payload) {
      if (payload == null) {
        return EMPTY;
      }
      if (!hasBigBinary(payload)) {
        return new Payload(List.of(WRITER.encode(payload)));
      }
      List<byte[]> parts = new ArrayList<>();
      Buffer small = new Buffer();
      small.write(PacketDecoder.VERSION);
      if (payload instanceof Tuple t) {
        int arity = t.arity();
        if (arity < 256) {
          small.write(SMALL_TUPLE_EXT);
          small.write(arity);
        } else {
          small.write(LARGE_TUPLE_EXT);
          writeInt(small, arity);
        }
        for (Term e : t.elements()) {
          small = element(e, small, parts);
        }
      } else {
        small = element(payload, small, parts);
      }
      if (small.size() > 0) {
        parts.add(small.toByteArray());
      }
      return new Payload(parts);
    }

    private static boolean hasBigBinary(Term payload) {
      if (payload instanceof Binary b) {
        return b.size() >= BIG;
      }
      if (payload instanceof Tuple t) {
        for (Term e : t.elements()) {
          if (e instanceof Binary b && b.size() >= BIG) {
            return true;
          }
        }
      }
      return false;
    }

    /** Appends {@code e} to {@code small}, or ends it with a part of its own when a big one. */
    private static Buffer element(Term e, Buffer small, List<byte[]> parts) {
      if (e instanceof Binary b && b.size() >= BIG) {
        small.write(BINARY_EXT);
        writeInt(small, b.size());
        parts.add(small.toByteArray());
        parts.add(b.bytes());
        return new Buffer();
      }
      WRITER.write(e, small);
      return small;
    }

    private static void writeInt(Buffer b, int n) {
      b.write(n >>> 24);
      b.write(n >>> 16);
      b.write(n >>> 8);
      b.write(n);
    }

    int size() {
      return size;
    }

    /** Writes {@code n} bytes from offset {@code from} of the encoding. */
    void write(OutputStream out, int from, int n) throws IOException {
      int at = 0;
      for (byte[] part : parts) {
        if (n == 0) {
          return;
        }
        int end = at + part.length;
        if (from < end) {
          int start = from - at;
          int k = Math.min(n, part.length - start);
          out.write(part, start, k);
          from += k;
          n -= k;
        }
        at = end;
      }
    }
  }
}
