package dev.bridgekit.ports;

import dev.bridgekit.runtime.NativeDir;
import dev.bridgekit.term.Atom;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.ProcessResult;
import org.zeroturnaround.exec.StartedProcess;

/**
 * Runs a program to completion, as Elixir's {@code System.cmd}: its input given up front, its
 * output captured up to a bound (the rest is read and dropped, so the program never blocks), its
 * exit status, and a timeout that ends its whole process group. Launched through zt-exec, behind
 * {@code native/bk_shim run}, which puts the program in a process group of its own and, when the
 * timeout passes (or the JVM dies), sends the group SIGTERM and SIGKILL after the kill grace; when
 * the program exits, whatever it left running in its group is ended the same way. Immutable; built
 * with {@link #program(String)}, validated as {@link PortSpec} is.
 */
public final class Command {
  /** The default bound on captured output (and on captured stderr): 1 MiB. */
  public static final long DEFAULT_MAX_OUTPUT = 1 << 20;

  private final Program program;
  private final byte[] input;
  private final long maxOutput;
  private final Duration timeout;
  private final Duration killGrace;
  private final boolean mergeStderr;

  private Command(Builder b) {
    program = b.program();
    input = b.input.clone();
    maxOutput = b.maxOutput;
    timeout = b.timeout;
    killGrace = b.killGrace;
    mergeStderr = b.mergeStderr;
  }

  /** Starts a command running {@code executable} (a path, or a name to search with {@link Builder#searchPath()}). */
  public static Builder program(String executable) {
    return new Builder(executable);
  }

  /** Starts a command running the program at {@code executable}. */
  public static Builder program(Path executable) {
    return new Builder(executable.toString());
  }

  /**
   * What a run gave.
   *
   * @param exitStatus the exit code, or 128 + the signal that killed the program (143 after a
   *     timeout's SIGTERM, 137 when the grace ran out)
   * @param output standard output (with stderr if merged), at most the bound
   * @param stderr standard error, at most the bound (empty when merged)
   * @param truncated whether output or stderr went past the bound
   * @param timedOut whether the timeout passed and the group was ended
   * @param elapsed from start to the end of the whole group
   */
  public record Result(
      int exitStatus, byte[] output, byte[] stderr, boolean truncated, boolean timedOut,
      Duration elapsed) {
    /** Returns the output as UTF-8 text. */
    public String outputText() {
      return new String(output, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Returns stderr as UTF-8 text. */
    public String stderrText() {
      return new String(stderr, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /**
   * Runs the command and returns once its whole process group has ended.
   *
   * @throws PortOpenException ({@code enoent}, {@code eacces}) naming the program if it is missing
   *     or not executable, without starting anything
   * @throws UncheckedIOException if the launcher cannot be started
   * @throws InterruptedException if interrupted; the program's group is ended first
   */
  public Result run() throws InterruptedException {
    // The shim inherits the JVM's environment plus what is set here, and unsets the rest itself.
    Map<String, String> set = new LinkedHashMap<>();
    List<String> unset = new ArrayList<>();
    program.envChanges().forEach((name, value) -> {
      if (value.isPresent()) {
        set.put(name, value.get());
      } else {
        unset.add(name);
      }
    });
    String path = program.resolve(program.environment());
    checkExecutable(path);
    List<String> cmd = new ArrayList<>(List.of(NativeDir.resolve("bk_shim").toString(), "run",
        Long.toString(killGrace.toMillis())));
    for (String name : unset) {
      cmd.add("-u");
      cmd.add(name);
    }
    cmd.add("--");
    cmd.add(path);
    cmd.add(program.argv0());
    cmd.addAll(program.args());

    BoundedOutput out = new BoundedOutput(maxOutput);
    BoundedOutput err = new BoundedOutput(mergeStderr ? 0 : maxOutput);
    ProcessExecutor executor = new ProcessExecutor().command(cmd).environment(set)
        .redirectInput(new ByteArrayInputStream(input))
        .redirectOutput(out)
        .redirectErrorStream(mergeStderr)
        .exitValueAny()
        .destroyOnExit();
    if (!mergeStderr) {
      executor.redirectError(err);
    }
    if (program.cwd() != null) {
      executor.directory(program.cwd().toFile());
    }
    long start = System.nanoTime();
    StartedProcess started;
    try {
      started = executor.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start bk_shim for " + path + ": " + e.getMessage(), e);
    }
    boolean timedOut = false;
    ProcessResult result;
    try {
      try {
        result = timeout == null
            ? started.getFuture().get()
            : started.getFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        timedOut = true;
        started.getProcess().destroy(); // SIGTERM to the shim, which ends the group
        result = started.getFuture().get();
      }
    } catch (InterruptedException e) {
      started.getProcess().destroy();
      throw e;
    } catch (ExecutionException e) {
      started.getProcess().destroy();
      throw new UncheckedIOException(new IOException("running " + path + " failed", e.getCause()));
    }
    return new Result(result.getExitValue(), out.bytes(), err.bytes(),
        out.truncated() || err.truncated(), timedOut, Duration.ofNanos(System.nanoTime() - start));
  }

  private void checkExecutable(String path) {
    Path p = Path.of(path);
    if (!p.isAbsolute() && program.cwd() != null) {
      p = program.cwd().resolve(p);
    }
    if (!Files.exists(p)) {
      throw new PortOpenException(Atom.of("enoent"), path,
          "cannot execute " + path + ": enoent (No such file or directory)");
    }
    if (Files.isDirectory(p) || !Files.isExecutable(p)) {
      throw new PortOpenException(Atom.of("eacces"), path,
          "cannot execute " + path + ": eacces (Permission denied)");
    }
  }

  @Override
  public String toString() {
    return "Command[" + program.executable() + " " + program.args() + "]";
  }

  /** Builds a {@link Command}; every setter validates its value at once. Not thread-safe. */
  public static final class Builder extends ProgramBuilder<Builder> {
    private byte[] input = new byte[0];
    private long maxOutput = DEFAULT_MAX_OUTPUT;
    private Duration timeout;
    private Duration killGrace = PortSpec.DEFAULT_CLOSE_GRACE;
    private boolean mergeStderr;

    private Builder(String executable) {
      super(executable);
    }

    /** Sets what the program reads on stdin (then end of file); none by default. */
    public Builder input(byte[] bytes) {
      input = Objects.requireNonNull(bytes, "input").clone();
      return this;
    }

    /** Sets the bound on captured output and on captured stderr, each. */
    public Builder maxOutput(long bytes) {
      if (bytes < 0 || bytes > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("maxOutput out of [0, 2^31-9]: " + bytes);
      }
      maxOutput = bytes;
      return this;
    }

    /** Ends the program's group when {@code limit} has passed; none by default. */
    public Builder timeout(Duration limit) {
      if (limit.isNegative() || limit.isZero()) {
        throw new IllegalArgumentException("timeout <= 0: " + limit);
      }
      timeout = limit;
      return this;
    }

    /** Sets the time between SIGTERM and SIGKILL when the group is ended (default 5 s). */
    public Builder killGrace(Duration grace) {
      if (grace.isNegative() || grace.toMillis() > 3_600_000) {
        throw new IllegalArgumentException("killGrace out of [0, 1 h]: " + grace);
      }
      killGrace = grace;
      return this;
    }

    /** Captures stderr into the output, as {@code stderr_to_stdout: true}. */
    public Builder mergeStderr() {
      mergeStderr = true;
      return this;
    }

    /** Returns the command, ready to {@link Command#run()}, as many times as wanted. */
    public Command build() {
      return new Command(this);
    }
  }

  /** Keeps the first {@code max} bytes written to it and counts (drops) the rest. */
  static final class BoundedOutput extends java.io.OutputStream {
    private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
    private final long max;
    private long total;

    BoundedOutput(long max) {
      this.max = max;
    }

    @Override
    public synchronized void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      long room = Math.max(0, max - kept.size());
      kept.write(b, off, (int) Math.min(room, len));
      total += len;
    }

    synchronized byte[] bytes() {
      return kept.toByteArray();
    }

    synchronized boolean truncated() {
      return total > max;
    }
  }
}
