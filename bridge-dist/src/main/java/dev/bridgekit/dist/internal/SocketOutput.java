package dev.bridgekit.dist.internal; // not exported

import java.io.IOException;

/**
 * What a native carrier's output offers beyond an {@link java.io.OutputStream}'s blocking writes:
 * Linux's MSG_MORE, and writes that never wait for room in the socket.
 */
interface SocketOutput {
  /**
   * Writes all of {@code b[off, off + len)}, telling TCP that more follows at once, so that it
   * holds a short run back to send it in one segment with the next write.
   */
  void writeMore(byte[] b, int off, int len) throws IOException;

  /**
   * Writes as much of {@code b[off, off + len)} as the socket takes now, without waiting for
   * room; with {@code more}, as {@link #writeMore}.
   *
   * @return how many bytes it took, from 0 to {@code len}
   */
  int writeNow(byte[] b, int off, int len, boolean more) throws IOException;
}
