package dev.bridgekit.runtime;

/** Thrown when a call names a process that does not exist: a registered name that is free. */
public final class NoSuchProcessException extends RuntimeException {
  public NoSuchProcessException(String message) {
    super(message);
  }
}
