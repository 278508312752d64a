package dev.bridgekit.ffi;

import dev.bridgekit.runtime.NativeDir;

/** Where the tests find the demo library: only through NativeDir. */
final class DemoLibrary {
  private DemoLibrary() {}

  static LibrarySource source() {
    return LibrarySource.path(NativeDir.resolve("libbkdemo.so"));
  }
}
