package dev.bridgekit.term;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * Reads the external format's fixed-shape parts at a position in a byte range: big-endian fields,
 * byte strings, and the terms that contain no other terms (numbers, atoms, binaries, pids,
 * references, ports, export funs). Every read checks the remaining input first and fails with a
 * {@link TermDecodeException} naming the offset; {@link Decoder} builds the containers on top.
 *
 * <p>The input is one array, or a sequence of arrays read one after the other (the fragments of a
 * distribution message), where offsets count from the start of the sequence. The reads keep to
 * the array in hand, so that reading one array costs what it did before chunks existed; only when
 * it holds too few bytes does the cursor move to the next chunk, or copy a field that straddles
 * two of them into an array of its own.
 */
final class Cursor {
  private static final Int[] SMALL_INTS = new Int[256];

  static {
    for (int i = 0; i < SMALL_INTS.length; i++) {
      SMALL_INTS[i] = new Int(i);
    }
  }

  // FLOAT_EXT is C's "%.20e"; Double.parseDouble alone would also take "NaN", "0x1p3" or "1d".
  private static final Pattern OLD_FLOAT =
      Pattern.compile("[+-]?[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?");
  private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7E]*");

  // BigInteger holds at most 2^31 - 1 bits.
  private static final long MAX_BIG_BYTES = (Integer.MAX_VALUE / 8) - 1;

  /** The least size of a binary that may be a slice of a shared input (see the constructor). */
  static final int SHARE_MIN = 4096;

  /** The array being read: the input, or the chunk being read, or a field stitched together. */
  private byte[] in;
  /** The read position in {@link #in}. */
  private int pos;
  /** Where reading {@link #in} stops: its end, or the input's. */
  private int limit;
  /** The offset in the input of {@code in[0]}: 0 for an input of one array. */
  private int base;
  /** The offset in the input where reading stops. */
  private final int end;
  /** The arrays of an input in chunks, one after the other; null for one array. */
  private final List<byte[]> chunks;
  /** The chunk to read after {@link #in}. */
  private int next;
  /** The offset in the input of chunk {@link #next}'s first byte. */
  private int nextStart;
  /** Where reading chunk {@link #next} starts: past what a stitched field took of it. */
  private int skip;
  private final IntFunction<Atom> atomCache;
  private final String where;
  /** Whether the input is ours for good, so that a big binary may be a slice of it. */
  private final boolean share;
  private CharsetDecoder utf8;

  /**
   * @param atomCache resolves ATOM_CACHE_REF indexes; null when there is no cache
   * @param where appended to error messages after the offset, e.g. " of the inflated data"
   * @param share whether the caller gave {@code in} up for good: then a binary that is at least
   *     {@link #SHARE_MIN} bytes and half the array is a slice of it, not a copy (at most twice its
   *     size is kept alive by it, as a sub-binary keeps its message in BEAM)
   */
  Cursor(byte[] in, int offset, int limit, IntFunction<Atom> atomCache, String where,
      boolean share) {
    this.in = in;
    this.share = share;
    this.pos = offset;
    this.limit = limit;
    this.end = limit;
    this.chunks = null;
    this.atomCache = atomCache;
    this.where = where;
  }

  /**
   * Reads the bytes of {@code chunks} one after the other, given up for good, from offset {@code
   * offset} to {@code end} of that sequence, which offsets count in. A field that straddles two
   * chunks is copied into an array of its own; a big binary across chunks is a run of slices of
   * them (see {@link Binary}), under the same rule as a slice of one array: the arrays it keeps
   * alive hold at most twice its size.
   */
  Cursor(List<byte[]> chunks, int offset, int end, IntFunction<Atom> atomCache, String where,
      boolean share) {
    this.chunks = chunks;
    this.end = end;
    this.share = share;
    this.atomCache = atomCache;
    this.where = where;
    this.in = new byte[0];
    // Skip to the chunk that holds the offset (an offset at a chunk's end starts the next one).
    while (next < chunks.size() && nextStart + chunks.get(next).length <= offset) {
      nextStart += chunks.get(next).length;
      next++;
    }
    if (next < chunks.size()) {
      skip = offset - nextStart;
      advance();
    } else {
      base = offset;
    }
  }

  /** Returns the offset in the input of the next byte to read. */
  int position() {
    return base + pos;
  }

  /** Moves back to {@code offset}, a position this cursor passed in the array it reads now. */
  void rewind(int offset) {
    if (offset < base) {
      throw new IllegalStateException("rewind to offset " + offset + " before " + base);
    }
    pos = offset - base;
  }

  int remaining() {
    return end - base - pos;
  }

  /** Moves to the next chunk, which must exist. */
  private void advance() {
    in = chunks.get(next);
    base = nextStart;
    pos = skip;
    limit = (int) Math.min(in.length, (long) end - base);
    nextStart += in.length;
    next++;
    skip = 0;
  }

  /**
   * Hands {@code run} the next {@code n} bytes where they are, one run per array they lie in, and
   * moves past them; {@code n} bytes must remain.
   */
  private void forEachRun(int n, Binary.Run<RuntimeException> run) {
    for (;;) {
      int k = Math.min(n, limit - pos);
      if (k > 0) {
        run.accept(in, pos, k);
        pos += k;
        n -= k;
      }
      if (n == 0) {
        return;
      }
      advance();
    }
  }

  /** Returns the total length of the arrays that hold the next {@code n} bytes (which remain). */
  private long arraysSpanned(int n) {
    long total = in.length;
    int left = n - (limit - pos);
    for (int i = next, from = skip; left > 0; i++, from = 0) {
      byte[] c = chunks.get(i);
      total += c.length;
      left -= c.length - from;
    }
    return total;
  }

  // ---- leaf terms (the tag already read, at offset {@code at})

  Int smallInt() {
    return SMALL_INTS[u8()];
  }

  Term big(long n, int at) {
    int sign = u8();
    if (sign > 1) {
      throw error("bignum sign byte " + sign + " at offset " + (position() - 1) + where
          + " is not 0 or 1", position() - 1);
    }
    if (n > MAX_BIG_BYTES) {
      throw error("bignum of " + n + " bytes at offset " + at + where + " is too large", at);
    }
    byte[] little = bytes(n, "bignum", at);
    byte[] magnitude = new byte[little.length];
    for (int i = 0; i < little.length; i++) {
      magnitude[i] = little[little.length - 1 - i];
    }
    return Terms.integer(new BigInteger(sign == 0 ? 1 : -1, magnitude));
  }

  FloatTerm newFloat(int at) {
    double d = Double.longBitsToDouble(s64());
    if (!Double.isFinite(d)) {
      throw error("float at offset " + at + where + " is " + d + ": Erlang floats are finite", at);
    }
    return new FloatTerm(d);
  }

  FloatTerm oldFloat(int at) {
    byte[] raw = bytes(31, "FLOAT_EXT", at);
    int end = 0;
    while (end < raw.length && raw[end] != 0) {
      end++;
    }
    String text = new String(raw, 0, end, StandardCharsets.ISO_8859_1).strip();
    if (!OLD_FLOAT.matcher(text).matches()) {
      String shown = PRINTABLE.matcher(text).matches() ? ": \"" + text + "\"" : "";
      throw error("FLOAT_EXT at offset " + at + where + " is not a float" + shown, at);
    }
    double d = Double.parseDouble(text);
    if (!Double.isFinite(d)) {
      throw error("FLOAT_EXT at offset " + at + where + " overflows: " + text, at);
    }
    return new FloatTerm(d);
  }

  Binary binary(int at) {
    long len = u32();
    if (share && len >= SHARE_MIN && len <= remaining()) {
      int n = (int) len;
      if (n <= limit - pos) {
        if (len * 2 >= in.length) {
          Binary b = Binary.slice(in, pos, n);
          pos += n;
          return b;
        }
      } else if (len * 2 >= arraysSpanned(n)) {
        List<Binary> slices = new ArrayList<>();
        forEachRun(n, (array, from, k) -> slices.add(Binary.slice(array, from, k)));
        return Binary.joined(slices);
      }
    }
    return Binary.wrap(bytes(len, "binary", at));
  }

  Term bitBinary(int at) {
    long len = u32();
    int bits = u8();
    byte[] data = bytes(len, "bit binary", at);
    if (len == 0) {
      if (bits != 0) {
        throw error("empty bit binary at offset " + at + where + " with " + bits + " tail bits",
            at);
      }
      return Binary.wrap(data);
    }
    if (bits < 1 || bits > 8) {
      throw error("bit binary at offset " + at + where + " has " + bits + " tail bits, not 1..8",
          at);
    }
    return bits == 8 ? Binary.wrap(data) : BitBinary.of(data, bits);
  }

  /** Reads STRING_EXT's length and bytes as integer elements. */
  List<Term> string(int at) {
    int len = u16();
    byte[] chars = bytes(len, "string", at);
    Term[] elements = new Term[len];
    for (int i = 0; i < len; i++) {
      elements[i] = SMALL_INTS[chars[i] & 0xFF];
    }
    return Arrays.asList(elements);
  }

  Ref ref(int tag, int at) {
    if (tag == Tag.REFERENCE_EXT) {
      Atom node = atom();
      int id = s32();
      return new Ref(node, u8(), new int[] {id});
    }
    int len = u16();
    if (len < 1 || len > 5) {
      throw error("reference at offset " + at + where + " has " + len + " id words, not 1..5",
          at);
    }
    Atom node = atom();
    int creation = tag == Tag.NEW_REFERENCE_EXT ? u8() : s32();
    int[] ids = new int[len];
    for (int i = 0; i < len; i++) {
      ids[i] = s32();
    }
    return new Ref(node, creation, ids);
  }

  PortId port(int tag) {
    Atom node = atom();
    return switch (tag) {
      case Tag.PORT_EXT -> new PortId(node, u32(), u8());
      case Tag.NEW_PORT_EXT -> new PortId(node, u32(), s32());
      default -> new PortId(node, s64(), s32());
    };
  }

  ExportFun exportFun(int at) {
    Atom module = atom();
    Atom function = atom();
    int arityAt = position();
    int tag = u8();
    if (tag != Tag.SMALL_INTEGER_EXT) {
      throw error("export fun at offset " + at + where + ": arity at offset " + arityAt
          + " is tag " + tag + ", not SMALL_INTEGER_EXT", arityAt);
    }
    return new ExportFun(module, function, u8());
  }

  // ---- tagged leaves inside other encodings (the tag not yet read)

  /** Reads an integer that must be SMALL_INTEGER_EXT or INTEGER_EXT. */
  Term smallInteger(String what) {
    int at = position();
    int tag = u8();
    return switch (tag) {
      case Tag.SMALL_INTEGER_EXT -> SMALL_INTS[u8()];
      case Tag.INTEGER_EXT -> new Int(s32());
      default -> throw error("expected an integer (" + what + ") at offset " + at + where
          + ", found tag " + tag, at);
    };
  }

  Atom atom() {
    int at = position();
    int tag = u8();
    return switch (tag) {
      case Tag.ATOM_EXT -> latin1Atom(u16(), at);
      case Tag.SMALL_ATOM_EXT -> latin1Atom(u8(), at);
      case Tag.ATOM_UTF8_EXT -> utf8Atom(u16(), at);
      case Tag.SMALL_ATOM_UTF8_EXT -> utf8Atom(u8(), at);
      case Tag.ATOM_CACHE_REF -> cachedAtom(u8(), at);
      default -> throw error("expected an atom at offset " + at + where + ", found tag " + tag,
          at);
    };
  }

  Pid pid() {
    int at = position();
    int tag = u8();
    if (tag != Tag.PID_EXT && tag != Tag.NEW_PID_EXT) {
      throw error("expected a pid at offset " + at + where + ", found tag " + tag, at);
    }
    Atom node = atom();
    int id = s32();
    int serial = s32();
    int creation = tag == Tag.PID_EXT ? u8() : s32();
    return new Pid(node, id, serial, creation);
  }

  private Atom latin1Atom(int len, int at) {
    if (len > 255) {
      throw error("atom of " + len + " characters at offset " + at + where + " exceeds 255", at);
    }
    need(len);
    Atom a = new Atom(new String(in, pos, len, StandardCharsets.ISO_8859_1));
    pos += len;
    return a;
  }

  private Atom utf8Atom(int len, int at) {
    need(len);
    if (utf8 == null) {
      utf8 = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
    String name;
    try {
      name = utf8.reset().decode(ByteBuffer.wrap(in, pos, len)).toString();
    } catch (CharacterCodingException e) {
      throw error("invalid UTF-8 in atom at offset " + at + where, at);
    }
    int count = name.codePointCount(0, name.length());
    if (count > 255) {
      throw error("atom of " + count + " characters at offset " + at + where + " exceeds 255",
          at);
    }
    pos += len;
    return new Atom(name);
  }

  private Atom cachedAtom(int index, int at) {
    if (atomCache == null) {
      throw error("ATOM_CACHE_REF (tag 82) at offset " + at + where
          + ": atom cache references occur only in distribution messages,"
          + " decode those with TermReader.withAtomCache", at);
    }
    Atom a = atomCache.apply(index);
    if (a == null) {
      throw error("atom cache reference " + index + " at offset " + at + where + " has no entry",
          at);
    }
    return a;
  }

  // ---- fields

  /** Fails unless {@code minBytes}, the least that {@code count} elements need, remain. */
  void checkCount(String what, long count, long minBytes, int at) {
    if (minBytes > remaining()) {
      throw error(what + " " + count + " at offset " + at + where + " exceeds remaining input "
          + remaining(), at);
    }
  }

  byte[] bytes(long len, String what, int at) {
    if (len > remaining()) {
      throw error(what + " length " + len + " at offset " + at + where
          + " exceeds remaining input " + remaining(), at);
    }
    int n = (int) len;
    if (n <= limit - pos) {
      byte[] b = Arrays.copyOfRange(in, pos, pos + n);
      pos += n;
      return b;
    }
    byte[] b = new byte[n];
    int[] at2 = {0};
    forEachRun(n, (array, from, k) -> {
      System.arraycopy(array, from, b, at2[0], k);
      at2[0] += k;
    });
    return b;
  }

  int peek() {
    need(1);
    return in[pos] & 0xFF;
  }

  int u8() {
    need(1);
    return in[pos++] & 0xFF;
  }

  int u16() {
    need(2);
    int v = ((in[pos] & 0xFF) << 8) | (in[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  int s32() {
    need(4);
    int v = ((in[pos] & 0xFF) << 24) | ((in[pos + 1] & 0xFF) << 16)
        | ((in[pos + 2] & 0xFF) << 8) | (in[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  long u32() {
    return Integer.toUnsignedLong(s32());
  }

  long s64() {
    need(8);
    long hi = Integer.toUnsignedLong(s32());
    return (hi << 32) | Integer.toUnsignedLong(s32());
  }

  private void need(int n) {
    if (limit - pos < n) {
      more(n);
    }
  }

  /**
   * Makes the next {@code n} bytes readable in {@link #in} at {@link #pos}, the array in hand
   * holding fewer: moves to the next chunk, or copies a field that straddles chunks into an array
   * of its own; fails if fewer remain in the input.
   */
  private void more(int n) {
    if (chunks == null || remaining() < n) {
      throw error("truncated: need " + n + " bytes at offset " + position() + where + ", have "
          + remaining(), position());
    }
    int have = limit - pos;
    if (have == 0 && chunks.get(next).length - skip >= n) {
      advance();
      return;
    }
    byte[] field = new byte[n];
    System.arraycopy(in, pos, field, 0, have);
    int at = have;
    while (at < n) {
      byte[] c = chunks.get(next);
      int k = Math.min(n - at, c.length - skip);
      System.arraycopy(c, skip, field, at, k);
      at += k;
      skip += k;
      if (skip == c.length) {
        nextStart += c.length;
        next++;
        skip = 0;
      }
    }
    base += pos;
    in = field;
    pos = 0;
    limit = n;
  }

  /** Returns the error for a problem at {@code at}; the message already names the offset. */
  TermDecodeException error(String message, int at) {
    return new TermDecodeException(message, at);
  }
}
