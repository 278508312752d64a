package dev.bridgekit.term;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

  /**
   * Returns the binary as Erlang's shell prints it: {@code <<"text">>} when the bytes are printable
   * UTF-8, else the byte values, {@code <<1,2,3>>}; long binaries are cut after 64 bytes.
   */
  @Override
  public String toString() {
    if (bytes.length == 0) {
      return "<<>>";
    }
    int shown = Math.min(bytes.length, 64);
    String tail = shown < bytes.length ? ",...(" + bytes.length + " bytes)" : "";
    String text = printableUtf8(shown);
    if (text != null) {
      return "<<\"" + text + "\"" + tail + ">>";
    }
    StringBuilder sb = new StringBuilder("<<");
    for (int i = 0; i < shown; i++) {
      sb.append(i == 0 ? "" : ",").append(bytes[i] & 0xFF);
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
      text = decoder.decode(ByteBuffer.wrap(bytes, 0, n)).toString();
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
