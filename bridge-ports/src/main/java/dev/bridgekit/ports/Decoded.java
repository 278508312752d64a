package dev.bridgekit.ports;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Int;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Tuple;

/**
 * One outcome of {@link FrameDecoder}: a whole frame (or line piece), a need for more bytes, an
 * invalid input, or, at end of input only, a clean end.
 */
public sealed interface Decoded
    permits Decoded.Frame, Decoded.LinePiece, Decoded.NeedMore, Decoded.Invalid, Decoded.End {

  /**
   * A whole {@code {packet,N}} payload, or a chunk of a stream.
   *
   * @param data the payload, without its length prefix; the receiver owns the array
   */
  record Frame(byte[] data) implements Decoded {}

  /**
   * A line, or a piece of one, in {@code {line,L}} framing, as Erlang's {@code {eol, Line}} and
   * {@code {noeol, Piece}}.
   *
   * @param data the bytes, without the newline; the receiver owns the array
   * @param eol true if a newline ended this piece; false for a piece cut at the maximum length or
   *     by the end of input
   */
  record LinePiece(byte[] data, boolean eol) implements Decoded {}

  /**
   * Not enough bytes yet for a whole frame; nothing was consumed.
   *
   * @param atLeast how many more bytes are needed at least (the whole rest of the frame once its
   *     length is known)
   */
  record NeedMore(long atLeast) implements Decoded {}

  /**
   * The input cannot be decoded; nothing was consumed. The port closes with {@link #reason()}.
   *
   * @param reason {@code packet_too_large} or {@code truncated_packet}
   * @param size for {@code packet_too_large} the length the prefix announced; for {@code
   *     truncated_packet} the number of bytes the input ended with
   */
  record Invalid(Atom reason, long size) implements Decoded {
    /** Returns the exit reason for this failure: {@code {packet_too_large, Size}} or {@code truncated_packet}. */
    public Term exitReason() {
      return reason.equals(FrameDecoder.PACKET_TOO_LARGE) ? Tuple.of(reason, Int.of(size)) : reason;
    }
  }

  /** The input ended exactly between frames: nothing is left. */
  record End() implements Decoded {}
}
