package dev.bridgekit.term;

import java.util.Objects;
import java.util.Set;

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

  /** Returns the atom as Erlang prints it: quoted when it must be ({@code 'java.lang.Error'}). */
  @Override
  public String toString() {
    return needsQuotes(name) ? "'" + name.replace("\\", "\\\\").replace("'", "\\'") + "'" : name;
  }

  private static final Set<String> RESERVED =
      Set.of("after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr",
          "bxor", "case", "catch", "cond", "div", "end", "fun", "if", "let", "maybe", "not", "of",
          "or", "orelse", "receive", "rem", "try", "when", "xor", "else");

  private static boolean needsQuotes(String name) {
    if (name.isEmpty() || name.charAt(0) < 'a' || name.charAt(0) > 'z' || RESERVED.contains(name)) {
      return true;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 128) && c != '_' && c != '@') {
        return true;
      }
    }
    return false;
  }
}
