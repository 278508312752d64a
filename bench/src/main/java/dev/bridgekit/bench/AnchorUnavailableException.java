package dev.bridgekit.bench;

/**
 * Thrown when an anchor cannot be run at all (its program is not installed, it does not start):
 * the bench run stops there, as no row that needs it could mean anything.
 */
public final class AnchorUnavailableException extends RuntimeException {
  /** Makes the exception; {@code message} says what is missing and how to get it. */
  public AnchorUnavailableException(String message) {
    super(message);
  }

  /** Makes the exception with its cause. */
  public AnchorUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
