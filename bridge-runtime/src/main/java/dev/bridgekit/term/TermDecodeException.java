package dev.bridgekit.term;

/**
 * Reports bytes that are not a valid term in the external term format: truncated input, an unknown
 * tag, a length larger than the input, malformed text, a compressed term that does not inflate to
 * its declared size. The decoder throws nothing else, whatever the input.
 *
 * <p>The message names the problem and the offset; {@link #offset()} is the index in the decoded
 * array (for a compressed term, the index in its inflated data, as the message says).
 */
public final class TermDecodeException extends RuntimeException {
  private final int offset;

  /** Creates the exception for a problem found at {@code offset}. */
  public TermDecodeException(String message, int offset) {
    super(message);
    this.offset = offset;
  }

  /** Creates the exception for a problem found at {@code offset}, with its cause. */
  public TermDecodeException(String message, int offset, Throwable cause) {
    super(message, cause);
    this.offset = offset;
  }

  /** Returns the offset at which the problem was found. */
  public int offset() {
    return offset;
  }
}
