package dev.bridgekit.term;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An Erlang integer outside the range of a Java {@code long} (a bignum). Integers in that range
 * are always {@link Int}s, so equal integers have equal terms.
 *
 * @param value the value, outside {@code [Long.MIN_VALUE, Long.MAX_VALUE]}
 */
public record BigInt(BigInteger value) implements Term {
  public BigInt {
    Objects.requireNonNull(value, "value");
    if (value.bitLength() < 64) {
      throw new IllegalArgumentException("fits in a long, use Int: " + value);
    }
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
