package dev.bridgekit.runtime;

/** Tells a supervisor whether a child is a worker or a supervisor (for counts and defaults). */
public enum ChildType {
  WORKER,
  SUPERVISOR
}
