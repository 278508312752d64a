package dev.bridgekit.term;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An Erlang binary: a whole number of bytes. The bytes are copied in and out, so a binary never
 * changes.
 */
public final class Binary implements Term {
  private final byte[] bytes;

  private Binary(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Returns a binary holding a copy of {@code bytes}. */
  public static Binary of(byte[] bytes) {
    return new Binary(bytes.clone());
  }

  /** Returns the UTF-8 bytes of {@code text} as a binary, as Elixir strings are. */
  public static Binary of(String text) {
    return new Binary(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Wraps {@code bytes} without copying; the caller gives up the array. */
  static Binary wrap(byte[] bytes) {
    return new Binary(bytes);
  }

  /** Returns a copy of the bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Returns the number of bytes. */
  public int size() {
    return bytes.length;
  }

  /** Returns the byte at {@code index}. */
  public byte byteAt(int index) {
    return bytes[index];
  }

  /** Decodes the bytes as UTF-8 (malformed sequences become U+FFFD). */
  public String utf8() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The array itself, for the codec in this package: must not be changed or leaked. */
  byte[] array() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Binary b && Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    if (bytes.length <= 64) {
      return "<<" + HexFormat.ofDelimiter(",").formatHex(bytes) + ">>";
    }
    return "<<" + bytes.length + " bytes>>";
  }
}
