package dev.bridgekit.ports;

import dev.bridgekit.term.Atom;
import java.io.IOException;

/**
 * Thrown by {@link PacketIO#read()} when the input is not a valid {@code {packet,N}} stream: a
 * prefix announcing more than the maximum packet size ({@code packet_too_large}), or input that
 * ends inside a frame ({@code truncated_packet}).
 */
public final class InvalidPacketException extends IOException {
  private final Atom reason;
  private final long size;

  InvalidPacketException(Atom reason, long size, String message) {
    super(message);
    this.reason = reason;
    this.size = size;
  }

  /** Returns {@code packet_too_large} or {@code truncated_packet}. */
  public Atom reason() {
    return reason;
  }

  /** Returns the announced length (too large), or the bytes received of the frame (truncated). */
  public long size() {
    return size;
  }
}
