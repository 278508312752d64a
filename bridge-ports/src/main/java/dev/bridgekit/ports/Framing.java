package dev.bridgekit.ports;

/**
 * Says how a port cuts the bytes it exchanges with its program into messages, as the framing
 * options of {@code erlang:open_port/2} do.
 *
 * <ul>
 *   <li>{@link Packet}: every message is an N-byte big-endian length (N is 1, 2 or 4) followed by
 *       that many bytes; the port adds the length on output and strips it on input.
 *   <li>{@link Line}: input arrives line by line, split at {@code '\n'} (which is dropped); a line
 *       longer than the maximum arrives in pieces. Output is written as given.
 *   <li>{@link Stream}: bytes pass as they come, in chunks of whatever size a read returned.
 * </ul>
 */
public sealed interface Framing permits Framing.Packet, Framing.Line, Framing.Stream {

  /** Returns {@code {packet, headerBytes}} framing. */
  static Packet packet(int headerBytes) {
    return new Packet(headerBytes);
  }

  /** Returns {@code {line, maxLength}} framing. */
  static Line line(int maxLength) {
    return new Line(maxLength);
  }

  /** Returns stream framing (no framing at all). */
  static Stream stream() {
    return Stream.INSTANCE;
  }

  /**
   * Frames every message with a big-endian length prefix of {@code headerBytes} bytes.
   *
   * @param headerBytes 1, 2 or 4
   */
  record Packet(int headerBytes) implements Framing {
    public Packet {
      if (headerBytes != 1 && headerBytes != 2 && headerBytes != 4) {
        throw new IllegalArgumentException("packet header must be 1, 2 or 4 bytes: " + headerBytes);
      }
    }

    /** Returns the largest payload the prefix can carry: 255, 65535 or 4294967295. */
    public long maxPayload() {
      return (1L << (8 * headerBytes)) - 1;
    }

    @Override
    public String toString() {
      return "{packet," + headerBytes + "}";
    }
  }

  /**
   * Delivers input as lines of at most {@code maxLength} bytes; longer lines arrive in pieces.
   *
   * @param maxLength at least 1
   */
  record Line(int maxLength) implements Framing {
    public Line {
      if (maxLength < 1) {
        throw new IllegalArgumentException("line maxLength < 1: " + maxLength);
      }
    }

    @Override
    public String toString() {
      return "{line," + maxLength + "}";
    }
  }

  /** Passes bytes through unframed. */
  record Stream() implements Framing {
    static final Stream INSTANCE = new Stream();

    @Override
    public String toString() {
      return "stream";
    }
  }
}
