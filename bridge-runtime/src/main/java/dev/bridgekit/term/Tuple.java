package dev.bridgekit.term;

import java.util.List;

/**
 * An Erlang tuple.
 *
 * @param elements the elements, in order (an unmodifiable copy)
 */
public record Tuple(List<Term> elements) implements Term {
  public Tuple {
    elements = List.copyOf(elements);
  }

  /** Returns the tuple of {@code elements}. */
  public static Tuple of(Term... elements) {
    return new Tuple(List.of(elements));
  }

  /** Returns the number of elements. */
  public int arity() {
    return elements.size();
  }

  /** Returns the element at {@code index}, counting from 0. */
  public Term get(int index) {
    return elements.get(index);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < elements.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(elements.get(i));
    }
    return sb.append('}').toString();
  }
}
