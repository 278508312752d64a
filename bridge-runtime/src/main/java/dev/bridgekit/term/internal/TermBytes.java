package dev.bridgekit.term.internal; // exported to dev.bridgekit.dist only

import dev.bridgekit.term.Binary;
import dev.bridgekit.term.TermReader;
import java.util.Objects;

/**
 * Gives the distribution bridge the codec's two shortcuts that the public API must not offer,
 * because an untrusted caller could change a binary through them: decoding from a buffer handed
 * over for good, so that a big binary is a slice of it rather than a copy, and reading a binary's
 * bytes where they are, to write them to a socket. A distribution message of 8 MB is then neither
 * copied out of its packet nor copied again to be sent back.
 *
 * <p>Whoever calls these methods takes on the binary's contract: the arrays handed over or read
 * are never changed.
 */
public final class TermBytes {
  /** What the term package provides; set once, by {@link TermReader}'s class initialisation. */
  public interface Access {
    /** See {@link TermBytes#sharing}. */
    TermReader sharing(TermReader reader);

    /** See {@link TermBytes#array}. */
    byte[] array(Binary b);

    /** See {@link TermBytes#offset}. */
    int offset(Binary b);
  }

  private static volatile Access access;

  private TermBytes() {}

  /** Installs the term package's access; for {@link TermReader} only, once. */
  public static void provide(Access a) {
    if (access != null) {
      throw new IllegalStateException("term access already provided");
    }
    access = Objects.requireNonNull(a, "access");
  }

  /**
   * Returns a reader like {@code reader} whose callers give up the arrays they decode from: a
   * binary of 4 KiB or more that fills at least half the array is a slice of it, not a copy. The
   * caller must never change such an array after decoding.
   */
  public static TermReader sharing(TermReader reader) {
    return access().sharing(reader);
  }

  /** Returns the array that holds {@code b}'s bytes from {@link #offset}: never to be changed. */
  public static byte[] array(Binary b) {
    return access().array(b);
  }

  /** Returns where {@code b}'s bytes start in {@link #array}. */
  public static int offset(Binary b) {
    return access().offset(b);
  }

  private static Access access() {
    Access a = access;
    if (a == null) {
      TermReader.standard(); // initialises TermReader, which provides the access
      a = access;
    }
    return a;
  }
}
