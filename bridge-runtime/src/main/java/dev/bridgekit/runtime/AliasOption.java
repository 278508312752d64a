package dev.bridgekit.runtime;

/**
 * Says when a process alias made by {@link Processes#alias(AliasOption)} stops working, as the
 * options of {@code erlang:alias/1}. Either way it stops when its owner exits.
 */
public enum AliasOption {
  /** Only {@link Processes#unalias(dev.bridgekit.term.Ref)} ends it (the default). */
  EXPLICIT_UNALIAS,
  /**
   * The first message delivered through it ends it, as a reply alias; {@link
   * Processes#unalias(dev.bridgekit.term.Ref)} ends it sooner.
   */
  REPLY
}
