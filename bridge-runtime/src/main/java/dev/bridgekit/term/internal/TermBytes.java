package dev.bridgekit.term.internal; // exported to dev.bridgekit.dist only

import dev.bridgekit.term.Binary;
import dev.bridgekit.term.TermReader;
import java.util.List;
import java.util.Objects;

/**
 * Gives the distribution bridge the codec's shortcuts that the public API must not offer, because
 * an untrusted caller could change a binary through them: decoding from buffers handed over for
 * good (one array, or the arrays a fragmented message arrived in), so that a big binary is a slice
 * of them rather than a copy, and reading a binary's bytes where they are, to write them to a
 * socket. A distribution message of 8 MB is then neither copied out of its fragments nor copied
 * again to be sent back.
 *
 * <p>Whoever calls these methods takes on the binary's contract: the arrays handed over or read
 * are never changed.
 */
public final class TermBytes {
  /** What the term package provides; set once, by {@link TermReader}'s class initialisation. */
  public interface Access {
    /** See {@link TermBytes#sharing}. */
    TermReader sharing(TermReader reader);

    /** See {@link TermBytes#read}. */
    TermReader.Decoded read(TermReader reader, List<byte[]> chunks, int offset, int end);

    /** See {@link TermBytes#runs}. */
    List<Run> runs(Binary b);
  }

  /**
   * {@code length} bytes of a binary in {@code array} from {@code offset}, where they are: never
   * to be changed.
   */
  public record Run(byte[] array, int offset, int length) {}

  private static volatile Access access;

  private TermBytes() {}

  /** Installs the term package's access; for {@link TermReader} only, once. */
  public static void provide(Access a) {
    if (access != null) {
      throw new IllegalStateException("term access already provided");
    }
    access = Objects.requireNonNull(a, "access");
  }

  /**
   * Returns a reader like {@code reader} whose callers give up the arrays they decode from: a
   * binary of 4 KiB or more that fills at least half the array is a slice of it, not a copy. The
   * caller must never change such an array after decoding.
   */
  public static TermReader sharing(TermReader reader) {
    return access().sharing(reader);
  }

  /**
   * Decodes one term without a version byte, as {@link TermReader#read} does, from the bytes of
   * {@code chunks} one after the other, from offset {@code offset} to {@code end} of that
   * sequence (the offsets in errors and the end returned count in it too). The chunks are given
   * up for good, as to a {@link #sharing} reader: a big binary may be a run of slices of them.
   *
   * @throws dev.bridgekit.term.TermDecodeException if the bytes are not a term
   * @throws IndexOutOfBoundsException if the range is not inside the chunks
   */
  public static TermReader.Decoded read(TermReader reader, List<byte[]> chunks, int offset,
      int end) {
    return access().read(reader, chunks, offset, end);
  }

  /**
   * Returns where {@code b}'s bytes are, in order: one run for a binary in one array, one per
   * array for one decoded from chunks (none for an empty binary). Never to be changed.
   */
  public static List<Run> runs(Binary b) {
    return access().runs(b);
  }

  private static Access access() {
    Access a = access;
    if (a == null) {
      TermReader.standard(); // initialises TermReader, which provides the access
      a = access;
    }
    return a;
  }
}
