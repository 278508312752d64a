package dev.bridgekit.term;

/**
 * Converts terms to and from Erlang's external term format (version 131), as {@code
 * term_to_binary} and {@code binary_to_term} do: the bytes a BEAM node, a C node or a port program
 * using ei reads and writes.
 *
 * <p>Encoding produces exactly the bytes of Erlang/OTP 25's {@code term_to_binary/1} (see {@link
 * TermWriter} for the tags and for map order). Decoding takes every tag of the format and fails on
 * malformed input only with {@link TermDecodeException} (see {@link TermReader} for the limits).
 * For terms inside larger structures, without a version byte or followed by other data, and for
 * options (UTF-8 atoms, an atom cache, the inflation limit), use {@link TermWriter} and {@link
 * TermReader}.
 */
public final class ExternalFormat {
  private ExternalFormat() {}

  /** Returns {@code term} encoded with the version byte, as {@code term_to_binary(Term)}. */
  public static byte[] encode(Term term) {
    return TermWriter.standard().encode(term);
  }

  /**
   * Returns {@code term} encoded and, when that makes it smaller, compressed, as {@code
   * term_to_binary(Term, [{compressed, Level}])}.
   *
   * @throws IllegalArgumentException if {@code compressionLevel} is not 0 to 9
   */
  public static byte[] encode(Term term, int compressionLevel) {
    return TermWriter.standard().encode(term, compressionLevel);
  }

  /**
   * Decodes {@code bytes}, which must hold the version byte and one term (possibly compressed) and
   * nothing more, as {@code binary_to_term(Bytes)}.
   *
   * @throws TermDecodeException if the bytes are not exactly one term
   */
  public static Term decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /**
   * Decodes the {@code length} bytes at {@code offset}, which must hold the version byte and one
   * term and nothing more.
   *
   * @throws TermDecodeException if the bytes are not exactly one term
   * @throws IndexOutOfBoundsException if the range is not inside {@code bytes}
   */
  public static Term decode(byte[] bytes, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
    int end = offset + length;
    TermReader.Decoded d = TermReader.standard().readVersioned(bytes, offset, end);
    if (d.end() != end) {
      throw new TermDecodeException((end - d.end()) + " bytes left over after the term at offset "
          + d.end(), d.end());
    }
    return d.term();
  }
}
