package dev.bridgekit.ffi.internal;

import dev.bridgekit.ffi.LibraryNotFoundException;
import dev.bridgekit.ffi.LibrarySource;
import java.io.File;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds and opens a library at bind time, keeping a record of every place it tried. Libraries are
 * opened in the global arena and never unloaded: unloading code that a callback, a thread or a
 * pointer may still reach is a crash waiting to happen.
 */
// Native access on purpose: restricted FFM methods are what this type exists to call.
@SuppressWarnings("restricted")
final class LibraryLocator {
  /** Where Linux distributions put libraries, searched after the configured paths. */
  private static final List<String> SYSTEM_DIRS = List.of(
      "/lib64", "/usr/lib64", "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
      "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/local/lib", "/lib", "/usr/lib");

  private LibraryLocator() {}

  /** Opens the library {@code source} names, or throws naming every place tried. */
  static LoadedLibrary open(LibrarySource source) {
    return switch (source) {
      case LibrarySource.AtPath p -> openPath(p.path().toString(), p.path());
      case LibrarySource.Named n -> openNamed(n.name());
      case LibrarySource.Bundled b -> BundleUnpacker.open(b);
    };
  }

  /**
   * A library found but not opened, for a host process to open.
   *
   * @param requested the library as asked for, for messages
   * @param location an absolute path, or a file name for the host's dlopen to resolve
   * @param tried the places looked at before, each with why it failed (for a failed dlopen)
   */
  record Located(String requested, String location, List<String> tried) {}

  /**
   * Finds the library {@code source} names without opening it in this JVM: its code may crash,
   * and out-of-process bindings exist to keep that out of the JVM.
   *
   * @throws LibraryNotFoundException for a missing path or a bundle that cannot be unpacked
   */
  static Located locate(LibrarySource source) {
    return switch (source) {
      case LibrarySource.AtPath p -> {
        Path absolute = p.path().toAbsolutePath();
        if (!Files.isRegularFile(absolute)) {
          throw new LibraryNotFoundException(p.path().toString(),
              List.of(absolute + " (no such file)"));
        }
        yield new Located(p.path().toString(), absolute.toString(), List.of());
      }
      case LibrarySource.Named n -> {
        String file = fileName(n.name());
        List<String> tried = new ArrayList<>();
        for (String dir : searchDirs()) {
          Path candidate = Path.of(dir, file);
          if (Files.isRegularFile(candidate)) {
            yield new Located(n.name(), candidate.toAbsolutePath().toString(), List.of());
          }
          tried.add(candidate + " (no such file)");
        }
        yield new Located(n.name(), file, tried);
      }
      case LibrarySource.Bundled b ->
          new Located(BundleUnpacker.requested(b), BundleUnpacker.unpack(b).toString(), List.of());
    };
  }

  private static String fileName(String name) {
    return name.contains(".so") ? name : System.mapLibraryName(name);
  }

  /** Opens the library at {@code path}; {@code requested} names it in messages. */
  static LoadedLibrary openPath(String requested, Path path) {
    Path absolute = path.toAbsolutePath();
    if (!Files.isRegularFile(absolute)) {
      throw new LibraryNotFoundException(requested, List.of(absolute + " (no such file)"));
    }
    try {
      return new LoadedLibrary(requested, absolute.toString(),
          SymbolLookup.libraryLookup(absolute, Arena.global()));
    } catch (IllegalArgumentException e) {
      throw new LibraryNotFoundException(requested,
          List.of(absolute + " (cannot be opened: " + e.getMessage() + ")"));
    }
  }

  private static LoadedLibrary openNamed(String name) {
    String file = fileName(name);
    List<String> tried = new ArrayList<>();
    for (String dir : searchDirs()) {
      Path candidate = Path.of(dir, file);
      if (!Files.isRegularFile(candidate)) {
        tried.add(candidate + " (no such file)");
        continue;
      }
      try {
        return new LoadedLibrary(name, candidate.toAbsolutePath().toString(),
            SymbolLookup.libraryLookup(candidate.toAbsolutePath(), Arena.global()));
      } catch (IllegalArgumentException e) {
        tried.add(candidate + " (cannot be opened: " + e.getMessage() + ")");
      }
    }
    // Last, the dynamic linker's own search (its cache, DT_RUNPATH), which knows what no
    // directory list here does.
    try {
      return new LoadedLibrary(name, file, SymbolLookup.libraryLookup(file, Arena.global()));
    } catch (IllegalArgumentException e) {
      tried.add("dlopen(\"" + file + "\") (" + e.getMessage() + ")");
    }
    throw new LibraryNotFoundException(name, tried);
  }

  private static Set<String> searchDirs() {
    Set<String> dirs = new LinkedHashSet<>();
    addPathList(dirs, System.getProperty("java.library.path"));
    addPathList(dirs, System.getenv("LD_LIBRARY_PATH"));
    dirs.addAll(SYSTEM_DIRS);
    return dirs;
  }

  private static void addPathList(Set<String> dirs, String list) {
    if (list == null) {
      return;
    }
    for (String dir : list.split(File.pathSeparator)) {
      if (!dir.isBlank()) {
        dirs.add(dir);
      }
    }
  }
}
