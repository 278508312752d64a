package dev.bridgekit.term;

import java.math.BigInteger;

/**
 * Builds terms from plain Java values, in one place: the rules by which a {@code String}, a
 * number, a {@code List}, a {@code Map}, a {@code byte[]} or a record becomes a term.
 */
public final class Terms {
  private Terms() {}

  /** Returns the integer term of {@code value}: an {@link Int} when it fits a long, else a {@link BigInt}. */
  public static Term integer(BigInteger value) {
    return value.bitLength() < 64 ? new Int(value.longValue()) : new BigInt(value);
  }

  /** Returns the Erlang string (a list of code points) of {@code text}, as {@code "abc"} is in Erlang. */
  public static ListTerm charlist(String text) {
    return ListTerm.of(text.codePoints().mapToObj(c -> (Term) new Int(c)).toList());
  }

  /**
   * Converts a plain Java value to a term. TO BE WRITTEN (term helper): see the brief.
   *
   * @throws IllegalArgumentException naming the value's class when it has no term form
   */
  public static Term from(Object value) {
    throw new UnsupportedOperationException("Terms.from is not written yet");
  }
}
