package dev.bridgekit.dist.internal; // not exported

import dev.bridgekit.term.Binary;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.TermWriter;
import dev.bridgekit.term.Tuple;
import dev.bridgekit.term.internal.TermBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes control messages as distribution packets, each with its 4-byte length: with the
 * distribution header ({@code 131 68}, no atom cache references) when the connection uses one
 * (the peer takes fragments), split into fragments ({@code 131 69}, then {@code 131 70}s) when
 * the message is larger than the fragment size; else in the pass through form ({@code 112}). One
 * encoder per connection, used by the threads that send on it (it keeps no state but the next
 * fragment sequence number, an atomic counter).
 */
final class PacketEncoder {
  private static final TermWriter WRITER = TermWriter.standard().withUtf8Atoms();

  /** A ByteArrayOutputStream whose array the encoder may read without copying it. */
  private static final class Buffer extends ByteArrayOutputStream {
    private int controlEnd;

    Buffer() {
      super(256);
    }

    byte[] array() {
      return buf;
    }

    /** Marks the current size as the end of the control part. */
    void markControlEnd() {
      controlEnd = count;
    }

    /** The marked end of the control part. */
    int controlEnd() {
      return controlEnd;
    }
  }

  private final long flags;
  private final boolean header;
  private final boolean fragments;
  private final int fragmentSize;
  private final AtomicLong nextSequence = new AtomicLong(1);

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

  /** Returns the packet of a tick: an empty one, its length 0. */
  static Packet tick() {
    return new Packet(List.of(new Part(new byte[4])));
  }

  /**
   * Writes {@code message} as one or more packets.
   *
   * @throws IllegalArgumentException if a term in it cannot be encoded (a NaN float); nothing
   *     is written then
   */
  void write(ControlMessage message, OutputStream out) throws IOException {
    encode(message).writeTo(out);
  }

  /**
   * Encodes {@code message} as one or more packets, each with its length, ready to be written.
   * Any thread may call this (sequence numbers of fragmented messages come from an atomic
   * counter); a big binary in the message is not copied, the packet refers to its bytes.
   *
   * @throws IllegalArgumentException if a term in it cannot be encoded (a NaN float)
   */
  Packet encode(ControlMessage message) {
    Term control = message.control(flags);
    Term payload = message.payload(flags);
    Buffer b = new Buffer();
    b.write(0); // the packet's length, filled in below when the packet is this one buffer
    b.write(0);
    b.write(0);
    b.write(0);
    if (!header) {
      b.write(PacketDecoder.PASS_THROUGH);
      b.write(PacketDecoder.VERSION);
    } else {
      b.write(PacketDecoder.VERSION);
      b.write(PacketDecoder.DIST_HEADER);
      b.write(0); // no atom cache references
    }
    WRITER.write(control, b);
    b.markControlEnd();
    if (payload == null || !Payload.hasBigBinary(payload)) {
      // The common case: the whole packet in one array, written with one call.
      if (payload != null) {
        if (!header) {
          b.write(PacketDecoder.VERSION);
        }
        WRITER.write(payload, b);
      }
      int controlEnd = b.controlEnd();
      int payloadLength = b.size() - controlEnd;
      if (header && fragments && payloadLength > fragmentSize) {
        return headerForm(b, Payload.slice(b.array(), controlEnd, payloadLength), 0);
      }
      putLength(b.array(), 0, b.size() - 4);
      return new Packet(List.of(new Part(b.array(), 0, b.size())));
    }
    Payload p = Payload.of(payload);
    if (!header) {
      List<Part> parts = new ArrayList<>();
      putLength(b.array(), 0, checkedLength(b.size() - 4L + p.size()));
      parts.add(new Part(b.array(), 0, b.size()));
      p.slices(0, p.size(), parts);
      return new Packet(parts);
    }
    // After a distribution header, terms go without their version byte.
    return headerForm(b, p, 1);
  }

  /**
   * The header form of a message whose control part (with length placeholder and header) is in
   * {@code b} up to its control end, and whose payload is {@code p} from offset {@code skip}.
   */
  private Packet headerForm(Buffer b, Payload p, int skip) {
    int controlEnd = b.controlEnd();
    int payloadLength = p.size() - skip;
    List<Part> parts = new ArrayList<>();
    if (!fragments || payloadLength <= fragmentSize) {
      putLength(b.array(), 0, checkedLength(controlEnd - 4L + payloadLength));
      parts.add(new Part(b.array(), 0, controlEnd));
      p.slices(skip, payloadLength, parts);
      return new Packet(parts);
    }
    // The first fragment holds the whole control message (the protocol requires it) and the
    // first fragmentSize bytes of the payload; each continuation holds fragmentSize more.
    long count = 1 + ((long) payloadLength - fragmentSize + fragmentSize - 1) / fragmentSize;
    long sequence = nextSequence.getAndIncrement();
    int controlLength = controlEnd - 7; // after the length and 131 68 0
    byte[] head = new byte[4 + 19 + controlLength];
    putLength(head, 0, checkedLength(19L + controlLength + fragmentSize));
    head[4] = (byte) PacketDecoder.VERSION;
    head[5] = (byte) PacketDecoder.DIST_FRAG_HEADER;
    put64(head, 6, sequence);
    put64(head, 14, count);
    head[22] = 0; // no atom cache references
    System.arraycopy(b.array(), 7, head, 23, controlLength);
    parts.add(new Part(head));
    p.slices(skip, fragmentSize, parts);
    int at = skip + fragmentSize;
    int end = skip + payloadLength;
    for (long fragment = count - 1; fragment >= 1; fragment--) {
      int n = Math.min(fragmentSize, end - at);
      byte[] cont = new byte[4 + 18];
      putLength(cont, 0, 18 + n);
      cont[4] = (byte) PacketDecoder.VERSION;
      cont[5] = (byte) PacketDecoder.DIST_FRAG_CONT;
      put64(cont, 6, sequence);
      put64(cont, 14, fragment);
      parts.add(new Part(cont));
      p.slices(at, n, parts);
      at += n;
    }
    return new Packet(parts);
  }

  private static int checkedLength(long n) {
    if (n > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("message of " + n + " bytes is too big to send");
    }
    return (int) n;
  }

  private static void putLength(byte[] b, int at, int n) {
    b[at] = (byte) (n >>> 24);
    b[at + 1] = (byte) (n >>> 16);
    b[at + 2] = (byte) (n >>> 8);
    b[at + 3] = (byte) n;
  }

  private static void put64(byte[] b, int at, long v) {
    for (int i = 7; i >= 0; i--) {
      b[at + i] = (byte) v;
      v >>>= 8;
    }
  }

  /** A run of bytes to write: a small array of its own, or a big binary's bytes, in place. */
  record Part(byte[] array, int offset, int length) {
    Part(byte[] array) {
      this(array, 0, array.length);
    }
  }

  /**
   * One message encoded as one or more whole packets, lengths included, as runs of bytes to
   * write one after another; {@link #size} counts them all. Immutable once built.
   */
  static final class Packet {
    private final List<Part> parts;
    private final long size;

    Packet(List<Part> parts) {
      this.parts = parts;
      long n = 0;
      for (Part part : parts) {
        n += part.length();
      }
      this.size = n;
    }

    long size() {
      return size;
    }

    /** The runs of bytes, in order (for tests). */
    List<Part> parts() {
      return parts;
    }

    void writeTo(OutputStream out) throws IOException {
      for (Part part : parts) {
        out.write(part.array(), part.offset(), part.length());
      }
    }

    /**
     * Writes as much of this packet as {@code out} takes without waiting for room in the socket,
     * and then what {@code out} still buffers.
     *
     * @return what is left to write (with nothing of the packet left when only the buffer is to
     *     go: the next flush writes it), or null if all of it is in the socket
     */
    Rest writeNow(PacketOutput out) throws IOException {
      for (int i = 0; i < parts.size(); i++) {
        Part part = parts.get(i);
        int n = out.writeNow(part.array(), part.offset(), part.length());
        if (n < part.length()) {
          return new Rest(this, i, n);
        }
      }
      return out.drainNow() ? null : new Rest(this, parts.size(), 0);
    }
  }

  /**
   * What is left of a packet written in part: its parts from byte {@code offset} of part {@code
   * part} on (none when {@code part} is past the last).
   */
  record Rest(Packet packet, int part, int offset) {
    /** Returns how many bytes are left. */
    long size() {
      long n = -offset;
      for (int i = part; i < packet.parts.size(); i++) {
        n += packet.parts.get(i).length();
      }
      return n;
    }

    /** Writes what is left. */
    void writeTo(OutputStream out) throws IOException {
      for (int i = part; i < packet.parts.size(); i++) {
        Part p = packet.parts.get(i);
        int skip = i == part ? offset : 0;
        out.write(p.array(), p.offset() + skip, p.length() - skip);
      }
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
    private static final Payload EMPTY = new Payload(List.of());

    private final List<Part> parts;
    private final int size;

    private Payload(List<Part> parts) {
      this.parts = parts;
      long n = 0;
      for (Part part : parts) {
        n += part.length();
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
        return new Payload(List.of(new Part(WRITER.encode(payload))));
      }
      List<Part> parts = new ArrayList<>();
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
        parts.add(new Part(small.toByteArray()));
      }
      return new Payload(parts);
    }

    /** Returns the payload encoded already, in {@code length} bytes of {@code array}. */
    static Payload slice(byte[] array, int offset, int length) {
      return new Payload(List.of(new Part(array, offset, length)));
    }

    static boolean hasBigBinary(Term payload) {
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
    private static Buffer element(Term e, Buffer small, List<Part> parts) {
      if (e instanceof Binary b && b.size() >= BIG) {
        small.write(BINARY_EXT);
        writeInt(small, b.size());
        parts.add(new Part(small.toByteArray()));
        // The binary's bytes where they are (in one array, or in the fragments it arrived in): a
        // binary never changes, and the writer only reads.
        for (TermBytes.Run run : TermBytes.runs(b)) {
          parts.add(new Part(run.array(), run.offset(), run.length()));
        }
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

    /** Adds the runs of {@code n} bytes from offset {@code from} of the encoding to {@code into}. */
    void slices(int from, int n, List<Part> into) {
      forEachRun(from, n, (array, offset, length) -> into.add(new Part(array, offset, length)));
    }

    /** Writes {@code n} bytes from offset {@code from} of the encoding. */
    void write(OutputStream out, int from, int n) throws IOException {
      forEachRun(from, n, out::write);
    }

    /** Takes one run of bytes. */
    private interface Run<X extends Exception> {
      void accept(byte[] array, int offset, int length) throws X;
    }

    /** Hands {@code run} the runs of {@code n} bytes from offset {@code from}, in order. */
    private <X extends Exception> void forEachRun(int from, int n, Run<X> run) throws X {
      int at = 0;
      for (Part part : parts) {
        if (n == 0) {
          return;
        }
        int end = at + part.length();
        if (from < end) {
          int start = from - at;
          int k = Math.min(n, part.length() - start);
          run.accept(part.array(), part.offset() + start, k);
          from += k;
          n -= k;
        }
        at = end;
      }
    }
  }
}
