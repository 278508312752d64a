package dev.bridgekit.ports;

import dev.bridgekit.term.Atom;

/**
 * Thrown by {@link Port#open} when the program cannot be started: missing ({@code enoent}), not
 * executable ({@code eacces}), a working directory that cannot be entered, and so on. It carries
 * the POSIX error as Erlang names it and the path that failed.
 */
public final class PortOpenException extends RuntimeException {
  private final Atom posix;
  private final String path;

  PortOpenException(Atom posix, String path, String message) {
    super(message);
    this.posix = posix;
    this.path = path;
  }

  /** Returns the POSIX error, as Erlang's atoms spell it ({@code enoent}, {@code eacces}, ...). */
  public Atom posix() {
    return posix;
  }

  /** Returns the path that failed: the program, or the working directory. */
  public String path() {
    return path;
  }
}
