package dev.bridgekit.term;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks the codec without erl: exact bytes of known encodings, options, and round trips. */
class ExternalFormatTest {
  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  @Test
  void encodesAsOtp25TermToBinaryDoes() {
    // Bytes printed by erl 25 for term_to_binary of the same terms.
    assertArrayEquals(bytes(131, 100, 0, 3, 97, 98, 99), ExternalFormat.encode(Atom.of("abc")));
    assertArrayEquals(bytes(131, 119, 4, 206, 187, 206, 187),
        ExternalFormat.encode(Atom.of("λλ")));
    assertArrayEquals(bytes(131, 98, 255, 255, 255, 255), ExternalFormat.encode(new Int(-1)));
    assertArrayEquals(bytes(131, 110, 4, 0, 0, 0, 0, 128),
        ExternalFormat.encode(new Int(1L << 31)));
    assertArrayEquals(bytes(131, 70, 63, 248, 0, 0, 0, 0, 0, 0),
        ExternalFormat.encode(new FloatTerm(1.5)));
    assertArrayEquals(bytes(131, 107, 0, 3, 97, 98, 99),
        ExternalFormat.encode(Terms.charlist("abc")));
    assertArrayEquals(bytes(131, 108, 0, 0, 0, 1, 98, 0, 0, 3, 232, 106),
        ExternalFormat.encode(ListTerm.of(new Int(1000))));
    assertArrayEquals(bytes(131, 77, 0, 0, 0, 1, 3, 32),
        ExternalFormat.encode(BitBinary.of(bytes(0x20), 3)));
    assertArrayEquals(bytes(131, 88, 100, 0, 3, 97, 64, 98, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3),
        ExternalFormat.encode(new Pid(Atom.of("a@b"), 1, 2, 3)));
    assertArrayEquals(bytes(131, 120, 100, 0, 3, 97, 64, 98, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1),
        ExternalFormat.encode(new PortId(Atom.of("a@b"), 1L << 32, 1)));
  }

  @Test
  void utf8AtomWriterUsesTheUtf8AtomTags() {
    TermWriter writer = TermWriter.standard().withUtf8Atoms();
    assertArrayEquals(bytes(131, 119, 3, 97, 98, 99), writer.encode(Atom.of("abc")));
    byte[] long300 = writer.encode(Atom.of("λ".repeat(150)));
    assertEquals(Tag.ATOM_UTF8_EXT, long300[1] & 0xFF);
    assertEquals(Atom.of("λ".repeat(150)), ExternalFormat.decode(long300));
  }

  @Test
  void nonFiniteFloatsAreRejectedAtEncode() {
    for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ExternalFormat.encode(Tuple.of(Atom.OK, new FloatTerm(d))));
      assertTrue(e.getMessage().contains("finite"), e.getMessage());
    }
  }

  @Test
  void compressionLevelMustBeZeroToNine() {
    assertThrows(IllegalArgumentException.class, () -> ExternalFormat.encode(Atom.OK, 10));
    assertThrows(IllegalArgumentException.class, () -> ExternalFormat.encode(Atom.OK, -1));
    assertArrayEquals(ExternalFormat.encode(Atom.OK), ExternalFormat.encode(Atom.OK, 0));
  }

  @Test
  void compressesOnlyWhenThatMakesTheTermSmaller() {
    Term repetitive = Binary.of(new byte[10_000]);
    byte[] compressed = ExternalFormat.encode(repetitive, 6);
    assertEquals(Tag.COMPRESSED, compressed[1] & 0xFF);
    assertTrue(compressed.length < 100, "length " + compressed.length);
    assertEquals(repetitive, ExternalFormat.decode(compressed));
    assertArrayEquals(ExternalFormat.encode(Atom.OK), ExternalFormat.encode(Atom.OK, 9));
  }

  @Test
  void randomTermsSurviveARoundTrip() {
    RandomTerms gen = new RandomTerms(42);
    for (int i = 0; i < 3_000; i++) {
      Term t = gen.term(4);
      byte[] encoded = ExternalFormat.encode(t, i % 3 == 0 ? 6 : 0);
      assertEquals(t, ExternalFormat.decode(encoded), "term " + i);
      byte[] utf8 = TermWriter.standard().withUtf8Atoms().encode(t);
      assertEquals(t, ExternalFormat.decode(utf8), "term " + i);
    }
  }

  @Test
  void writerAndReaderHandleBareTermsInsideLargerData() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(7);
    TermWriter.standard().write(Tuple.of(Atom.OK, new Int(1)), out);
    int split = out.size();
    out.write(131);
    TermWriter.standard().write(Binary.of("payload"), out);
    out.write(9);
    byte[] data = out.toByteArray();

    TermReader.Decoded first = TermReader.standard().read(data, 1, data.length);
    assertEquals(Tuple.of(Atom.OK, new Int(1)), first.term());
    assertEquals(split, first.end());
    TermReader.Decoded second = TermReader.standard().readVersioned(data, first.end(), data.length);
    assertEquals(Binary.of("payload"), second.term());
    assertEquals(data.length - 1, second.end());
    assertThrows(TermDecodeException.class,
        () -> ExternalFormat.decode(data, first.end(), data.length - first.end()));
    assertEquals(Binary.of("payload"),
        ExternalFormat.decode(data, first.end(), data.length - first.end() - 1));
  }

  @Test
  void readVersionedReportsTheEndOfACompressedTerm() {
    byte[] compressed = ExternalFormat.encode(Binary.of(new byte[5000]), 6);
    byte[] framed = new byte[compressed.length + 2];
    System.arraycopy(compressed, 0, framed, 1, compressed.length);
    TermReader.Decoded d = TermReader.standard().readVersioned(framed, 1, framed.length);
    assertEquals(compressed.length + 1, d.end());
    assertEquals(Binary.of(new byte[5000]), d.term());
  }

  @Test
  void atomCacheReferencesResolveThroughTheGivenCache() {
    byte[] data = bytes(104, 2, 82, 0, 82, 1);
    TermDecodeException e = assertThrows(TermDecodeException.class,
        () -> TermReader.standard().read(data, 0, data.length));
    assertTrue(e.getMessage().contains("ATOM_CACHE_REF"), e.getMessage());
    assertEquals(2, e.offset());

    List<Atom> cache = List.of(Atom.of("send"), Atom.of("reg"));
    TermReader reader =
        TermReader.standard().withAtomCache(i -> i < cache.size() ? cache.get(i) : null);
    assertEquals(Tuple.of(Atom.of("send"), Atom.of("reg")),
        reader.read(data, 0, data.length).term());
    byte[] missing = bytes(82, 7);
    assertThrows(TermDecodeException.class, () -> reader.read(missing, 0, 2));
  }

  @Test
  void decodedMapsKeepTheirWireOrderSoReencodingIsExact() {
    // #{b => 1, a => 2} written b first, which erl never does for a small map but must accept.
    byte[] wire = bytes(131, 116, 0, 0, 0, 2, 100, 0, 1, 98, 97, 1, 100, 0, 1, 97, 97, 2);
    MapTerm m = assertInstanceOf(MapTerm.class, ExternalFormat.decode(wire));
    assertEquals(List.of(Atom.of("b"), Atom.of("a")), new ArrayList<>(m.entries().keySet()));
    assertArrayEquals(wire, ExternalFormat.encode(m));
    assertEquals(new MapTerm(Map.of(Atom.of("a"), new Int(2), Atom.of("b"), new Int(1))), m);
  }

  @Test
  void millionLevelTermsBuiltInJavaEncodeAndDecode() {
    Term t = ListTerm.NIL;
    for (int i = 0; i < 1_000_000; i++) {
      t = i % 2 == 0 ? Tuple.of(t) : ListTerm.of(t, new Int(i));
    }
    byte[] encoded = ExternalFormat.encode(t);
    Term back = ExternalFormat.decode(encoded);
    for (int i = 999_999; i >= 0; i--) {
      back = i % 2 == 0 ? ((Tuple) back).get(0) : ((ListTerm) back).elements().get(0);
    }
    assertEquals(ListTerm.NIL, back);
    assertArrayEquals(encoded, ExternalFormat.encode(ExternalFormat.decode(encoded)));
  }

  @Test
  void bignumsUseSmallBigUpTo255BytesAndLargeBigBeyond() {
    BigInteger max255 = BigInteger.ONE.shiftLeft(255 * 8).subtract(BigInteger.ONE);
    byte[] small = ExternalFormat.encode(Terms.integer(max255));
    assertEquals(Tag.SMALL_BIG_EXT, small[1] & 0xFF);
    assertEquals(255, small[2] & 0xFF);
    byte[] large = ExternalFormat.encode(Terms.integer(max255.add(BigInteger.ONE).negate()));
    assertEquals(Tag.LARGE_BIG_EXT, large[1] & 0xFF);
    assertEquals(1, large[6]);
    assertEquals(Terms.integer(max255.add(BigInteger.ONE).negate()), ExternalFormat.decode(large));
    assertEquals(new Int(Long.MIN_VALUE),
        ExternalFormat.decode(ExternalFormat.encode(new Int(Long.MIN_VALUE))));
  }
}
