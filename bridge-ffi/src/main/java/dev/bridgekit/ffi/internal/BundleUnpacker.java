package dev.bridgekit.ffi.internal;

import dev.bridgekit.ffi.LibraryNotFoundException;
import dev.bridgekit.ffi.LibrarySource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks a bundled library archive into the versioned cache: verified against its checksum,
 * written to a private temporary directory, and renamed into place in one step, so concurrent
 * JVMs either win the rename or use the winner's directory.
 */
final class BundleUnpacker {
  /** The largest library file accepted from an archive; a bound on what a bad archive can do. */
  static final long MAX_ENTRY_BYTES = 512L * 1024 * 1024;

  private BundleUnpacker() {}

  /** Returns the platform name archives are keyed by, as {@code linux-x86_64}. */
  static String platform() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).replace(" ", "");
    String arch = switch (System.getProperty("os.arch")) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "aarch64";
      default -> System.getProperty("os.arch");
    };
    return os + "-" + arch;
  }

  /** Returns the cache directory for {@code source}. */
  static Path cacheDir(LibrarySource.Bundled source) {
    if (source.cacheDir() != null) {
      return source.cacheDir();
    }
    String property = System.getProperty(LibrarySource.CACHE_DIR_PROPERTY);
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank()
        ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("bridgekit").resolve("native");
  }

  /** Unpacks (or finds unpacked) and opens the library {@code source} names. */
  static LoadedLibrary open(LibrarySource.Bundled source) {
    return LibraryLocator.openPath(requested(source), unpack(source));
  }

  /** Returns how {@code source} is named in messages: the library and its archive. */
  static String requested(LibrarySource.Bundled source) {
    return source.library() + " bundled as META-INF/native/" + platform() + ".tar.gz";
  }

  /** Unpacks (or finds unpacked) the library {@code source} names; returns its file. */
  static Path unpack(LibrarySource.Bundled source) {
    String resource = "META-INF/native/" + platform() + ".tar.gz";
    String requested = requested(source);
    List<String> tried = new ArrayList<>();
    byte[] archive;
    String expected;
    try {
      archive = readResource(source.loader(), resource);
      byte[] sum = readResource(source.loader(), resource + ".sha256");
      if (archive == null || sum == null) {
        tried.add(resource + (archive == null ? "" : ".sha256") + " (no such resource)");
        throw new LibraryNotFoundException(requested, tried);
      }
      expected = new String(sum, StandardCharsets.US_ASCII).trim().split("\\s+")[0]
          .toLowerCase(Locale.ROOT);
    } catch (IOException e) {
      tried.add(resource + " (unreadable: " + e + ")");
      throw new LibraryNotFoundException(requested, tried);
    }
    String actual = sha256(archive);
    if (!actual.equals(expected)) {
      tried.add(resource + " (checksum mismatch: expected sha256 " + expected + ", archive has "
          + actual + ")");
      throw new LibraryNotFoundException(requested, tried);
    }
    Path dir = cacheDir(source).resolve(actual.substring(0, 32));
    try {
      Map<String, String> digests = unpackOnce(archive, dir);
      if (!digests.containsKey(source.library())) {
        tried.add(resource + " (has no " + source.library() + "; has " + digests.keySet() + ")");
        throw new LibraryNotFoundException(requested, tried);
      }
      verify(dir, digests);
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      tried.add(dir + " (" + e.getMessage() + ")");
      throw new LibraryNotFoundException(requested, tried);
    }
    return dir.resolve(source.library());
  }

  /**
   * Makes {@code dir} hold the archive's files, unpacking them unless another JVM (or thread) did;
   * returns each file's SHA-256.
   */
  private static Map<String, String> unpackOnce(byte[] archive, Path dir) throws IOException {
    Path parent = dir.getParent();
    Files.createDirectories(parent);
    if (Files.isDirectory(dir)) {
      return digests(archive, null);
    }
    Path temp = Files.createTempDirectory(parent, ".unpack-");
    try {
      Map<String, String> digests = digests(archive, temp);
      try {
        Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cache directory " + parent + " does not support atomic renames", e);
      } catch (IOException e) {
        // rename(2) onto a non-empty directory fails (ENOTEMPTY, EEXIST): another JVM renamed
        // its copy first, and the caller verifies that one. Anything else is a real failure.
        if (!Files.isDirectory(dir)) {
          throw e;
        }
      }
      return digests;
    } finally {
      deleteTree(temp);
    }
  }

  /** Reads the archive's entries, writing them into {@code into} if not null; returns digests. */
  private static Map<String, String> digests(byte[] archive, Path into) throws IOException {
    Map<String, String> digests = new LinkedHashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(
        new GzipCompressorInputStream(new ByteArrayInputStream(archive)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
        if (entry.isDirectory() && (name.isEmpty() || name.equals("."))) {
          continue;
        }
        if (!entry.isFile() || name.isEmpty() || name.contains("/") || name.startsWith(".")) {
          // Never trust names from an archive: flat, plain files only.
          throw new IOException("archive entry " + entry.getName() + " is not a plain file name");
        }
        if (entry.getSize() > MAX_ENTRY_BYTES) {
          throw new IOException("archive entry " + name + " has " + entry.getSize() + " bytes > "
              + MAX_ENTRY_BYTES);
        }
        byte[] bytes = tar.readNBytes((int) entry.getSize());
        digests.put(name, sha256(bytes));
        if (into != null) {
          Path file = into.resolve(name);
          Files.write(file, bytes);
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
      }
    }
    return digests;
  }

  /** Checks every unpacked file against the archive's digest of it. */
  private static void verify(Path dir, Map<String, String> digests) throws IOException {
    for (Map.Entry<String, String> e : digests.entrySet()) {
      Path file = dir.resolve(e.getKey());
      if (!Files.isRegularFile(file)) {
        throw new IOException("unpacked " + file + " is missing; delete " + dir);
      }
      String actual = sha256(Files.readAllBytes(file));
      if (!actual.equals(e.getValue())) {
        throw new IOException("unpacked " + file + " has sha256 " + actual + ", the archive "
            + e.getValue() + "; delete " + dir);
      }
    }
  }

  private static byte[] readResource(ClassLoader loader, String name) throws IOException {
    try (InputStream in = loader.getResourceAsStream(name)) {
      return in == null ? null : in.readAllBytes();
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
