package dev.bridgekit.dist.internal; // not exported

import java.io.IOException;

/** Reports that EPMD refused a request: a name already registered, or a malformed answer. */
public final class EpmdException extends IOException {
  /** Creates the exception. */
  public EpmdException(String message) {
    super(message);
  }

  /** Creates the exception with its cause. */
  public EpmdException(String message, Throwable cause) {
    super(message, cause);
  }
}
