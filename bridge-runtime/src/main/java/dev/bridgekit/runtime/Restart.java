package dev.bridgekit.runtime;

/** Says when a supervisor restarts a child that exited, as a child spec's {@code restart} does. */
public enum Restart {
  /** Always restarted. */
  PERMANENT,
  /**
   * Restarted only when it exits abnormally: not after {@code normal}, {@code shutdown} or {@code
   * {shutdown, _}} (see {@link ExitReason#isOrderly}).
   */
  TRANSIENT,
  /** Never restarted; its spec is removed when it exits. */
  TEMPORARY
}
