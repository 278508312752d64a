package dev.bridgekit.bench.ffi;

import dev.bridgekit.ffi.LibrarySource;
import dev.bridgekit.runtime.NativeDir;
import java.nio.file.Path;

/** Where the FFI rows find the demo library: through NativeDir only, as every other row does. */
final class DemoLibraryFile {
  /** The file native/ builds the demo library into. */
  static final String NAME = "libbkdemo.so";

  private DemoLibraryFile() {}

  /** Returns the demo library's path. */
  static Path path() {
    return NativeDir.resolve(NAME);
  }

  /** Returns the demo library as a binding's source. */
  static LibrarySource source() {
    return LibrarySource.path(path());
  }
}
