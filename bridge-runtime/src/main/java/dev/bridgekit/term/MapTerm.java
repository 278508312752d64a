package dev.bridgekit.term;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An Erlang map. Iteration follows insertion order (decoding keeps the order on the wire); equality
 * ignores order, as in Erlang.
 *
 * @param entries the key-value pairs (an unmodifiable copy)
 */
public record MapTerm(Map<Term, Term> entries) implements Term {
  public MapTerm {
    entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  /** Returns the value under {@code key}, or null. */
  public Term get(Term key) {
    return entries.get(key);
  }

  /** Returns the number of entries. */
  public int size() {
    return entries.size();
  }

  @Override
  public String toString() {
    return entries.entrySet().stream()
        .map(e -> e.getKey() + " => " + e.getValue())
        .collect(Collectors.joining(", ", "#{", "}"));
  }
}
