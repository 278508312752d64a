package dev.bridgekit.ports;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a port and a command both run: a program, its arguments, its working directory and the
 * changes to the JVM's environment it gets. Built and validated by {@link ProgramBuilder}.
 *
 * @param executable the program as given: a path, or a bare name to search for
 * @param searchPath whether a bare name is looked up on the {@code PATH}
 * @param args the arguments, without arg0
 * @param arg0 what the program sees as {@code argv[0]}, or null for the executable as given
 * @param cwd the working directory, or null for the JVM's
 * @param envChanges the changes in the order given: a value sets the variable, empty unsets it
 */
record Program(String executable, boolean searchPath, List<String> args, String arg0, Path cwd,
    Map<String, Optional<String>> envChanges) {

  /** Returns what the program sees as {@code argv[0]}: as set, else the executable as given. */
  String argv0() {
    return arg0 != null ? arg0 : executable;
  }

  /** Returns the program's environment: the JVM's, with the changes applied. */
  Map<String, String> environment() {
    if (envChanges.isEmpty()) {
      return System.getenv();
    }
    Map<String, String> env = new TreeMap<>(System.getenv());
    envChanges.forEach((name, value) -> {
      if (value.isPresent()) {
        env.put(name, value.get());
      } else {
        env.remove(name);
      }
    });
    return env;
  }

  /**
   * Returns the path to execute, found in the program's environment {@code env} (see {@link
   * ExecutableSearch}).
   *
   * @throws PortOpenException ({@code enoent}) if a searched name is on no directory of the
   *     {@code PATH}
   */
  String resolve(Map<String, String> env) {
    return ExecutableSearch.resolve(executable, searchPath, env);
  }
}
