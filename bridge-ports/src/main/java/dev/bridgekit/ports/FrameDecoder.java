package dev.bridgekit.ports;

import dev.bridgekit.term.Atom;
import java.nio.ByteBuffer;

/**
 * Cuts input into frames, as Erlang's {@code packet_parser.c} does: a pure function of the bytes
 * with three outcomes, a whole frame ({@link Decoded.Frame} or {@link Decoded.LinePiece}), {@link
 * Decoded.NeedMore}, or {@link Decoded.Invalid}. It keeps no state between calls and never trusts
 * a length prefix: a frame longer than the maximum packet size is invalid before any of it is
 * buffered.
 *
 * <p>Both methods look at the bytes between the buffer's position and limit. On a frame they move
 * the position past it; on any other outcome they leave the buffer as it was. Instances are
 * immutable and may be shared between threads; a buffer may not.
 */
public final class FrameDecoder {
  /** The reason a frame longer than the maximum packet size closes a port with. */
  public static final Atom PACKET_TOO_LARGE = Atom.of("packet_too_large");
  /** The reason input that ends inside a frame closes a port with. */
  public static final Atom TRUNCATED_PACKET = Atom.of("truncated_packet");

  private static final Decoded.End END = new Decoded.End();
  private static final Decoded.NeedMore ONE_MORE = new Decoded.NeedMore(1);

  private final Framing framing;
  private final long maxPacketSize;

  /**
   * Returns a decoder for {@code framing} that rejects {@code {packet,N}} frames longer than
   * {@code maxPacketSize} bytes (the payload, without the prefix).
   *
   * @throws IllegalArgumentException if {@code maxPacketSize < 0} or above {@code
   *     Integer.MAX_VALUE - 8} (a frame must fit in one Java array)
   */
  public FrameDecoder(Framing framing, long maxPacketSize) {
    if (framing == null) {
      throw new NullPointerException("framing");
    }
    if (maxPacketSize < 0 || maxPacketSize > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxPacketSize out of [0, 2^31-9]: " + maxPacketSize);
    }
    this.framing = framing;
    this.maxPacketSize = maxPacketSize;
  }

  /** Returns the framing this decoder cuts. */
  public Framing framing() {
    return framing;
  }

  /** Returns the largest payload a {@code {packet,N}} frame may announce. */
  public long maxPacketSize() {
    return maxPacketSize;
  }

  /**
   * Returns the next frame of {@code in}, or why there is none yet. Never returns {@link
   * Decoded.End}. Stream framing returns all the bytes there are as one frame.
   */
  public Decoded decode(ByteBuffer in) {
    return switch (framing) {
      case Framing.Packet p -> packet(in, p.headerBytes());
      case Framing.Line l -> line(in, l.maxLength(), false);
      case Framing.Stream s -> in.hasRemaining() ? new Decoded.Frame(take(in, in.remaining())) : ONE_MORE;
    };
  }

  /**
   * Returns the next frame of {@code in} knowing that no more bytes will come: {@link
   * Decoded.End} when nothing is left, an unterminated last line as a {@code noeol} piece, and a
   * partial {@code {packet,N}} frame as {@code truncated_packet}. Never returns {@link
   * Decoded.NeedMore}. Call it until it returns {@code End} or {@code Invalid}.
   */
  public Decoded decodeAtEof(ByteBuffer in) {
    if (!in.hasRemaining()) {
      return END;
    }
    return switch (framing) {
      case Framing.Packet p -> {
        Decoded d = packet(in, p.headerBytes());
        yield d instanceof Decoded.NeedMore ? new Decoded.Invalid(TRUNCATED_PACKET, in.remaining()) : d;
      }
      case Framing.Line l -> line(in, l.maxLength(), true);
      case Framing.Stream s -> new Decoded.Frame(take(in, in.remaining()));
    };
  }

  private Decoded packet(ByteBuffer in, int headerBytes) {
    int have = in.remaining();
    if (have < headerBytes) {
      return new Decoded.NeedMore(headerBytes - have);
    }
    int at = in.position();
    long length = switch (headerBytes) {
      case 1 -> in.get(at) & 0xFFL;
      case 2 -> in.getShort(at) & 0xFFFFL;
      default -> in.getInt(at) & 0xFFFF_FFFFL;
    };
    if (length > maxPacketSize) {
      return new Decoded.Invalid(PACKET_TOO_LARGE, length);
    }
    long missing = headerBytes + length - have;
    if (missing > 0) {
      return new Decoded.NeedMore(missing);
    }
    in.position(at + headerBytes);
    return new Decoded.Frame(take(in, (int) length));
  }

  /**
   * As Erlang's line buffer ({@code read_linebuf} in {@code io.c}): a newline ends a line even
   * right after {@code max} bytes; {@code max} bytes followed by anything else are a noeol piece.
   * Exactly {@code max} bytes with nothing after them yet need one more byte to tell which.
   */
  private static Decoded line(ByteBuffer in, int max, boolean atEof) {
    int start = in.position();
    int have = in.remaining();
    int scan = Math.min(have, max + 1);
    for (int i = 0; i < scan; i++) {
      if (in.get(start + i) == '\n') {
        byte[] line = take(in, i);
        in.position(in.position() + 1);
        return new Decoded.LinePiece(line, true);
      }
    }
    if (have > max) {
      return new Decoded.LinePiece(take(in, max), false);
    }
    if (atEof) {
      return new Decoded.LinePiece(take(in, have), false);
    }
    return ONE_MORE;
  }

  private static byte[] take(ByteBuffer in, int n) {
    byte[] out = new byte[n];
    in.get(out);
    return out;
  }
}
