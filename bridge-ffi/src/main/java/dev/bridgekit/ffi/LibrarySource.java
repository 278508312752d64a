package dev.bridgekit.ffi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Says where a binding's C library comes from. Resolved at bind time: a library that cannot be
 * found or opened fails {@link Binding#bind()} with {@link LibraryNotFoundException}, listing every
 * place tried.
 */
public sealed interface LibrarySource
    permits LibrarySource.Named, LibrarySource.AtPath, LibrarySource.Bundled {

  /** The system property naming the directory bundled libraries are unpacked under. */
  String CACHE_DIR_PROPERTY = "bridgekit.native.cache";

  /**
   * Returns a library found by name: {@code name} as a file name ({@code libz.so.1}) or a short
   * name mapped by {@link System#mapLibraryName} ({@code z} → {@code libz.so}), searched in the
   * directories of {@code java.library.path}, {@code LD_LIBRARY_PATH} and the system's library
   * directories, then by the dynamic linker itself (its cache).
   */
  static LibrarySource name(String name) {
    return new Named(name);
  }

  /** Returns the library at {@code path}, and only there. */
  static LibrarySource path(Path path) {
    return new AtPath(path);
  }

  /**
   * Returns a library bundled in the class path of {@code loader}: the archive {@code
   * META-INF/native/<platform>.tar.gz} (platform as {@code linux-x86_64}, {@code linux-aarch64}),
   * whose SHA-256 (lowercase hex) is in {@code <platform>.tar.gz.sha256} beside it, holds {@code
   * library} (a file name) and the libraries it needs. At bind time the archive's checksum is
   * verified and the archive unpacked, once per content, into a directory named after the checksum
   * under the cache directory; the directory is renamed into place whole, so JVMs unpacking at once
   * do not see each other's half-written files. Unpacked files found there are verified too.
   *
   * <p>The cache directory is {@code cacheDir}, or else the system property {@value
   * #CACHE_DIR_PROPERTY}, or else {@code $XDG_CACHE_HOME/bridgekit/native} ({@code
   * ~/.cache/bridgekit/native}); never {@code /tmp}, which is often mounted noexec.
   *
   * @param cacheDir the cache directory, or null for the default
   */
  static LibrarySource bundled(ClassLoader loader, String library, Path cacheDir) {
    return new Bundled(loader, library, cacheDir);
  }

  /** Returns the library bundled with {@code anchor}'s class loader, in the default cache. */
  static LibrarySource bundled(Class<?> anchor, String library) {
    return new Bundled(anchor.getClassLoader(), library, null);
  }

  /**
   * A library bundled in an archive on the class path.
   *
   * @param loader the class loader whose resources hold the archive
   * @param library the library's file name in the archive
   * @param cacheDir the cache directory, or null for the default
   */
  record Bundled(ClassLoader loader, String library, Path cacheDir) implements LibrarySource {
    /** Checks the loader is present and the name is a plain file name. */
    public Bundled {
      Objects.requireNonNull(loader, "loader");
      Objects.requireNonNull(library, "library");
      if (library.isBlank() || library.contains("/")) {
        throw new IllegalArgumentException("library is blank or has a directory: " + library);
      }
    }
  }

  /**
   * A library found by name.
   *
   * @param name a short name or a file name, without a directory
   */
  record Named(String name) implements LibrarySource {
    /** Checks the name is not blank and has no directory. */
    public Named {
      Objects.requireNonNull(name, "name");
      if (name.isBlank() || name.contains("/")) {
        throw new IllegalArgumentException("library name is blank or has a directory: " + name);
      }
    }
  }

  /**
   * A library at a path.
   *
   * @param path the library file
   */
  record AtPath(Path path) implements LibrarySource {
    /** Checks the path is present. */
    public AtPath {
      Objects.requireNonNull(path, "path");
    }
  }
}
