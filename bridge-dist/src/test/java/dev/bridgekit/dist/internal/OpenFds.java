package dev.bridgekit.dist.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Counts this JVM's open file descriptors, for tests that check no socket leaks (Linux). */
public final class OpenFds {
  private OpenFds() {}

  /** Returns how many fds this process has open now. */
  public static long count() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }
}
