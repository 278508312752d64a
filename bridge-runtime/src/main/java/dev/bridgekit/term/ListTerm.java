package dev.bridgekit.term;

import java.util.ArrayList;
import java.util.List;

/**
 * An Erlang list: proper ({@code [a, b]}, {@code tail() == null}) or improper ({@code [a, b | t]},
 * the non-list tail {@code t}). The empty list {@code []} is {@link #NIL}.
 *
 * <p>Each list has one form: a tail that is itself a list is merged into the elements, so {@code
 * [a | [b]]} is built as {@code [a, b]}, and an improper list has at least one element. Erlang
 * strings are lists of integers; {@link Terms#charlist(String)} builds one.
 *
 * @param elements the elements before the tail (an unmodifiable copy)
 * @param tail the tail of an improper list, never a list; {@code null} for a proper list
 */
public record ListTerm(List<Term> elements, Term tail) implements Term {
  /** The empty list, {@code []}. */
  public static final ListTerm NIL = new ListTerm(List.of(), null);

  public ListTerm {
    if (tail instanceof ListTerm rest) {
      List<Term> all = new ArrayList<>(elements.size() + rest.elements.size());
      all.addAll(elements);
      all.addAll(rest.elements);
      elements = all;
      tail = rest.tail;
    }
    elements = List.copyOf(elements);
    if (tail != null && elements.isEmpty()) {
      throw new IllegalArgumentException("an improper list needs at least one element: " + tail);
    }
  }

  /** Returns the proper list of {@code elements}. */
  public static ListTerm of(Term... elements) {
    return elements.length == 0 ? NIL : new ListTerm(List.of(elements), null);
  }

  /** Returns the proper list of {@code elements}. */
  public static ListTerm of(List<? extends Term> elements) {
    return elements.isEmpty() ? NIL : new ListTerm(List.copyOf(elements), null);
  }

  /** Returns {@code [elements... | tail]}, which is proper when {@code tail} is a proper list. */
  public static ListTerm improper(List<? extends Term> elements, Term tail) {
    return new ListTerm(List.copyOf(elements), tail);
  }

  /** Returns true for a proper list (including {@code []}). */
  public boolean isProper() {
    return tail == null;
  }

  /** Returns true for {@code []}. */
  public boolean isEmpty() {
    return elements.isEmpty();
  }

  /** Returns the number of elements before the tail. */
  public int size() {
    return elements.size();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < elements.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(elements.get(i));
    }
    if (tail != null) {
      sb.append(" | ").append(tail);
    }
    return sb.append(']').toString();
  }
}
