package dev.bridgekit.ports;

/**
 * Thrown when a payload is too long for the length prefix of its {@code {packet,N}} framing; the
 * payload was not written.
 */
public final class PacketTooLargeException extends IllegalArgumentException {
  private final long length;
  private final long max;

  PacketTooLargeException(Framing framing, long length, long max) {
    super("payload of " + length + " bytes does not fit " + framing + " (at most " + max
        + " bytes); nothing was written");
    this.length = length;
    this.max = max;
  }

  /** Copies {@code e}, to throw it again on the caller's thread with the caller's stack. */
  PacketTooLargeException(PacketTooLargeException e) {
    super(e.getMessage(), e);
    this.length = e.length;
    this.max = e.max;
  }

  /** Returns the length of the payload that did not fit. */
  public long length() {
    return length;
  }

  /** Returns the largest payload the framing carries. */
  public long max() {
    return max;
  }
}
