package dev.bridgekit.runtime;

/** Says which children a {@link Supervisor} restarts when one of them exits and is restarted. */
public enum Strategy {
  /** Only the child that exited. */
  ONE_FOR_ONE,
  /** All children: the others are stopped (in reverse order), then all restart in order. */
  ONE_FOR_ALL,
  /** The child that exited and the ones started after it. */
  REST_FOR_ONE
}
