package dev.bridgekit.term;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bridgekit.term.internal.TermBytes;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A binary that is a slice of a bigger array (what a reader that shares its input gives for a big
 * binary) behaves exactly as a binary holding its own copy of the bytes; a reader that does not
 * share never keeps the caller's array.
 */
class BinarySliceTest {
  private static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 7 + 3);
    }
    return b;
  }

  @Test
  void aSliceEqualsHashesAndPrintsAsACopyOfItsBytes() {
    byte[] all = pattern(100);
    Binary slice = Binary.slice(all, 10, 70);
    Binary copy = Binary.of(Arrays.copyOfRange(all, 10, 80));
    assertEquals(copy, slice);
    assertEquals(slice, copy);
    assertEquals(copy.hashCode(), slice.hashCode());
    assertEquals(copy.toString(), slice.toString());
    assertEquals(copy.utf8(), slice.utf8());
    assertArrayEquals(copy.bytes(), slice.bytes());
    assertEquals(70, slice.size());
    assertEquals(all[10], slice.byteAt(0));
    assertEquals(all[79], slice.byteAt(69));
    assertThrows(IndexOutOfBoundsException.class, () -> slice.byteAt(70));
    assertThrows(IndexOutOfBoundsException.class, () -> slice.byteAt(-1));
    assertArrayEquals(ExternalFormat.encode(copy), ExternalFormat.encode(slice));
  }

  @Test
  void bytesOfASliceAreACopy() {
    Binary slice = Binary.slice(pattern(10), 2, 5);
    byte[] out = slice.bytes();
    out[0] = 99;
    assertEquals(Binary.of(Arrays.copyOfRange(pattern(10), 2, 7)), slice);
  }

  @Test
  void aSharingReaderLeavesABigBinaryInItsInput() {
    Binary big = Binary.of(pattern(1 << 16));
    byte[] encoded = ExternalFormat.encode(Tuple.of(Atom.of("data"), big));
    Term shared = TermBytes.sharing(TermReader.standard())
        .readVersioned(encoded, 0, encoded.length).term();
    Binary b = (Binary) ((Tuple) shared).elements().get(1);
    assertEquals(big, b);
    TermBytes.Run run = TermBytes.runs(b).get(0);
    assertSame(encoded, run.array(), "a slice of the input, not a copy");
    assertEquals(encoded.length - big.size(), run.offset());
  }

  @Test
  void aSharingReaderCopiesSmallBinaries() {
    byte[] encoded = ExternalFormat.encode(Tuple.of(Binary.of(pattern(100)),
        Binary.of(pattern(1 << 13)), Binary.of(pattern(1 << 13))));
    Tuple t = (Tuple) TermBytes.sharing(TermReader.standard())
        .readVersioned(encoded, 0, encoded.length).term();
    for (Term e : t.elements()) {
      assertNotSame(encoded, TermBytes.runs((Binary) e).get(0).array(),
          "less than half the input: copied");
    }
  }

  @Test
  void thePublicDecoderNeverKeepsTheCallersArray() {
    byte[] encoded = ExternalFormat.encode(Binary.of(pattern(1 << 16)));
    Binary b = (Binary) ExternalFormat.decode(encoded);
    Arrays.fill(encoded, (byte) 0);
    assertEquals(Binary.of(pattern(1 << 16)), b);
  }
}
