package dev.bridgekit.ports;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The setters {@link PortSpec.Builder} and {@link Command.Builder} share: the program, its
 * arguments, working directory and environment, each value checked when it is given (C strings
 * cannot hold NUL; an environment name cannot hold {@code =}), so that a bad one fails where it
 * was written, naming it. Not thread-safe.
 *
 * @param <B> the concrete builder, which each setter returns
 */
abstract sealed class ProgramBuilder<B extends ProgramBuilder<B>>
    permits PortSpec.Builder, Command.Builder {
  private final String executable;
  private boolean searchPath;
  private final List<String> args = new ArrayList<>();
  private String arg0;
  private Path cwd;
  private final Map<String, Optional<String>> env = new LinkedHashMap<>();

  ProgramBuilder(String executable) {
    Objects.requireNonNull(executable, "executable");
    if (executable.isEmpty()) {
      throw new IllegalArgumentException("executable is empty");
    }
    this.executable = noNul("executable", executable);
  }

  /** Starts from {@code program}'s values, all valid already. */
  ProgramBuilder(Program program) {
    this.executable = program.executable();
    this.searchPath = program.searchPath();
    this.args.addAll(program.args());
    this.arg0 = program.arg0();
    this.cwd = program.cwd();
    this.env.putAll(program.envChanges());
  }

  private B self() {
    @SuppressWarnings("unchecked")
    B b = (B) this;
    return b;
  }

  /**
   * Looks a bare program name (no {@code /}) up on the {@code PATH} of the program's environment.
   */
  public B searchPath() {
    searchPath = true;
    return self();
  }

  /** Appends arguments. */
  public B args(String... more) {
    return args(List.of(more));
  }

  /** Appends arguments. */
  public B args(List<String> more) {
    for (String a : more) {
      args.add(noNul("argument", Objects.requireNonNull(a, "argument")));
    }
    return self();
  }

  /** Sets what the program sees as {@code argv[0]}. */
  public B arg0(String value) {
    arg0 = noNul("arg0", Objects.requireNonNull(value, "arg0"));
    return self();
  }

  /** Sets the working directory. */
  public B cwd(Path dir) {
    Objects.requireNonNull(dir, "cwd");
    noNul("cwd", dir.toString());
    cwd = dir;
    return self();
  }

  /** Sets an environment variable for the program (the rest of the JVM's stays). */
  public B env(String name, String value) {
    env.put(envName(name),
        Optional.of(noNul("value of " + name, Objects.requireNonNull(value, "value"))));
    return self();
  }

  /** Removes an environment variable from what the program inherits. */
  public B unsetEnv(String name) {
    env.put(envName(name), Optional.empty());
    return self();
  }

  /** Returns the program as set so far. */
  Program program() {
    return new Program(executable, searchPath, List.copyOf(args), arg0, cwd,
        Collections.unmodifiableMap(new LinkedHashMap<>(env)));
  }

  private static String envName(String name) {
    Objects.requireNonNull(name, "environment variable name");
    if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("environment variable name empty or with '=' or NUL: \""
          + name.replace("\0", "\\0") + "\"");
    }
    return name;
  }

  private static String noNul(String what, String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          what + " contains NUL: \"" + value.replace("\0", "\\0") + "\"");
    }
    return value;
  }
}
