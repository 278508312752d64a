package dev.bridgekit.ports;

/**
 * Says when a port reads its program's output, as {@code {active, true}} and {@code {active, N}}
 * of Erlang sockets do.
 */
public enum ReadMode {
  /** Reads as fast as the program writes; every frame becomes a message at once. */
  ACTIVE,
  /**
   * Delivers a frame only against credit the owner grants with {@link Port#request(int)}; without
   * credit the port stops reading, the program's output pipe fills and the program blocks, so a
   * program that floods cannot grow the owner's mailbox without bound. Stderr chunks sent to the
   * owner ({@link StderrMode#OWNER}) are not metered.
   */
  ON_DEMAND
}
