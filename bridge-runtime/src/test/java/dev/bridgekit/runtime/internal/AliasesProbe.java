package dev.bridgekit.runtime.internal;

/** Lets tests outside this package see how many aliases the table holds. */
public final class AliasesProbe {
  private AliasesProbe() {}

  /** Returns the table's size, dead owners' aliases not swept yet included. */
  public static int size() {
    return Aliases.size();
  }
}
