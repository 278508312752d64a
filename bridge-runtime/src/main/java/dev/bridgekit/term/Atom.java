package dev.bridgekit.term;

import java.util.Objects;

/**
 * An Erlang atom. Atoms are at most 255 characters (code points), as in Erlang.
 *
 * @param name the atom's text
 */
public record Atom(String name) implements Term {
  public static final Atom TRUE = new Atom("true");
  public static final Atom FALSE = new Atom("false");
  public static final Atom OK = new Atom("ok");
  public static final Atom ERROR = new Atom("error");
  public static final Atom UNDEFINED = new Atom("undefined");
  /** The node name of a runtime that is not distributed. */
  public static final Atom NONODE = new Atom("nonode@nohost");

  public Atom {
    Objects.requireNonNull(name, "name");
    if (name.codePointCount(0, name.length()) > 255) {
      throw new IllegalArgumentException(
          "atom longer than 255 characters: " + name.codePointCount(0, name.length()));
    }
  }

  /** Returns the atom named {@code name}. */
  public static Atom of(String name) {
    return new Atom(name);
  }

  /** Returns {@link #TRUE} or {@link #FALSE}. */
  public static Atom of(boolean value) {
    return value ? TRUE : FALSE;
  }

  @Override
  public String toString() {
    return name;
  }
}
