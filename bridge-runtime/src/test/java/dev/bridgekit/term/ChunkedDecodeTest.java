package dev.bridgekit.term;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.term.internal.TermBytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Decoding from the arrays a fragmented distribution message arrived in ({@link TermBytes#read})
 * gives what decoding the same bytes from one array gives: the same terms, the same end, and for
 * bad input the same error at the same offset, wherever the chunks are cut; a big binary across
 * chunks stays in them and behaves as a copy of its bytes.
 */
class ChunkedDecodeTest {
  private static final TermReader READER = TermReader.standard();

  /** Cuts {@code bytes} at the given offsets (ascending), keeping empty pieces. */
  private static List<byte[]> cut(byte[] bytes, int... at) {
    List<byte[]> chunks = new ArrayList<>();
    int from = 0;
    for (int a : at) {
      chunks.add(Arrays.copyOfRange(bytes, from, a));
      from = a;
    }
    chunks.add(Arrays.copyOfRange(bytes, from, bytes.length));
    return chunks;
  }

  /** Cuts {@code bytes} at {@code n} random offsets, some of them twice (empty chunks). */
  private static List<byte[]> randomCut(byte[] bytes, int n, Random random) {
    int[] at = new int[n];
    for (int i = 0; i < n; i++) {
      at[i] = random.nextInt(bytes.length + 1);
    }
    Arrays.sort(at);
    return cut(bytes, at);
  }

  private static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    return b;
  }

  @Test
  void everyTermDecodesTheSameWhereverItsBytesAreCut() {
    RandomTerms terms = new RandomTerms(20261207);
    for (int i = 0; i < 300; i++) {
      Term t = terms.term(3);
      byte[] bytes = ExternalFormat.encode(t);
      TermReader.Decoded flat = READER.read(bytes, 1, bytes.length);
      if (bytes.length < 200) {
        for (int at = 0; at <= bytes.length; at++) {
          TermReader.Decoded chunked = TermBytes.read(READER, cut(bytes, at), 1, bytes.length);
          assertEquals(flat, chunked, "cut at " + at + " of " + t);
        }
      }
      for (int k = 0; k < 20; k++) {
        List<byte[]> chunks = randomCut(bytes, 1 + terms.random().nextInt(12), terms.random());
        assertEquals(flat, TermBytes.read(READER, chunks, 1, bytes.length), t.toString());
      }
    }
  }

  @Test
  void badInputFailsWithTheSameErrorWhereverItIsCut() {
    RandomTerms terms = new RandomTerms(7);
    Random random = new Random(11);
    int failures = 0;
    for (int i = 0; i < 200; i++) {
      byte[] bytes = ExternalFormat.encode(terms.term(2));
      // A truncated or corrupted term: most fail to decode.
      byte[] bad = random.nextBoolean()
          ? Arrays.copyOf(bytes, random.nextInt(1, bytes.length))
          : corrupt(bytes, random);
      String flat = errorOf(() -> READER.read(bad, 1, bad.length));
      for (int k = 0; k < 10; k++) {
        List<byte[]> chunks = randomCut(bad, 1 + random.nextInt(6), random);
        String chunked = errorOf(() -> TermBytes.read(READER, chunks, 1, bad.length));
        assertEquals(flat, chunked);
      }
      if (flat.startsWith("error")) {
        failures++;
      }
    }
    assertTrue(failures > 50, "most bad inputs fail: " + failures);
  }

  private static byte[] corrupt(byte[] bytes, Random random) {
    byte[] b = bytes.clone();
    b[random.nextInt(1, b.length)] = (byte) random.nextInt(256);
    return b;
  }

  /** Returns the decoded term and end, or the error's message and offset. */
  private static String errorOf(java.util.function.Supplier<TermReader.Decoded> decode) {
    try {
      return "ok " + decode.get();
    } catch (TermDecodeException e) {
      return "error at " + e.offset() + ": " + e.getMessage();
    }
  }

  @Test
  void aBigBinaryAcrossChunksStaysInThemAndActsAsACopy() {
    byte[] data = pattern(100_000);
    byte[] bytes = ExternalFormat.encode(Tuple.of(Atom.of("data"), Binary.of(data), Atom.of("x")));
    List<byte[]> chunks = cut(bytes, 30_000, 60_000, 60_000, 90_000);
    Tuple t = (Tuple) TermBytes.read(READER, chunks, 1, bytes.length).term();
    Binary b = (Binary) t.get(1);
    Binary copy = Binary.of(data);
    assertEquals(Atom.of("x"), t.get(2));

    List<TermBytes.Run> runs = TermBytes.runs(b);
    assertEquals(4, runs.size(), "one run per non-empty chunk it spans: " + runs);
    for (TermBytes.Run run : runs) {
      assertTrue(chunks.stream().anyMatch(c -> c == run.array()), "a slice of a chunk");
    }
    assertEquals(copy, b);
    assertEquals(b, copy);
    assertEquals(copy.hashCode(), b.hashCode());
    assertEquals(copy.toString(), b.toString());
    assertEquals(copy.utf8(), b.utf8());
    assertArrayEquals(data, b.bytes());
    assertEquals(data.length, b.size());
    for (int i : new int[] {0, 1, 29_990, 29_991, 59_990, 59_991, 89_990, 99_999}) {
      assertEquals(data[i], b.byteAt(i), "byte " + i);
    }
    assertThrows(IndexOutOfBoundsException.class, () -> b.byteAt(data.length));
    assertThrows(IndexOutOfBoundsException.class, () -> b.byteAt(-1));
    assertArrayEquals(ExternalFormat.encode(copy), ExternalFormat.encode(b));
    assertEquals(Binary.of(pattern(100_001)).equals(b), false);
  }

  @Test
  void binariesInChunksCompareByTheirBytesHoweverTheyAreCut() {
    byte[] data = pattern(50_000);
    byte[] bytes = ExternalFormat.encode(Binary.of(data));
    Binary a = (Binary) TermBytes.read(READER, cut(bytes, 10_000, 20_000), 1, bytes.length).term();
    Binary b = (Binary) TermBytes.read(READER, cut(bytes, 15_000, 35_000), 1, bytes.length).term();
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    byte[] other = bytes.clone();
    other[other.length - 1] ^= 1;
    Binary c = (Binary) TermBytes.read(READER, cut(other, 15_000, 35_000), 1, bytes.length).term();
    assertTrue(!a.equals(c) && !c.equals(a), "the last byte differs");
  }

  @Test
  void aSmallBinaryAcrossChunksIsCopiedOut() {
    byte[] data = pattern(5000);
    byte[] bytes = ExternalFormat.encode(Binary.of(data));
    // 5000 bytes keeping two arrays of 60000 alive: copied, so that it holds only its own.
    byte[] padded = Arrays.copyOf(bytes, 120_000);
    List<byte[]> chunks = cut(padded, 3000, 63_000);
    Binary b = (Binary) TermBytes.read(READER, chunks, 1, bytes.length).term();
    List<TermBytes.Run> runs = TermBytes.runs(b);
    assertEquals(1, runs.size());
    assertTrue(chunks.stream().noneMatch(c -> c == runs.get(0).array()), "a copy");
    assertEquals(Binary.of(data), b);
  }

  @Test
  void decodingStartsAndEndsAtTheGivenOffsetsOfTheWhole() {
    byte[] one = ExternalFormat.encode(Atom.of("first"));
    byte[] two = ExternalFormat.encode(Tuple.of(new Int(1), Binary.of("two")));
    byte[] both = new byte[one.length + two.length];
    System.arraycopy(one, 0, both, 0, one.length);
    System.arraycopy(two, 0, both, one.length, two.length);
    for (int at = 0; at <= both.length; at++) {
      List<byte[]> chunks = cut(both, at);
      TermReader.Decoded first = TermBytes.read(READER, chunks, 1, both.length);
      assertEquals(new TermReader.Decoded(Atom.of("first"), one.length), first);
      TermReader.Decoded second = TermBytes.read(READER, chunks, one.length + 1, both.length);
      assertEquals(new TermReader.Decoded(Tuple.of(new Int(1), Binary.of("two")), both.length),
          second);
    }
    assertThrows(IndexOutOfBoundsException.class,
        () -> TermBytes.read(READER, cut(both, 3), 1, both.length + 1));
  }

  @Test
  void oneSliceJoinedIsThatSlice() {
    Binary s = Binary.slice(pattern(10), 2, 5);
    assertSame(s, Binary.joined(List.of(Binary.slice(new byte[3], 0, 0), s)));
    assertEquals(Binary.of(new byte[0]), Binary.joined(List.of()));
  }
}
