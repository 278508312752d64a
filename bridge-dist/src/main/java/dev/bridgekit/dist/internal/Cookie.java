package dev.bridgekit.dist.internal; // not exported

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Holds the magic cookie and computes the handshake's digests: MD5 of the cookie followed by the
 * challenge written as an unsigned decimal number, as {@code dist_util:gen_digest/2} does.
 * Digests are compared in constant time.
 */
public final class Cookie {
  private final byte[] bytes;

  /**
   * Creates the cookie {@code text}.
   *
   * @throws IllegalArgumentException if it is empty or has characters beyond Latin-1 (an Erlang
   *     cookie is an atom, digested as its Latin-1 characters)
   */
  public Cookie(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty cookie");
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0xFF) {
        throw new IllegalArgumentException(
            "cookie has a character beyond Latin-1 at index " + i);
      }
    }
    this.bytes = text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Returns the digest that answers {@code challenge}. */
  public byte[] digest(int challenge) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      md5.update(bytes);
      md5.update(Integer.toUnsignedString(challenge).getBytes(StandardCharsets.US_ASCII));
      return md5.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }

  /** Returns true if {@code digest} answers {@code challenge}, comparing in constant time. */
  public boolean accepts(int challenge, byte[] digest) {
    return MessageDigest.isEqual(digest(challenge), digest);
  }

  @Override
  public String toString() {
    return "Cookie(****)"; // never the secret, even in a log
  }
}
