package dev.bridgekit.ports;

import dev.bridgekit.term.Atom;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Finds a program to run: as given, or on the {@code PATH} when asked to. */
final class ExecutableSearch {
  private ExecutableSearch() {}

  /**
   * Returns the path to execute: {@code name} as given unless {@code search} asks for a {@code
   * PATH} search of a bare name (no {@code /}), then the first regular, executable file on the
   * {@code PATH} of the program's environment {@code env}.
   *
   * @throws PortOpenException ({@code enoent}) naming the program and the {@code PATH} searched
   */
  static String resolve(String name, boolean search, Map<String, String> env) {
    if (!search || name.contains("/")) {
      return name;
    }
    String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toAbsolutePath().toString();
      }
    }
    throw new PortOpenException(Atom.of("enoent"), name,
        "cannot find " + name + " on the PATH: enoent (searched " + path + ")");
  }
}
