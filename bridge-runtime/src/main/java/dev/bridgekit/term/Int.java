package dev.bridgekit.term;

/**
 * An Erlang integer that fits in a Java {@code long}. Larger ones are {@link BigInt}s; {@link
 * Terms#integer(java.math.BigInteger)} picks the right one, so each integer has one form.
 *
 * @param value the value
 */
public record Int(long value) implements Term {
  /** Returns the integer {@code value}. */
  public static Int of(long value) {
    return new Int(value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
