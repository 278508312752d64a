package dev.bridgekit.term;

import dev.bridgekit.term.internal.TermBytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Decodes terms in the external term format from a byte range, for callers that read terms out of
 * larger structures (a distribution message is a control term followed by a payload term). Every
 * tag of the format decodes, old ones included (FLOAT_EXT, PID_EXT, PORT_EXT, REFERENCE_EXT,
 * NEW_REFERENCE_EXT, SMALL_ATOM_EXT...), except LOCAL_EXT, which only its own node can read, and
 * ATOM_CACHE_REF, which needs the atom cache of a distribution message ({@link #withAtomCache}).
 *
 * <p>Any malformed input fails with {@link TermDecodeException} and nothing else: every length is
 * checked against the input before it is used, nesting of any depth decodes without recursion, and
 * a compressed term inflates incrementally up to {@link #maxInflatedSize()} and must inflate to
 * exactly the size it declares.
 *
 * <p>A reader is immutable and thread-safe.
 */
public final class TermReader {
  /** The default limit on a compressed term's inflated size: 64 MiB. */
  public static final int DEFAULT_MAX_INFLATED_SIZE = 64 << 20;

  private static final TermReader STANDARD =
      new TermReader(null, DEFAULT_MAX_INFLATED_SIZE, false);

  static {
    TermBytes.provide(new TermBytes.Access() {
      @Override
      public TermReader sharing(TermReader reader) {
        return new TermReader(reader.atomCache, reader.maxInflatedSize, true);
      }

      @Override
      public Decoded read(TermReader reader, List<byte[]> chunks, int offset, int end) {
        return reader.readChunks(chunks, offset, end);
      }

      @Override
      public List<TermBytes.Run> runs(Binary b) {
        List<TermBytes.Run> runs = new ArrayList<>(1);
        b.forEachRun((array, from, n) -> runs.add(new TermBytes.Run(array, from, n)));
        return runs;
      }
    });
  }

  private final IntFunction<Atom> atomCache;
  private final int maxInflatedSize;
  /** Whether callers give their input up for good (see {@link TermBytes#sharing}). */
  private final boolean share;

  private TermReader(IntFunction<Atom> atomCache, int maxInflatedSize, boolean share) {
    this.atomCache = atomCache;
    this.maxInflatedSize = maxInflatedSize;
    this.share = share;
  }

  /**
   * Holds a decoded term and the offset just after its last byte.
   *
   * @param term the term
   * @param end the offset after the term's bytes
   */
  public record Decoded(Term term, int end) {
    public Decoded {
      Objects.requireNonNull(term, "term");
    }
  }

  /** Returns the reader with no atom cache and the default inflation limit. */
  public static TermReader standard() {
    return STANDARD;
  }

  /**
   * Returns a reader like this one that resolves ATOM_CACHE_REF indexes through {@code cache}
   * (the atom cache of one distribution message); an index it maps to null fails the decode.
   */
  public TermReader withAtomCache(IntFunction<Atom> cache) {
    return new TermReader(Objects.requireNonNull(cache, "cache"), maxInflatedSize, share);
  }

  /**
   * Returns a reader like this one whose compressed terms may inflate to at most {@code bytes}.
   *
   * @throws IllegalArgumentException if {@code bytes} is negative
   */
  public TermReader withMaxInflatedSize(int bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("maxInflatedSize < 0: " + bytes);
    }
    return new TermReader(atomCache, bytes, share);
  }

  /** Returns the limit on a compressed term's inflated size, in bytes. */
  public int maxInflatedSize() {
    return maxInflatedSize;
  }

  /**
   * Decodes one term without a version byte starting at {@code offset}, reading no byte at or
   * after {@code end}; bytes after the term are left alone.
   *
   * @throws TermDecodeException if the bytes are not a term
   * @throws IndexOutOfBoundsException if the range is not inside {@code bytes}
   */
  public Decoded read(byte[] bytes, int offset, int end) {
    Objects.checkFromToIndex(offset, end, bytes.length);
    Decoder d = new Decoder(bytes, offset, end, atomCache, "", share);
    Term t = d.decode();
    return new Decoded(t, d.position());
  }

  /** See {@link TermBytes#read}: decodes a bare term from the concatenation of {@code chunks}. */
  private Decoded readChunks(List<byte[]> chunks, int offset, int end) {
    long total = 0;
    for (byte[] c : chunks) {
      total += c.length;
    }
    Objects.checkFromToIndex(offset, end, (int) Math.min(total, Integer.MAX_VALUE));
    Decoder d = new Decoder(chunks, offset, end, atomCache, "", true);
    Term t = d.decode();
    return new Decoded(t, d.position());
  }

  /**
   * Decodes one term with its version byte 131 starting at {@code offset}, as {@code
   * binary_to_term} reads it, inflating a COMPRESSED term; bytes after it are left alone.
   *
   * @throws TermDecodeException if the bytes are not a term
   * @throws IndexOutOfBoundsException if the range is not inside {@code bytes}
   */
  public Decoded readVersioned(byte[] bytes, int offset, int end) {
    Objects.checkFromToIndex(offset, end, bytes.length);
    if (offset == end) {
      throw new TermDecodeException("truncated: need 1 bytes at offset " + offset + ", have 0",
          offset);
    }
    int version = bytes[offset] & 0xFF;
    if (version != Tag.VERSION) {
      throw new TermDecodeException(
          "version byte at offset " + offset + " is " + version + ", not 131", offset);
    }
    int at = offset + 1;
    if (at < end && (bytes[at] & 0xFF) == Tag.COMPRESSED) {
      return readCompressed(bytes, at, end);
    }
    return read(bytes, at, end);
  }

  private Decoded readCompressed(byte[] bytes, int at, int end) {
    int dataStart = at + 5;
    if (end - at < 5) {
      throw new TermDecodeException("truncated: need 4 bytes at offset " + (at + 1) + ", have "
          + (end - at - 1), at + 1);
    }
    long declared = Integer.toUnsignedLong(((bytes[at + 1] & 0xFF) << 24)
        | ((bytes[at + 2] & 0xFF) << 16) | ((bytes[at + 3] & 0xFF) << 8) | (bytes[at + 4] & 0xFF));
    Compression.Inflated inflated =
        Compression.inflate(bytes, dataStart, end, declared, maxInflatedSize, at);
    byte[] data = inflated.data();
    // The inflated data is the reader's own: its big binaries may be slices of it.
    Decoder d = new Decoder(data, 0, data.length, atomCache, " of the inflated data", true);
    Term t = d.decode();
    if (d.position() != data.length) {
      throw new TermDecodeException("the term in the compressed data at offset " + at + " ends at "
          + d.position() + " of " + data.length + " inflated bytes", d.position());
    }
    return new Decoded(t, inflated.end());
  }
}
