package dev.bridgekit.dist.internal; // not exported

import dev.bridgekit.term.Atom;

/**
 * Splits and checks a full node name, {@code alive@host}.
 *
 * @param alive the part before {@code @}, which EPMD knows the node by
 * @param host the host part
 */
public record NodeName(String alive, String host) {
  /**
   * Parses {@code full}.
   *
   * @throws IllegalArgumentException naming the value if it has no {@code @}, an empty part, or
   *     more than 255 characters (the limit of an atom)
   */
  public static NodeName parse(String full) {
    int at = full.indexOf('@');
    if (at <= 0 || at == full.length() - 1 || full.indexOf('@', at + 1) >= 0) {
      throw new IllegalArgumentException("not a node name (alive@host): " + full);
    }
    if (full.codePointCount(0, full.length()) > 255) {
      throw new IllegalArgumentException("node name longer than 255 characters: " + full);
    }
    return new NodeName(full.substring(0, at), full.substring(at + 1));
  }

  /** Parses the node name of {@code node}. */
  public static NodeName of(Atom node) {
    return parse(node.name());
  }

  /** Returns the full name as an atom. */
  public Atom atom() {
    return Atom.of(alive + "@" + host);
  }

  @Override
  public String toString() {
    return alive + "@" + host;
  }
}
