package dev.bridgekit.term;

import java.util.Arrays;

/**
 * An Erlang bitstring whose length is not a whole number of bytes: {@code bytes.length - 1} full
 * bytes and then {@code tailBits} (1 to 7) bits held in the high bits of the last byte, as
 * BIT_BINARY_EXT carries them. The unused low bits of the last byte are always zero.
 */
public final class BitBinary implements Term {
  private final byte[] bytes;
  private final int tailBits;

  private BitBinary(byte[] bytes, int tailBits) {
    this.bytes = bytes;
    this.tailBits = tailBits;
  }

  /**
   * Returns the bitstring of {@code bytes} whose last byte holds {@code tailBits} bits.
   *
   * @throws IllegalArgumentException if {@code tailBits} is not 1 to 7 or {@code bytes} is empty
   */
  public static BitBinary of(byte[] bytes, int tailBits) {
    if (tailBits < 1 || tailBits > 7) {
      throw new IllegalArgumentException("tailBits not in 1..7: " + tailBits);
    }
    if (bytes.length == 0) {
      throw new IllegalArgumentException("a bitstring with tail bits needs at least one byte");
    }
    byte[] copy = bytes.clone();
    copy[copy.length - 1] &= (byte) (0xFF << (8 - tailBits));
    return new BitBinary(copy, tailBits);
  }

  /** Returns a copy of the bytes, the last one partly used. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Returns how many bits of the last byte belong to the bitstring (1 to 7). */
  public int tailBits() {
    return tailBits;
  }

  /** Returns the length in bits. */
  public long bitLength() {
    return (bytes.length - 1) * 8L + tailBits;
  }

  byte[] array() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BitBinary b && tailBits == b.tailBits && Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(bytes) + tailBits;
  }

  @Override
  public String toString() {
    return "<<" + bitLength() + " bits>>";
  }
}
