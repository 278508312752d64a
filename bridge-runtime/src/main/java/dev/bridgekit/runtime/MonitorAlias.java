package dev.bridgekit.runtime;

/**
 * Makes a monitor's reference an alias of the monitoring process too, as the {@code {alias,
 * Mode}} option of {@code erlang:monitor/3}: {@link Processes#send(dev.bridgekit.term.Ref,
 * Object)} to the reference, from this node or another, then reaches the monitoring process. The
 * mode says when the alias ends besides {@link Processes#unalias} and the owner's exit. This is how
 * OTP 24's {@code gen_server:call} waits for its reply and the server's death with one reference.
 */
public enum MonitorAlias {
  /** Only {@link Processes#unalias} ends it: it outlives the monitor. */
  EXPLICIT_UNALIAS,
  /**
   * It ends with the monitor: when the {@link Down} is delivered, or at {@link
   * Processes#demonitor}.
   */
  DEMONITOR,
  /**
   * As {@link #DEMONITOR}, and the first message delivered through it ends both the alias and the
   * monitor (no {@link Down} follows it).
   */
  REPLY_DEMONITOR
}
