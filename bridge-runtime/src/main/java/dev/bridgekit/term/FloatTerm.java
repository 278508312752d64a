package dev.bridgekit.term;

/**
 * An Erlang float (an IEEE 754 double; Erlang has no NaN or infinities, so the encoder rejects
 * them).
 *
 * @param value the value
 */
public record FloatTerm(double value) implements Term {
  @Override
  public String toString() {
    return Double.toString(value);
  }
}
