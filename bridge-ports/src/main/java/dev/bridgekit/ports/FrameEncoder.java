package dev.bridgekit.ports;

import java.nio.ByteBuffer;

/**
 * Frames output for a port's program: a big-endian length prefix for {@code {packet,N}}, nothing
 * for line and stream framing (their output is written as given, as in Erlang). Pure and
 * stateless.
 */
public final class FrameEncoder {
  private static final byte[] NONE = new byte[0];

  private FrameEncoder() {}

  /**
   * Returns the prefix to write before a payload of {@code length} bytes (empty for line and
   * stream framing).
   *
   * @throws PacketTooLargeException if the prefix cannot carry {@code length} ({@code {packet,1}}
   *     carries at most 255 bytes, {@code {packet,2}} 65535)
   */
  public static byte[] header(Framing framing, long length) {
    if (length < 0) {
      throw new IllegalArgumentException("length < 0: " + length);
    }
    if (!(framing instanceof Framing.Packet p)) {
      return NONE;
    }
    if (length > p.maxPayload()) {
      throw new PacketTooLargeException(framing, length, p.maxPayload());
    }
    int n = p.headerBytes();
    byte[] header = new byte[n];
    for (int i = n - 1; i >= 0; i--) {
      header[i] = (byte) length;
      length >>>= 8;
    }
    return header;
  }

  /** Returns {@code payload} with its prefix, as one array (a copy). */
  public static byte[] encode(Framing framing, byte[] payload) {
    byte[] header = header(framing, payload.length);
    byte[] out = new byte[header.length + payload.length];
    System.arraycopy(header, 0, out, 0, header.length);
    System.arraycopy(payload, 0, out, header.length, payload.length);
    return out;
  }

  /** Writes the prefix of {@code payload} and then the payload into {@code out}. */
  public static void encode(Framing framing, byte[] payload, ByteBuffer out) {
    out.put(header(framing, payload.length)).put(payload);
  }
}
