package dev.bridgekit.term;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** Deflates and inflates the zlib data of COMPRESSED terms, as term_to_binary does. */
final class Compression {
  // Deflate cannot expand more than 1032:1 (a 258-byte match in two bits); a larger declared size
  // is a lie we can refuse before inflating anything.
  private static final long MAX_RATIO = 1032;

  private Compression() {}

  /** The inflated bytes, and the offset after the zlib stream. */
  record Inflated(byte[] data, int end) {}

  /**
   * Returns the zlib data of {@code body} at {@code level}, or null when it would not save
   * anything: like erts, compress only when the result fits in the body's size minus the five
   * bytes of the COMPRESSED header, so the outcome is byte-for-byte what erl produces.
   */
  static byte[] deflate(byte[] body, int length, int level) {
    int room = length - 5;
    if (room <= 0) {
      return null;
    }
    Deflater deflater = new Deflater(level);
    try {
      deflater.setInput(body, 0, length);
      deflater.finish();
      byte[] out = new byte[room];
      int n = 0;
      while (!deflater.finished()) {
        if (n == room) {
          return null;
        }
        n += deflater.deflate(out, n, room - n);
      }
      return Arrays.copyOf(out, n);
    } finally {
      deflater.end();
    }
  }

  /**
   * Inflates the zlib stream starting at {@code offset}, which must inflate to exactly {@code
   * declared} bytes. Memory grows with the data actually inflated, never straight to the
   * sender's declared size.
   *
   * @param at the offset of the COMPRESSED tag, for error messages
   */
  static Inflated inflate(byte[] in, int offset, int end, long declared, int max, int at) {
    if (declared > max) {
      throw new TermDecodeException("compressed term at offset " + at + " declares " + declared
          + " inflated bytes, more than the limit of " + max, at);
    }
    long compressed = end - offset;
    if (declared > compressed * MAX_RATIO + 64) {
      throw new TermDecodeException("compressed term at offset " + at + " declares " + declared
          + " inflated bytes, which " + compressed + " bytes of zlib data cannot hold", at);
    }
    int size = (int) declared;
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(in, offset, end - offset);
      byte[] out = new byte[Math.min(size, 64 * 1024)];
      int n = 0;
      while (!inflater.finished()) {
        if (n == out.length) {
          if (n == size) {
            byte[] probe = new byte[1];
            if (inflater.inflate(probe) > 0) {
              throw new TermDecodeException("compressed term at offset " + at
                  + " inflates to more than its declared " + size + " bytes", at);
            }
            stalled(inflater, at);
            continue;
          }
          out = Arrays.copyOf(out, (int) Math.min(size, out.length * 2L));
        }
        int k = inflater.inflate(out, n, out.length - n);
        n += k;
        if (k == 0) {
          stalled(inflater, at);
        }
      }
      if (n != size) {
        throw new TermDecodeException("compressed term at offset " + at + " inflates to " + n
            + " bytes, not its declared " + size, at);
      }
      return new Inflated(out, end - inflater.getRemaining());
    } catch (DataFormatException e) {
      throw new TermDecodeException(
          "invalid zlib data in the compressed term at offset " + at + ": " + e.getMessage(), at);
    } finally {
      inflater.end();
    }
  }

  /** Explains why inflating produced no output, unless it is because the stream ended. */
  private static void stalled(Inflater inflater, int at) {
    if (inflater.finished()) {
      return;
    }
    if (inflater.needsDictionary()) {
      throw new TermDecodeException(
          "compressed term at offset " + at + " needs a preset zlib dictionary", at);
    }
    if (inflater.needsInput()) {
      throw new TermDecodeException(
          "truncated: the zlib data of the compressed term at offset " + at + " ends early", at);
    }
    throw new TermDecodeException(
        "zlib made no progress in the compressed term at offset " + at, at);
  }
}
