package dev.bridgekit.dist.internal; // not exported

import java.io.IOException;

/** An output that can be told more bytes follow at once (Linux's MSG_MORE). */
interface CorkableOutput {
  /**
   * Writes all of {@code b[off, off + len)}, telling TCP that more follows at once, so that it
   * holds a short run back to send it in one segment with the next write.
   */
  void writeMore(byte[] b, int off, int len) throws IOException;
}
