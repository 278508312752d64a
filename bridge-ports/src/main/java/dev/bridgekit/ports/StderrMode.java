package dev.bridgekit.ports;

/**
 * Says where a port program's standard error goes. It is never mixed into {@code {packet,N}}
 * frames: {@link #MERGE} is allowed with stream and line framing only. With {@code nouse_stdio}
 * the program's standard output (fd 1, free for logs) goes to the same place.
 */
public enum StderrMode {
  /** Logged line by line at INFO through SLF4J, on the logger {@code dev.bridgekit.ports.stderr}. */
  LOG,
  /** Sent to the owner as {@link PortStderr} messages, in chunks as read. */
  OWNER,
  /** Written into the program's output stream, as a shell's {@code 2>&1}. */
  MERGE,
  /** Dropped ({@code /dev/null}). */
  DISCARD
}
