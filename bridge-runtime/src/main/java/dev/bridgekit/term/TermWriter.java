package dev.bridgekit.term;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Encodes terms in the external term format, choosing each tag as Erlang/OTP 25's {@code
 * term_to_binary/1} does, so the bytes compare equal to erl's: integers 0..255 as
 * SMALL_INTEGER_EXT, other 32-bit ones as INTEGER_EXT, larger as SMALL_BIG_EXT or LARGE_BIG_EXT;
 * NEW_FLOAT_EXT; lists of 1 to 65535 integers in 0..255 as STRING_EXT; NEW_PID_EXT,
 * NEWER_REFERENCE_EXT, NEW_PORT_EXT (V4_PORT_EXT only for an id beyond 32 bits); EXPORT_EXT and
 * NEW_FUN_EXT; BINARY_EXT and BIT_BINARY_EXT. Atoms are ATOM_EXT when Latin-1, else
 * SMALL_ATOM_UTF8_EXT or ATOM_UTF8_EXT (OTP 25's default, {@code minor_version} 1); {@link
 * #withUtf8Atoms()} always uses the UTF-8 tags ({@code minor_version} 2, OTP 26's default and what
 * distribution peers send).
 *
 * <p>Map entries are written in the {@link MapTerm}'s iteration order: a decoded map keeps the
 * order it arrived in, so decoding and re-encoding erl's bytes gives erl's bytes back; a map built
 * in Java is written in insertion order, which any decoder accepts (erl would sort a small map's
 * keys, so the bytes of a Java-built map equal erl's only when inserted in Erlang term order).
 *
 * <p>Encoding does not recurse, so terms of any depth encode. A writer is immutable and
 * thread-safe. Floats that are NaN or infinite are rejected with {@link IllegalArgumentException}.
 */
public final class TermWriter {
  private static final TermWriter STANDARD = new TermWriter(false);
  private static final TermWriter UTF8_ATOMS = new TermWriter(true);

  private final boolean utf8Atoms;

  private TermWriter(boolean utf8Atoms) {
    this.utf8Atoms = utf8Atoms;
  }

  /** Returns the writer that encodes as OTP 25's {@code term_to_binary/1}. */
  public static TermWriter standard() {
    return STANDARD;
  }

  /** Returns a writer like this one that writes every atom with the UTF-8 atom tags. */
  public TermWriter withUtf8Atoms() {
    return UTF8_ATOMS;
  }

  /** Returns {@code term} encoded with the version byte 131, as {@code term_to_binary/1}. */
  public byte[] encode(Term term) {
    Encoder e = new Encoder(utf8Atoms, 64);
    e.put1(Tag.VERSION);
    e.encode(term);
    return Arrays.copyOf(e.buffer(), e.size());
  }

  /**
   * Returns {@code term} encoded with the version byte, compressed with zlib at {@code level} as
   * {@code term_to_binary(Term, [{compressed, Level}])} is: level 0 is no compression, and like
   * erl the writer falls back to the uncompressed form when compressing would not make it smaller.
   *
   * @throws IllegalArgumentException if {@code level} is not 0 to 9
   */
  public byte[] encode(Term term, int compressionLevel) {
    if (compressionLevel < 0 || compressionLevel > 9) {
      throw new IllegalArgumentException("compression level not in 0..9: " + compressionLevel);
    }
    if (compressionLevel == 0) {
      return encode(term);
    }
    Encoder e = new Encoder(utf8Atoms, 64);
    e.encode(term);
    byte[] deflated = Compression.deflate(e.buffer(), e.size(), compressionLevel);
    if (deflated == null) {
      byte[] plain = new byte[e.size() + 1];
      plain[0] = (byte) Tag.VERSION;
      System.arraycopy(e.buffer(), 0, plain, 1, e.size());
      return plain;
    }
    byte[] out = new byte[6 + deflated.length];
    out[0] = (byte) Tag.VERSION;
    out[1] = (byte) Tag.COMPRESSED;
    int n = e.size();
    out[2] = (byte) (n >>> 24);
    out[3] = (byte) (n >>> 16);
    out[4] = (byte) (n >>> 8);
    out[5] = (byte) n;
    System.arraycopy(deflated, 0, out, 6, deflated.length);
    return out;
  }

  /**
   * Appends {@code term} to {@code out} without a version byte, as terms sit inside larger
   * structures (a distribution message writes its own 131 before each term).
   */
  public void write(Term term, ByteArrayOutputStream out) {
    Encoder e = new Encoder(utf8Atoms, 64);
    e.encode(term);
    out.write(e.buffer(), 0, e.size());
  }
}
