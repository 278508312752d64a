package dev.bridgekit.term;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An Erlang binary: a whole number of bytes. The bytes are copied in and out, so a binary never
 * changes; two binaries are equal when their bytes are.
 */
public final class Binary implements Term {
  // A binary decoded from a buffer its reader was given for good may be a slice of that buffer,
  // as a big binary received by BEAM is a slice of the message it came in: not copied out of it.
  // A big message that arrived in fragments keeps each fragment in an array of its own, so a big
  // binary in it may be a run of slices, one per fragment ("segments"): no array of its whole
  // size is ever allocated, and zeroed, only to be overwritten.
  private final byte[] bytes; // the flat form: null when segmented
  private final int offset;
  private final int length;
  /** The segmented form, else null: the runs in order, flat each, none empty. */
  private final Binary[] segments;
  /** Where each segment starts in the binary; null when flat. */
  private final int[] starts;

  private Binary(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
    this.segments = null;
    this.starts = null;
  }

  private Binary(byte[] bytes) {
    this(bytes, 0, bytes.length);
  }

  private Binary(Binary[] segments, int[] starts, int length) {
    this.bytes = null;
    this.offset = 0;
    this.length = length;
    this.segments = segments;
    this.starts = starts;
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

  /**
   * Joins flat slices into one binary without copying them (empty ones are dropped); the caller
   * gives up their arrays, which must never change again. One slice is returned as it is.
   */
  static Binary joined(List<Binary> slices) {
    List<Binary> kept = new ArrayList<>(slices.size());
    long total = 0;
    for (Binary s : slices) {
      if (s.segments != null) {
        throw new IllegalArgumentException("not a flat slice: " + s.segments.length + " segments");
      }
      if (s.length > 0) {
        kept.add(s);
        total += s.length;
      }
    }
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("joined binary of " + total + " bytes");
    }
    if (kept.size() <= 1) {
      return kept.isEmpty() ? new Binary(new byte[0]) : kept.get(0);
    }
    int[] starts = new int[kept.size()];
    int at = 0;
    for (int i = 0; i < starts.length; i++) {
      starts[i] = at;
      at += kept.get(i).length;
    }
    return new Binary(kept.toArray(Binary[]::new), starts, at);
  }

  /** Returns a copy of the bytes. */
  public byte[] bytes() {
    if (segments == null) {
      return Arrays.copyOfRange(bytes, offset, offset + length);
    }
    byte[] out = new byte[length];
    for (int i = 0; i < segments.length; i++) {
      Binary s = segments[i];
      System.arraycopy(s.bytes, s.offset, out, starts[i], s.length);
    }
    return out;
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
    Objects.checkIndex(index, length);
    if (segments == null) {
      return bytes[offset + index];
    }
    int i = segmentAt(index);
    Binary s = segments[i];
    return s.bytes[s.offset + index - starts[i]];
  }

  /** Decodes the bytes as UTF-8 (malformed sequences become U+FFFD). */
  public String utf8() {
    if (segments == null) {
      return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }
    return new String(bytes(), StandardCharsets.UTF_8);
  }

  /** Takes one run of a binary's bytes, where they are. */
  interface Run<X extends Exception> {
    void accept(byte[] array, int offset, int length) throws X;
  }

  /**
   * Hands {@code run} the bytes where they are, in order: one run for a flat binary, one per
   * segment else (none for an empty one). The arrays must not be changed or leaked.
   */
  <X extends Exception> void forEachRun(Run<X> run) throws X {
    if (segments == null) {
      if (length > 0) {
        run.accept(bytes, offset, length);
      }
      return;
    }
    for (Binary s : segments) {
      run.accept(s.bytes, s.offset, s.length);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Binary b) || b.length != length) {
      return false;
    }
    if (segments == null) {
      return b.regionEquals(0, bytes, offset, length);
    }
    for (int i = 0; i < segments.length; i++) {
      Binary s = segments[i];
      if (!b.regionEquals(starts[i], s.bytes, s.offset, s.length)) {
        return false;
      }
    }
    return true;
  }

  /** Whether this binary's {@code n} bytes from {@code at} are those of {@code array} there. */
  private boolean regionEquals(int at, byte[] array, int from, int n) {
    if (segments == null) {
      return Arrays.equals(bytes, offset + at, offset + at + n, array, from, from + n);
    }
    int end = at + n;
    for (int i = segmentAt(at); at < end; i++) {
      Binary s = segments[i];
      int skip = at - starts[i];
      int k = Math.min(end - at, s.length - skip);
      if (!Arrays.equals(s.bytes, s.offset + skip, s.offset + skip + k, array, from, from + k)) {
        return false;
      }
      at += k;
      from += k;
    }
    return true;
  }

  /** Returns the index of the segment that holds byte {@code index}. */
  private int segmentAt(int index) {
    int i = Arrays.binarySearch(starts, index);
    return i >= 0 ? i : -i - 2; // the last segment that starts before index
  }

  /** Returns a copy of the first {@code n} bytes. */
  private byte[] head(int n) {
    byte[] out = new byte[n];
    int at = 0;
    for (int i = 0; at < n; i++) {
      Binary s = segments[i];
      int k = Math.min(n - at, s.length);
      System.arraycopy(s.bytes, s.offset, out, at, k);
      at += k;
    }
    return out;
  }

  @Override
  public int hashCode() {
    // Arrays.hashCode's formula over the bytes, so a slice, or a binary in segments, hashes as a
    // copy of its bytes does.
    int[] h = {1};
    forEachRun((array, from, n) -> {
      int v = h[0];
      for (int i = from, end = from + n; i < end; i++) {
        v = 31 * v + array[i];
      }
      h[0] = v;
    });
    return h[0];
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
    byte[] head = segments == null ? bytes : head(shown);
    int from = segments == null ? offset : 0;
    String text = printableUtf8(head, from, shown);
    if (text != null) {
      return "<<\"" + text + "\"" + tail + ">>";
    }
    StringBuilder sb = new StringBuilder("<<");
    for (int i = 0; i < shown; i++) {
      sb.append(i == 0 ? "" : ",").append(head[from + i] & 0xFF);
    }
    return sb.append(tail).append(">>").toString();
  }

  /**
   * Returns the {@code n} bytes of {@code head} from {@code from} as escaped text if they are
   * printable UTF-8, else null.
   */
  private static String printableUtf8(byte[] head, int from, int n) {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    String text;
    try {
      text = decoder.decode(ByteBuffer.wrap(head, from, n)).toString();
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
