package dev.bridgekit.dist.internal; // not exported

import java.nio.charset.StandardCharsets;

/**
 * Reads big-endian fields from a byte range, checking every length against what is left, so a
 * decoder built on it fails with {@link ProtocolException} on truncated input and never reads out
 * of bounds.
 */
final class ByteReader {
  private final byte[] bytes;
  private final int end;
  private int pos;
  private final String what;

  /** Reads {@code bytes[offset..end)}; {@code what} names the structure in error messages. */
  ByteReader(byte[] bytes, int offset, int end, String what) {
    this.bytes = bytes;
    this.pos = offset;
    this.end = end;
    this.what = what;
  }

  ByteReader(byte[] bytes, String what) {
    this(bytes, 0, bytes.length, what);
  }

  int position() {
    return pos;
  }

  int remaining() {
    return end - pos;
  }

  byte[] array() {
    return bytes;
  }

  private void need(int n) throws ProtocolException {
    if (n < 0 || end - pos < n) {
      throw new ProtocolException(what + " truncated: need " + n + " bytes at offset " + pos
          + ", have " + (end - pos));
    }
  }

  int u8() throws ProtocolException {
    need(1);
    return bytes[pos++] & 0xFF;
  }

  int u16() throws ProtocolException {
    need(2);
    int v = ((bytes[pos] & 0xFF) << 8) | (bytes[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  /** Reads 32 bits as a Java int (callers that need it unsigned use Integer.toUnsignedLong). */
  int i32() throws ProtocolException {
    need(4);
    int v = ((bytes[pos] & 0xFF) << 24) | ((bytes[pos + 1] & 0xFF) << 16)
        | ((bytes[pos + 2] & 0xFF) << 8) | (bytes[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  long i64() throws ProtocolException {
    long hi = Integer.toUnsignedLong(i32());
    long lo = Integer.toUnsignedLong(i32());
    return (hi << 32) | lo;
  }

  byte[] bytes(int n) throws ProtocolException {
    need(n);
    byte[] out = new byte[n];
    System.arraycopy(bytes, pos, out, 0, n);
    pos += n;
    return out;
  }

  void skip(int n) throws ProtocolException {
    need(n);
    pos += n;
  }

  /** Reads {@code n} bytes as UTF-8 text (malformed sequences become U+FFFD). */
  String utf8(int n) throws ProtocolException {
    need(n);
    String s = new String(bytes, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  /** Reads the rest as UTF-8 text. */
  String restUtf8() {
    String s = new String(bytes, pos, end - pos, StandardCharsets.UTF_8);
    pos = end;
    return s;
  }

  /** Fails unless every byte has been read. */
  void expectEnd() throws ProtocolException {
    if (pos != end) {
      throw new ProtocolException(what + " has " + (end - pos) + " extra bytes at offset " + pos);
    }
  }
}
