package dev.bridgekit.term;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An Erlang binary: a whole number of bytes. The bytes are copied in and out, so a binary never
 * changes; two binaries are equal when their bytes are.
 */
public final class Binary implements Term {
  // A binary decoded from a buffer its reader was given for good may be a slice of that buffer,
  // as a big binary received by BEAM is a slice of the message it came in: not copied out of it.
  private final byte[] bytes;
  private final int offset;
  private final int length;

  private Binary(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
  }

  private Binary(byte[] bytes) {
    this(bytes, 0, bytes.length);
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

  /**
   * Wraps {@code length} bytes of {@code bytes} from {@code offset} without copying; the caller
   * gives up the array, which must never change again.
   */
  static Binary slice(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    return new Binary(bytes, offset, length);
  }

  /** Returns a copy of the bytes. */
  public byte[] bytes() {
    return Arrays.copyOfRange(bytes, offset, offset + length);
  }

  /** Returns the number of bytes. */
  public int size() {
    return length;
  }

  /**
   * Returns the byte at {@code index}.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
   */
  public byte byteAt(int index) {
    return bytes[offset + Objects.checkIndex(index, length)];
  }

  /** Decodes the bytes as UTF-8 (malformed sequences become U+FFFD). */
  public String utf8() {
    return new String(bytes, offset, length, StandardCharsets.UTF_8);
  }

  /** The array the bytes are in, from {@link #offset()}: must not be changed or leaked. */
  byte[] array() {
    return bytes;
  }

  /** Where the bytes start in {@link #array()}. */
  int offset() {
    return offset;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Binary b
        && Arrays.equals(bytes, offset, offset + length, b.bytes, b.offset, b.offset + b.length);
  }

  @Override
  public int hashCode() {
    // Arrays.hashCode's formula over the range, so a slice hashes as a copy of its bytes does.
    int h = 1;
    for (int i = offset, end = offset + length; i < end; i++) {
      h = 31 * h + bytes[i];
    }
    return h;
  }

  /**
   * Returns the binary as Erlang's shell prints it: {@code <<"text">>} when the bytes are printable
   * UTF-8, else the byte values, {@code <<1,2,3>>}; long binaries are cut after 64 bytes.
   */
  @Override
  public String toString() {
    if (length == 0) {
      return "<<>>";
    }
    int shown = Math.min(length, 64);
    String tail = shown < length ? ",...(" + length + " bytes)" : "";
    String text = printableUtf8(shown);
    if (text != null) {
      return "<<\"" + text + "\"" + tail + ">>";
    }
    StringBuilder sb = new StringBuilder("<<");
    for (int i = 0; i < shown; i++) {
      sb.append(i == 0 ? "" : ",").append(bytes[offset + i] & 0xFF);
    }
    return sb.append(tail).append(">>").toString();
  }

  /** Returns the first {@code n} bytes as escaped text if they are printable UTF-8, else null. */
  private String printableUtf8(int n) {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    String text;
    try {
      text = decoder.decode(ByteBuffer.wrap(bytes, offset, n)).toString();
    } catch (CharacterCodingException e) {
      return null; // cut inside a character, or not text: show the bytes
    }
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"', '\\' -> sb.append('\\').append(c);
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            return null;
          }
          sb.append(c);
        }
      }
    }
    return sb.toString();
  }
}
