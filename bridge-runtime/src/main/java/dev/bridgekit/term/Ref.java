package dev.bridgekit.term;

import java.util.Arrays;
import java.util.Objects;

/**
 * An Erlang reference (NEWER_REFERENCE_EXT): unique among the references its node made.
 *
 * @param node the node that made it
 * @param creation the node's creation
 * @param ids one to five 32-bit words (a copy; never changed)
 */
public record Ref(Atom node, int creation, int[] ids) implements Term {
  public Ref {
    Objects.requireNonNull(node, "node");
    if (ids.length < 1 || ids.length > 5) {
      throw new IllegalArgumentException("a reference has 1 to 5 id words, not " + ids.length);
    }
    ids = ids.clone();
  }

  /** Returns a copy of the id words. */
  @Override
  public int[] ids() {
    return ids.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ref r
        && creation == r.creation
        && node.equals(r.node)
        && Arrays.equals(ids, r.ids);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * node.hashCode() + creation) + Arrays.hashCode(ids);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("#Ref<").append(node);
    for (int i = ids.length - 1; i >= 0; i--) {
      sb.append('.').append(Integer.toUnsignedString(ids[i]));
    }
    return sb.append('>').toString();
  }
}
