package dev.bridgekit.dist.internal; // not exported

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * Reads the cookie from a file ({@code ~/.erlang.cookie} by default), creating the file as erl
 * does when it is missing: 20 random upper-case letters, readable by its owner only (mode 0400).
 * As erl, refuses a file that others may read.
 */
public final class CookieFile {
  private CookieFile() {}

  private static final int LENGTH = 20;

  /** Returns the default cookie file: {@code .erlang.cookie} in the user's home directory. */
  public static Path defaultPath() {
    return Path.of(System.getProperty("user.home"), ".erlang.cookie");
  }

  /**
   * Returns the cookie in {@code path}, creating the file first when it is missing.
   *
   * @throws IOException if it cannot be read or created, others may access it, or it is empty
   */
  public static String read(Path path) throws IOException {
    if (!Files.exists(path)) {
      create(path);
    }
    if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
      for (PosixFilePermission p : perms) {
        if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
          throw new IOException("cookie file " + path + " must be accessible by its owner only,"
              + " not " + PosixFilePermissions.toString(perms));
        }
      }
    }
    String cookie = Files.readString(path, StandardCharsets.ISO_8859_1).strip();
    if (cookie.isEmpty()) {
      throw new IOException("cookie file " + path + " is empty");
    }
    return cookie;
  }

  private static void create(Path path) throws IOException {
    SecureRandom random = new SecureRandom();
    char[] cookie = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      cookie[i] = (char) ('A' + random.nextInt(26));
    }
    boolean posix = Files.getFileStore(path.toAbsolutePath().getParent())
        .supportsFileAttributeView("posix");
    try {
      if (posix) {
        Files.createFile(path, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(path);
      }
    } catch (FileAlreadyExistsException e) {
      return; // another node created it meanwhile: read theirs
    }
    Files.writeString(path, new String(cookie), StandardCharsets.ISO_8859_1,
        StandardOpenOption.TRUNCATE_EXISTING);
    if (posix) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("r--------"));
    }
  }
}
