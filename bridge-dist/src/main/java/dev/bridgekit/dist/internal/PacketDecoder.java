package dev.bridgekit.dist.internal; // not exported

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.TermDecodeException;
import dev.bridgekit.term.TermReader;
import dev.bridgekit.term.internal.TermBytes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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
 * binary in a message is a slice of its packet, or of the arrays its fragments were read into).
 * One decoder per connection, used by its reader thread only: the atom cache and the sequences in
 * reassembly belong to the connection. Any malformed packet fails with {@link ProtocolException};
 * a message (or all messages in reassembly together) larger than the limit fails too, before it
 * is buffered.
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

  /**
   * A fragmented message being put together, in the arrays its fragments arrived in: the first
   * fragment's packet, then each continuation's body in an array of its own, as it is read from
   * the socket (small bodies gathered in arrays of {@value #GATHER} bytes). No array of the whole
   * message's size is allocated: the JVM would zero it all first, one more pass over memory per
   * byte than reading each fragment into a new array that stays in the cache while it fills
   * (measured: 8 MiB read into 64 KiB arrays took 1.4 ms, into one new array 2.4 ms).
   */
  private static final class Assembly {
    /** A body under this many bytes is gathered with others, not kept in an array of its own. */
    static final int SMALL_BODY = 4096;
    /** How many bytes of small bodies one array gathers. */
    static final int GATHER = 1 << 16;

    final Atom[] refs;
    long nextFragment;
    final List<byte[]> chunks = new ArrayList<>();
    /** Where the message starts in the first chunk, the first fragment's packet. */
    final int start;
    /** The message's bytes so far. */
    int size;
    private byte[] gathered;
    private int gatheredSize;

    Assembly(Atom[] refs, long fragments, byte[] first, int from) {
      this.refs = refs;
      this.nextFragment = fragments - 1;
      chunks.add(first);
      start = from;
      size = first.length - from;
    }

    void append(int n, Body body) throws IOException {
      if (n >= SMALL_BODY) {
        endGathering();
        byte[] chunk = new byte[n];
        body.read(chunk, 0, n);
        chunks.add(chunk);
      } else {
        if (gathered != null && gatheredSize + n > gathered.length) {
          endGathering();
        }
        if (gathered == null) {
          gathered = new byte[GATHER];
        }
        body.read(gathered, gatheredSize, n);
        gatheredSize += n;
      }
      size += n;
    }

    /** Returns the chunks of the whole message, once its last fragment is in. */
    List<byte[]> chunks() {
      endGathering();
      return chunks;
    }

    private void endGathering() {
      if (gatheredSize > 0) {
        chunks.add(Arrays.copyOf(gathered, gatheredSize));
      }
      gathered = null;
      gatheredSize = 0;
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
      return terms(in.position(), packet.length,
          at -> SHARING.readVersioned(packet, at, packet.length));
    }
    if (first != VERSION) {
      throw new ProtocolException("distribution packet starts with " + first
          + ", neither 112 (pass through) nor 131 (a distribution header)");
    }
    int kind = in.u8();
    switch (kind) {
      case DIST_HEADER -> {
        Atom[] refs = atomCacheRefs(in);
        return whole(packet, in.position(), refs);
      }
      case DIST_FRAG_HEADER -> {
        long sequence = in.i64();
        long fragments = in.i64();
        if (fragments == 0) {
          throw new ProtocolException("fragmented message " + sequence + " of 0 fragments");
        }
        Atom[] refs = atomCacheRefs(in);
        if (fragments == 1) {
          return whole(packet, in.position(), refs);
        }
        if (sequences.containsKey(sequence)) {
          throw new ProtocolException("fragmented message " + sequence + " started twice");
        }
        if (sequences.size() >= MAX_SEQUENCES) {
          throw new ProtocolException("more than " + MAX_SEQUENCES
              + " fragmented messages in reassembly at once");
        }
        reserve(in.remaining(), sequence);
        sequences.put(sequence, new Assembly(refs, fragments, packet, in.position()));
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

  /** Decodes a message that is whole in {@code packet}, its terms from {@code from} on. */
  private static Message whole(byte[] packet, int from, Atom[] refs) throws ProtocolException {
    TermReader reader = reader(refs);
    return terms(from, packet.length, at -> reader.read(packet, at, packet.length));
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
    TermReader reader = reader(a.refs);
    List<byte[]> chunks = a.chunks();
    int end = a.start + a.size;
    return terms(a.start, end, at -> TermBytes.read(reader, chunks, at, end));
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

  /** Decodes the term that starts at an offset of a packet or message. */
  @FunctionalInterface
  private interface TermAt {
    TermReader.Decoded read(int offset);
  }

  /**
   * Decodes the control term and the optional term after it, which fill {@code [from, end)},
   * reading each with {@code at}.
   */
  private static Message terms(int from, int end, TermAt at) throws ProtocolException {
    try {
      TermReader.Decoded control = at.read(from);
      if (control.end() == end) {
        return new Message(control.term(), null);
      }
      TermReader.Decoded payload = at.read(control.end());
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


  /**
   * Decodes the control term and the optional term after it, filling {@code [from, end)} of the
   * bytes of {@code chunks} one after the other.
   */
  private static Message terms(List<byte[]> chunks, int from, int end, TermReader reader)
      throws ProtocolException {
    try {
      TermReader.Decoded control = TermBytes.read(reader, chunks, from, end);
      if (control.end() == end) {
        return new Message(control.term(), null);
      }
      TermReader.Decoded payload = TermBytes.read(reader, chunks, control.end(), end);
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

  /**
   * Decodes the control term and the optional term after it, each with its version byte, filling
   * {@code [from, end)}: the pass-through form.
   */
  private static Message versionedTerms(byte[] bytes, int from, int end)
      throws ProtocolException {
    try {
      TermReader.Decoded control = SHARING.readVersioned(bytes, from, end);
      if (control.end() == end) {
        return new Message(control.term(), null);
      }
      TermReader.Decoded payload = SHARING.readVersioned(bytes, control.end(), end);
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
