package dev.bridgekit.runtime;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds what {@code native/} built (port programs, the port launcher, C libraries), through the one
 * mechanism the project has for it: the system property {@value #PROPERTY}, which the build sets
 * for tests, demos and benchmarks. Nothing in the project hard-codes a path to a native artifact.
 */
public final class NativeDir {
  /** The system property naming the directory that holds the native artifacts. */
  public static final String PROPERTY = "bridgekit.native.dir";

  private NativeDir() {}

  /**
   * Returns the directory named by {@value #PROPERTY}.
   *
   * @throws IllegalStateException if the property is unset or does not name a directory
   */
  public static Path path() {
    String dir = System.getProperty(PROPERTY);
    if (dir == null || dir.isBlank()) {
      throw new IllegalStateException(
          "system property " + PROPERTY + " is not set: it names the directory native/ builds"
              + " into (native/target/native); the Maven build sets it for tests, demos and"
              + " benchmarks, or pass -D" + PROPERTY + "=<dir>");
    }
    Path path = Path.of(dir);
    if (!Files.isDirectory(path)) {
      throw new IllegalStateException(
          PROPERTY + "=" + dir + " is not a directory: build native/ first (make -C native)");
    }
    return path;
  }

  /**
   * Returns the native artifact {@code name} (a program or a library file name).
   *
   * @throws IllegalStateException naming the path if the artifact is missing
   */
  public static Path resolve(String name) {
    Path file = path().resolve(name);
    if (!Files.exists(file)) {
      throw new IllegalStateException(
          "native artifact " + name + " not found at " + file + ": is native/ built?");
    }
    return file;
  }
}
