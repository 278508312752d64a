package dev.bridgekit.term;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * Throws malformed input at the decoder: it must decode or fail with a TermDecodeException, never
 * anything else, never allocating from a length it has not checked.
 */
class TermDecoderRobustnessTest {
  private static final int[] HUGE = {0xFF, 0x7F, 0x80, 0x00};
  private static final int[] INTERESTING = {0, 1, 0x7F, 0x80, 0xFF, 70, 77, 80, 82, 88, 97, 98, 104,
    105, 106, 107, 108, 109, 110, 111, 112, 113, 116, 118, 119, 120, 121, 131};

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** Decodes {@code input}; returns the term, or null after a proper TermDecodeException. */
  private static Term decodeOrReject(byte[] input) {
    try {
      return ExternalFormat.decode(input);
    } catch (TermDecodeException e) {
      assertNull(e.getCause(),
          () -> "decoder bug on " + HexFormat.of().formatHex(input) + ": " + e);
      assertTrue(e.offset() >= 0, e::getMessage);
      return null;
    } catch (Throwable t) {
      return fail("not a TermDecodeException on " + HexFormat.of().formatHex(input), t);
    }
  }

  private static TermDecodeException rejected(byte[] input) {
    TermDecodeException e =
        assertThrows(TermDecodeException.class, () -> ExternalFormat.decode(input));
    assertNull(e.getCause(), e::toString);
    return e;
  }

  /** Returns the bytes this thread allocated while running {@code r}. */
  private static long allocatedBy(Runnable r) {
    try {
      // Reflection: the tests compile inside module dev.bridgekit.runtime, which does not read
      // java.management; they run on the class path, where everything is readable.
      Object bean = Class.forName("java.lang.management.ManagementFactory")
          .getMethod("getThreadMXBean").invoke(null);
      Method allocated = Class.forName("com.sun.management.ThreadMXBean")
          .getMethod("getCurrentThreadAllocatedBytes");
      long before = (long) allocated.invoke(bean);
      r.run();
      return (long) allocated.invoke(bean) - before;
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot measure allocation", e);
    }
  }

  private static List<byte[]> corpus(RandomTerms gen) {
    List<byte[]> corpus = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      Term t = gen.term(3);
      corpus.add(i % 10 == 0 ? ExternalFormat.encode(t, 6) : ExternalFormat.encode(t));
    }
    return corpus;
  }

  private static byte[] mutate(byte[] in, Random r) {
    byte[] b = in;
    int rounds = 1 + r.nextInt(3);
    for (int k = 0; k < rounds && b.length > 1; k++) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(7)) {
        case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b[at] = (byte) r.nextInt(256);
        case 2 -> b[at] = (byte) INTERESTING[r.nextInt(INTERESTING.length)];
        case 3 -> b = Arrays.copyOf(b, at);
        case 4 -> {
          byte[] len = bytes(HUGE[r.nextInt(4)], r.nextInt(256), r.nextInt(256), r.nextInt(256));
          int resume = r.nextBoolean() ? at : Math.min(b.length, at + 4); // insert or overwrite
          b = concat(Arrays.copyOf(b, at), len, Arrays.copyOfRange(b, resume, b.length));
        }
        case 5 -> {
          int from = r.nextInt(b.length);
          int to = Math.min(b.length, from + r.nextInt(32));
          b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, from, to),
              Arrays.copyOfRange(b, at, b.length));
        }
        default -> {
          int to = Math.min(b.length, at + 1 + r.nextInt(16));
          b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, to, b.length));
        }
      }
    }
    return b;
  }

  @Test
  void mutatedAndRandomInputOnlyEverFailsWithTermDecodeException() {
    RandomTerms gen = new RandomTerms(7);
    Random r = gen.random();
    List<byte[]> corpus = corpus(gen);
    int decoded = 0;
    for (int i = 0; i < 100_000; i++) {
      byte[] input;
      if (i % 5 == 0) {
        input = gen.bytes(r.nextInt(64));
        if (input.length > 0 && r.nextInt(4) != 0) {
          input[0] = (byte) 131;
        }
      } else {
        input = mutate(corpus.get(r.nextInt(corpus.size())).clone(), r);
      }
      Term t = decodeOrReject(input);
      if (t != null) {
        decoded++;
        // Whatever decodes is a well-formed term: it encodes and comes back equal.
        assertEquals(t, ExternalFormat.decode(ExternalFormat.encode(t)));
      }
    }
    assertTrue(decoded > 1_000, "only " + decoded + " inputs decoded; the mutations are too blunt");
  }

  @Test
  void everyTruncationOfAValidEncodingIsRejected() {
    RandomTerms gen = new RandomTerms(11);
    List<Term> terms = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      terms.add(gen.term(3));
    }
    byte[] full = ExternalFormat.encode(new Tuple(terms));
    for (int len = 0; len < full.length; len++) {
      TermDecodeException e = rejected(Arrays.copyOf(full, len));
      assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("exceeds"),
          e::getMessage);
    }
    byte[] compressed = ExternalFormat.encode(Binary.of(new byte[2000]), 6);
    for (int len = 0; len < compressed.length; len++) {
      rejected(Arrays.copyOf(compressed, len));
    }
  }

  @Test
  void lengthsBeyondTheInputAreRejectedWithoutAllocating() {
    List<byte[]> liars = List.of(
        bytes(131, 109, 0x80, 0, 0, 0, 1, 2, 3, 4), // BINARY_EXT of 2 GiB
        bytes(131, 109, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4),
        bytes(131, 77, 0x7F, 0xFF, 0xFF, 0xFF, 3, 1),
        bytes(131, 108, 0x7F, 0xFF, 0xFF, 0xFF, 106),
        bytes(131, 105, 0xFF, 0xFF, 0xFF, 0xFF, 106, 106),
        bytes(131, 116, 0x7F, 0xFF, 0xFF, 0xFF, 106, 106),
        bytes(131, 107, 0xFF, 0xFF, 1, 2),
        bytes(131, 111, 0x7F, 0xFF, 0xFF, 0xFF, 0, 1),
        bytes(131, 118, 0xFF, 0xFF, 97),
        bytes(131, 90, 0, 3, 100, 0, 1, 97, 0, 0, 0, 1, 0, 0, 0, 1),
        bytes(131, 112, 0x7F, 0xFF, 0xFF, 0xFF, 0));
    for (byte[] liar : liars) {
      long allocated = allocatedBy(() -> rejected(liar));
      assertTrue(allocated < 256 * 1024,
          HexFormat.of().formatHex(liar) + " allocated " + allocated);
    }
    TermDecodeException e = rejected(liars.get(0));
    assertEquals("binary length 2147483648 at offset 1 exceeds remaining input 4", e.getMessage());
    assertEquals(1, e.offset());
  }

  @Test
  void unknownTagsAreRejectedWithTheirOffset() {
    Set<Integer> known = Set.of(70, 77, 80, 82, 88, 89, 90, 97, 98, 99, 100, 101, 102, 103, 104,
        105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 118, 119, 120, 121, 131);
    for (int tag = 0; tag < 256; tag++) {
      if (known.contains(tag)) {
        continue;
      }
      TermDecodeException e = rejected(bytes(131, 104, 2, 106, tag, 0, 0, 0, 0));
      assertEquals("unknown tag " + tag + " at offset 4", e.getMessage());
      assertEquals(4, e.offset());
    }
  }

  @Test
  void tagsThatNeedAnotherContextAreRejectedClearly() {
    assertTrue(rejected(bytes(131, 121, 0)).getMessage().contains("LOCAL_EXT"));
    assertTrue(rejected(bytes(131, 82, 0)).getMessage().contains("ATOM_CACHE_REF"));
    assertTrue(rejected(bytes(131, 104, 1, 80, 0, 0, 0, 0)).getMessage().contains("COMPRESSED"));
    assertTrue(rejected(bytes(131, 104, 1, 131, 106)).getMessage().contains("version byte"));
    assertEquals("version byte at offset 0 is 130, not 131",
        rejected(bytes(130, 106)).getMessage());
    assertEquals("truncated: need 1 bytes at offset 0, have 0", rejected(new byte[0]).getMessage());
    assertEquals("1 bytes left over after the term at offset 2",
        rejected(bytes(131, 106, 0)).getMessage());
  }

  @Test
  void malformedValuesAreRejected() {
    List<byte[]> bad = List.of(
        bytes(131, 118, 0, 2, 0xC3, 0x28), // invalid UTF-8
        bytes(131, 119, 2, 0xC0, 0x80), // overlong NUL
        bytes(131, 119, 3, 0xED, 0xA0, 0x80), // an encoded surrogate
        concat(bytes(131, 118, 1, 0), "a".repeat(256).getBytes()), // 256 characters
        concat(bytes(131, 100, 1, 0), "a".repeat(256).getBytes()),
        bytes(131, 70, 0x7F, 0xF8, 0, 0, 0, 0, 0, 0), // NaN
        bytes(131, 70, 0x7F, 0xF0, 0, 0, 0, 0, 0, 0), // infinity
        concat(bytes(131, 99), Arrays.copyOf("NaN".getBytes(), 31)),
        concat(bytes(131, 99), Arrays.copyOf("0x1p3".getBytes(), 31)),
        concat(bytes(131, 99), Arrays.copyOf("1.0e999".getBytes(), 31)),
        bytes(131, 116, 0, 0, 0, 2, 97, 1, 97, 1, 97, 1, 97, 2), // duplicate key
        bytes(131, 77, 0, 0, 0, 1, 0, 255), // 0 tail bits
        bytes(131, 77, 0, 0, 0, 1, 9, 255),
        bytes(131, 77, 0, 0, 0, 0, 3),
        bytes(131, 90, 0, 0, 100, 0, 1, 97, 0, 0, 0, 1), // no id words
        bytes(131, 90, 0, 6, 100, 0, 1, 97, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0,
            0, 1, 0, 0, 0, 1, 0, 0, 0, 1),
        bytes(131, 113, 100, 0, 1, 109, 100, 0, 1, 102, 98, 0, 0, 0, 1), // arity not small
        bytes(131, 113, 97, 1, 100, 0, 1, 102, 97, 1), // module not an atom
        bytes(131, 110, 1, 2, 5), // sign byte 2
        bytes(131, 88, 97, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1)); // pid node not an atom
    for (byte[] b : bad) {
      rejected(b);
    }
  }

  @Test
  void aFunWhoseSizeDisagreesWithItsContentIsRejected() {
    LocalFun f = new LocalFun(1, new byte[16], 3, Atom.of("m"), new Int(0), new Int(1),
        new Pid(Atom.NONODE, 1, 0, 0), List.of(Atom.OK));
    byte[] good = ExternalFormat.encode(f);
    assertEquals(f, ExternalFormat.decode(good));
    byte[] bad = good.clone();
    bad[5]--;
    String message = rejected(bad).getMessage();
    assertTrue(message.contains("declares its end"), message);
  }

  /** One million nested levels of {@code open}, then {@code middle}, then {@code close}. */
  private static byte[] nested(byte[] open, byte[] middle, byte[] close) {
    int n = 1_000_000;
    byte[] b = new byte[1 + n * (open.length + close.length) + middle.length];
    b[0] = (byte) 131;
    int at = 1;
    for (int i = 0; i < n; i++, at += open.length) {
      System.arraycopy(open, 0, b, at, open.length);
    }
    System.arraycopy(middle, 0, b, at, middle.length);
    at += middle.length;
    for (int i = 0; i < n; i++, at += close.length) {
      System.arraycopy(close, 0, b, at, close.length);
    }
    return b;
  }

  @Test
  void aMillionNestedTuplesDecodeWithoutRecursion() {
    byte[] input = nested(bytes(104, 1), bytes(106), new byte[0]);
    Term t = ExternalFormat.decode(input);
    for (int i = 0; i < 1_000_000; i++) {
      t = ((Tuple) t).get(0);
    }
    assertEquals(ListTerm.NIL, t);
    assertTrue(Arrays.equals(input, ExternalFormat.encode(ExternalFormat.decode(input))));
  }

  @Test
  void aMillionNestedListHeadsDecodeWithoutRecursion() {
    byte[] input = nested(bytes(108, 0, 0, 0, 1), bytes(106), bytes(106));
    Term t = ExternalFormat.decode(input);
    for (int i = 0; i < 1_000_000; i++) {
      t = ((ListTerm) t).elements().get(0);
    }
    assertEquals(ListTerm.NIL, t);
    assertTrue(Arrays.equals(input, ExternalFormat.encode(ExternalFormat.decode(input))));
  }

  @Test
  void aMillionChainedListTailsDecodeToOneFlatListInLinearTime() {
    byte[] input = nested(bytes(108, 0, 0, 0, 1, 97, 7), bytes(100, 0, 1, 120), new byte[0]);
    ListTerm l = (ListTerm) ExternalFormat.decode(input);
    assertEquals(1_000_000, l.size());
    assertEquals(Atom.of("x"), l.tail());
  }

  @Test
  void aMillionLevelMapKeyFailsTypedOrDecodes() {
    byte[] key = nested(bytes(104, 1), bytes(106), new byte[0]);
    byte[] input = concat(bytes(131, 116, 0, 0, 0, 1), Arrays.copyOfRange(key, 1, key.length),
        bytes(97, 1));
    Supplier<Term> decode = () -> ExternalFormat.decode(input);
    try {
      assertEquals(1, ((MapTerm) decode.get()).size());
    } catch (TermDecodeException e) {
      assertTrue(e.getMessage().contains("nested too deeply"), e.getMessage());
    }
  }

  private static byte[] zlib(byte[] data) {
    Deflater d = new Deflater(9);
    d.setInput(data);
    d.finish();
    byte[] out = new byte[data.length / 100 + 1024];
    int n = d.deflate(out);
    assertTrue(d.finished());
    d.end();
    return Arrays.copyOf(out, n);
  }

  private static byte[] compressedTerm(int declared, byte[] zlib) {
    return concat(bytes(131, 80, declared >>> 24, (declared >>> 16) & 0xFF, (declared >>> 8) & 0xFF,
        declared & 0xFF), zlib);
  }

  @Test
  void compressionBombsAreRejectedWithoutInflatingThem() {
    // A binary of 50 MB of zeros deflates to about 50 kB.
    byte[] body = new byte[50_000_005];
    body[0] = 109;
    body[1] = (byte) (50_000_000 >>> 24);
    body[2] = (byte) (50_000_000 >>> 16);
    body[3] = (byte) (50_000_000 >>> 8);
    body[4] = (byte) 50_000_000;
    byte[] deflated = zlib(body);
    byte[] bomb = compressedTerm(body.length, deflated);
    TermReader small = TermReader.standard().withMaxInflatedSize(1 << 20);
    long allocated = allocatedBy(() -> assertThrows(TermDecodeException.class,
        () -> small.readVersioned(bomb, 0, bomb.length)));
    assertTrue(allocated < 1 << 20, "allocated " + allocated);
    // Declared within the limit but inflating far beyond it: stops at the declared size.
    byte[] liar = compressedTerm(1 << 20, deflated);
    long inflatedBytes = allocatedBy(() -> {
      TermDecodeException e = rejected(liar);
      assertTrue(e.getMessage().contains("more than its declared"), e.getMessage());
    });
    assertTrue(inflatedBytes < 4 << 20, "allocated " + inflatedBytes);

    byte[] tiny = zlib(bytes(106));
    TermDecodeException huge = rejected(compressedTerm(Integer.MAX_VALUE, tiny));
    assertTrue(huge.getMessage().contains("more than the limit"), huge.getMessage());
    TermDecodeException ratio = rejected(compressedTerm(60 << 20, tiny));
    assertTrue(ratio.getMessage().contains("cannot hold"), ratio.getMessage());
    TermDecodeException longer = rejected(compressedTerm(1000, zlib(new byte[5000])));
    assertTrue(longer.getMessage().contains("more than its declared"), longer.getMessage());
    TermDecodeException shorter = rejected(compressedTerm(5000, zlib(bytes(106))));
    assertTrue(shorter.getMessage().contains("inflates to 1 bytes"), shorter.getMessage());
    rejected(compressedTerm(1, bytes(1, 2, 3, 4, 5, 6)));
    rejected(concat(compressedTerm(1, tiny), bytes(0)));
    rejected(compressedTerm(2, zlib(bytes(106, 106))));
  }

  @Test
  void aLargeCompressedTermWithinTheLimitInflates() {
    Term big = Binary.of(new byte[10_000_000]);
    byte[] compressed = ExternalFormat.encode(big, 6);
    assertTrue(compressed.length < 100_000, "length " + compressed.length);
    assertEquals(big, ExternalFormat.decode(compressed));
  }
}
