package dev.bridgekit.dist.internal; // not exported

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.TermDecodeException;
import dev.bridgekit.term.TermReader;
import dev.bridgekit.term.internal.TermBytes;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Decodes the packets one connection receives after the handshake (their 4-byte length already
 * stripped, ticks already skipped) into control terms and the terms that follow them: the pass
 * through form ({@code 112}, then versioned terms), and the distribution header ({@code 131 68})
 * with its atom cache references, and fragmented messages ({@code 131 69} starting a sequence,
 * {@code 131 70} continuing it), reassembled here ("Distribution Header" in Erlang's External Term
 * Format document).
 *
 * <p>The decoder keeps the packets it is given: the caller must not change them afterwards (a big
 * binary in a message is a slice of its packet). One decoder per connection, used by its reader
 * thread only: the atom cache and the sequences in reassembly belong to the connection. Any
 * malformed packet fails with {@link ProtocolException}; a message (or all messages in
 * reassembly together) larger than the limit fails too, before it is buffered.
 */
final class PacketDecoder {
  static final int PASS_THROUGH = 112;
  static final int VERSION = 131;
  static final int DIST_HEADER = 68;
  static final int DIST_FRAG_HEADER = 69;
  static final int DIST_FRAG_CONT = 70;

  private static final int CACHE_SIZE = 2048;
  private static final int MAX_SEQUENCES = 4096;
  /**
   * Packets and reassembled messages are ours once decoded (nothing writes to them again), so a
   * big binary in a message stays where it arrived instead of being copied out.
   */
  private static final TermReader SHARING = TermBytes.sharing(TermReader.standard());

  /**
   * Holds a control term and the term after it (null if none).
   *
   * @param control the control tuple
   * @param payload the message, or the reason of a PAYLOAD_* control message
   */
  record Message(Term control, Term payload) {}

  /** A fragmented message being put together. */
  private static final class Assembly {
    final Atom[] refs;
    long nextFragment;
    byte[] data;
    int size;

    Assembly(Atom[] refs, long fragments, int firstSize, int limit) {
      this.refs = refs;
      this.nextFragment = fragments - 1;
      // Fragments after the first are as big as the first one's payload, give or take: size the
      // buffer for all of them at once (within the limit), not by doubling.
      this.data = new byte[(int) Math.max(256, Math.min(limit, fragments * (long) firstSize))];
    }

    void append(byte[] bytes, int from, int to) {
      int n = to - from;
      room(n);
      System.arraycopy(bytes, from, data, size, n);
      size += n;
    }

    void append(int n, Body body) throws IOException {
      room(n);
      body.read(data, size, n);
      size += n;
    }

    private void room(int n) {
      if (size + n > data.length) {
        data = Arrays.copyOf(data, Math.max(size + n, data.length * 2));
      }
    }
  }

  private final Atom[] cache = new Atom[CACHE_SIZE];
  private final Map<Long, Assembly> sequences = new HashMap<>();
  private final int maxMessageSize;
  private long buffered;

  /** Creates a decoder that refuses messages over {@code maxMessageSize} bytes. */
  PacketDecoder(int maxMessageSize) {
    this.maxMessageSize = maxMessageSize;
  }

  /**
   * Decodes one packet.
   *
   * @return the message it carries or completes, or null for a fragment of a message that is
   *     still incomplete
   */
  Message decode(byte[] packet) throws ProtocolException {
    ByteReader in = new ByteReader(packet, "distribution packet");
    int first = in.u8();
    if (first == PASS_THROUGH) {
      return terms(packet, in.position(), packet.length, SHARING, true);
    }
    if (first != VERSION) {
      throw new ProtocolException("distribution packet starts with " + first
          + ", neither 112 (pass through) nor 131 (a distribution header)");
    }
    int kind = in.u8();
    switch (kind) {
      case DIST_HEADER -> {
        Atom[] refs = atomCacheRefs(in);
        return terms(packet, in.position(), packet.length, reader(refs), false);
      }
      case DIST_FRAG_HEADER -> {
        long sequence = in.i64();
        long fragments = in.i64();
        if (fragments == 0) {
          throw new ProtocolException("fragmented message " + sequence + " of 0 fragments");
        }
        Atom[] refs = atomCacheRefs(in);
        if (fragments == 1) {
          return terms(packet, in.position(), packet.length, reader(refs), false);
        }
        if (sequences.containsKey(sequence)) {
          throw new ProtocolException("fragmented message " + sequence + " started twice");
        }
        if (sequences.size() >= MAX_SEQUENCES) {
          throw new ProtocolException("more than " + MAX_SEQUENCES
              + " fragmented messages in reassembly at once");
        }
        Assembly a = new Assembly(refs, fragments, in.remaining(), maxMessageSize);
        reserve(in.remaining(), sequence);
        a.append(packet, in.position(), packet.length);
        sequences.put(sequence, a);
        return null;
      }
      case DIST_FRAG_CONT -> {
        long sequence = in.i64();
        long fragment = in.i64();
        int from = in.position();
        try {
          return continuation(sequence, fragment, packet.length - from,
              (into, at, n) -> System.arraycopy(packet, from, into, at, n));
        } catch (IOException e) {
          throw new IllegalStateException("copying from an array cannot fail", e);
        }
      }
      default -> throw new ProtocolException("unknown distribution header 131 " + kind);
    }
  }

  /** Copies {@code n} bytes of a fragment's body into {@code into} at {@code at}. */
  @FunctionalInterface
  interface Body {
    void read(byte[] into, int at, int n) throws IOException;
  }

  /**
   * Decodes a continuation fragment ({@code 131 70}) whose 18-byte header is {@code head} and
   * whose {@code n} bytes of body {@code body} puts straight into the message being reassembled,
   * so that a big message is read into its one array, with no copy of each fragment.
   *
   * @return the message it completes, or null if more fragments are due
   */
  Message continuation(byte[] head, int n, Body body) throws ProtocolException, IOException {
    ByteReader in = new ByteReader(head, "distribution packet");
    in.u8();
    in.u8();
    long sequence = in.i64();
    long fragment = in.i64();
    return continuation(sequence, fragment, n, body);
  }

  private Message continuation(long sequence, long fragment, int n, Body body)
      throws ProtocolException, IOException {
    Assembly a = sequences.get(sequence);
    if (a == null) {
      throw new ProtocolException("fragment " + fragment + " of unknown message " + sequence);
    }
    if (fragment != a.nextFragment) {
      throw new ProtocolException("fragment " + fragment + " of message " + sequence
          + " arrived where fragment " + a.nextFragment + " was due");
    }
    reserve(n, sequence);
    a.append(n, body);
    a.nextFragment--;
    if (fragment > 1) {
      return null;
    }
    sequences.remove(sequence);
    buffered -= a.size;
    return terms(a.data, 0, a.size, reader(a.refs), false);
  }

  /** Returns how many bytes of fragmented messages are waiting for the rest of their fragments. */
  long buffered() {
    return buffered;
  }

  private void reserve(int n, long sequence) throws ProtocolException {
    Assembly a = sequences.get(sequence);
    long size = (a == null ? 0 : a.size) + (long) n;
    if (size > maxMessageSize || buffered + n > maxMessageSize) {
      throw new ProtocolException("fragmented message " + sequence + " exceeds the limit of "
          + maxMessageSize + " bytes");
    }
    buffered += n;
  }

  /**
   * Reads the atom cache references of a distribution header, updating the cache with new
   * entries; returns the atoms by reference index.
   */
  private Atom[] atomCacheRefs(ByteReader in) throws ProtocolException {
    int count = in.u8();
    if (count == 0) {
      return null;
    }
    byte[] flags = in.bytes(count / 2 + 1);
    boolean longAtoms = (nibble(flags, count) & 1) != 0;
    Atom[] refs = new Atom[count];
    for (int i = 0; i < count; i++) {
      int f = nibble(flags, i);
      int index = ((f & 7) << 8) | in.u8();
      if ((f & 8) != 0) {
        int length = longAtoms ? in.u16() : in.u8();
        String text = in.utf8(length);
        try {
          cache[index] = Atom.of(text);
        } catch (IllegalArgumentException e) {
          throw new ProtocolException("atom cache entry " + index + ": " + e.getMessage());
        }
      } else if (cache[index] == null) {
        throw new ProtocolException("reference to empty atom cache entry " + index);
      }
      refs[i] = cache[index];
    }
    return refs;
  }

  /** The half-byte flag field {@code i}: low half of byte i/2 for even i, high half for odd. */
  private static int nibble(byte[] flags, int i) {
    int b = flags[i >> 1] & 0xFF;
    return (i & 1) == 0 ? b & 0xF : b >>> 4;
  }

  private static TermReader reader(Atom[] refs) {
    if (refs == null) {
      return SHARING;
    }
    return SHARING.withAtomCache(i -> i >= 0 && i < refs.length ? refs[i] : null);
  }

  /** Decodes the control term and the optional term after it, filling {@code [from, end)}. */
  private static Message terms(byte[] bytes, int from, int end, TermReader reader,
      boolean versioned) throws ProtocolException {
    try {
      TermReader.Decoded control = versioned
          ? reader.readVersioned(bytes, from, end)
          : reader.read(bytes, from, end);
      if (control.end() == end) {
        return new Message(control.term(), null);
      }
      TermReader.Decoded payload = versioned
          ? reader.readVersioned(bytes, control.end(), end)
          : reader.read(bytes, control.end(), end);
      if (payload.end() != end) {
        throw new ProtocolException((end - payload.end())
            + " bytes after the message term of a distribution packet");
      }
      return new Message(control.term(), payload.term());
    } catch (TermDecodeException e) {
      throw new ProtocolException("malformed term in a distribution packet: " + e.getMessage(),
          e);
    }
  }
}
