package dev.bridgekit.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Drives a BEAM node that stands as the anchor of side-by-side metrics: one {@code erl -noshell}
 * running {@code bench_anchor.erl} (compiled with {@code erlc} when the node starts), kept for a
 * whole run and driven by one command per line on its stdin, one answer per line on its stdout.
 * It knows the node's OS pid ({@code os:getpid()}) and reads the node's CPU time around each
 * command from {@code /proc}.
 *
 * <p>The node halts when its stdin closes, so it ends with the harness even if the harness is
 * killed; {@link #close()} also kills it if it does not. One thread at a time may send commands.
 */
public final class ErlAnchor implements AutoCloseable {
  /**
   * The flags a run's node gets. BEAM's defaults otherwise (schedulers, busy-waiting, allocators):
   * {@code +P} only raises the process limit so that a million processes fit.
   */
  public static final List<String> DEFAULT_FLAGS = List.of("+P", "2000000");

  private static final String MODULE = "bench_anchor";
  private static final String ANSWER = "@@ ";
  private static final String CLOSED = "\0closed";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private final List<String> commandLine;
  private final long osPid;
  private final CpuClock cpu;
  private final Map<String, String> info;
  private final Thread shutdownHook;

  private ErlAnchor(Process process, List<String> commandLine) {
    this.process = process;
    this.commandLine = List.copyOf(commandLine);
    this.stdin = process.outputWriter(StandardCharsets.UTF_8);
    Thread.ofPlatform().daemon().name("erl-anchor-stdout").start(this::readAnswers);
    this.shutdownHook = new Thread(process::destroyForcibly, "erl-anchor-kill");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    Map<String, String> hello;
    try {
      hello = parse("(start)", await("(start)", START_TIMEOUT));
    } catch (RuntimeException e) {
      close();
      throw new AnchorUnavailableException(
          "erl did not start: " + String.join(" ", commandLine) + ": " + e.getMessage(), e);
    }
    this.info = hello;
    this.osPid = Long.parseLong(hello.get("os_pid"));
    this.cpu = CpuClock.ofPid(osPid);
  }

  /**
   * Compiles the anchor module into {@code workDir} and starts a node with {@code flags}.
   *
   * @throws AnchorUnavailableException if {@code erl} or {@code erlc} is not on the PATH, the
   *     module does not compile, or the node does not answer
   */
  public static ErlAnchor start(Path workDir, List<String> flags) throws IOException {
    Path erl = onPath("erl");
    Path erlc = onPath("erlc");
    Path ebin = compile(erlc, workDir.resolve("erl"));
    List<String> command = new ArrayList<>();
    command.add(erl.toString());
    command.add("-noshell");
    command.addAll(flags);
    command.addAll(List.of("-pa", ebin.toString(), "-run", MODULE, "main"));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    return new ErlAnchor(process, command);
  }

  /** Returns the node's OS pid, as {@code os:getpid()} answered it. */
  public long osPid() {
    return osPid;
  }

  /** Returns the node's CPU clock. */
  public CpuClock cpu() {
    return cpu;
  }

  /** Returns what was run, for a row's note: {@code erl -noshell +P 2000000 (OTP 25, ...)}. */
  public String description() {
    return "erl -noshell "
        + String.join(" ", commandLine.subList(2, commandLine.size() - 5))
        + " (OTP "
        + info.get("otp")
        + ", erts "
        + info.get("erts")
        + ", "
        + info.get("schedulers")
        + " schedulers; defaults otherwise)";
  }

  /**
   * Sends one command ({@code call_rtt 100000}) and returns the answer, with the node's CPU time
   * from sending to answer.
   *
   * @throws IllegalStateException if the node answers with an error, does not answer within
   *     {@code timeout}, or has exited
   */
  public synchronized ErlReply command(String command, Duration timeout) {
    try {
      long cpu0 = cpu.nanos();
      stdin.write(command + "\n");
      stdin.flush();
      String answer = await(command, timeout);
      long cpu1 = cpu.nanos();
      return new ErlReply(command, parse(command, answer), cpu1 - cpu0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot send '" + command + "' to erl (pid " + osPid + ")", e);
    }
  }

  /** Closes the node's stdin, so it halts, and kills it if it has not exited within 5 seconds. */
  @Override
  public void close() {
    try {
      stdin.close();
    } catch (IOException e) {
      // The pipe is broken when the node is gone already: nothing to close.
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook runs anyway, and the node is gone.
    }
  }

  private String await(String command, Duration timeout) {
    String answer;
    try {
      answer = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted waiting for erl's answer to '" + command + "'", e);
    }
    if (answer == null) {
      throw new IllegalStateException("erl did not answer '" + command + "' within " + timeout);
    }
    if (answer.equals(CLOSED)) {
      answers.add(CLOSED);
      throw new IllegalStateException(
          "erl exited (status " + exitStatus() + ") before answering '" + command + "'");
    }
    return answer;
  }

  private static Map<String, String> parse(String command, String answer) {
    if (answer.startsWith("error ")) {
      throw new IllegalStateException("erl answered '" + command + "' with " + answer);
    }
    if (!answer.equals("ok") && !answer.startsWith("ok ")) {
      throw new IllegalStateException("erl gave an answer that is no answer: " + answer);
    }
    Map<String, String> fields = new HashMap<>();
    for (String pair : answer.substring(2).strip().split(" +")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        fields.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return fields;
  }

  private void readAnswers() {
    try (BufferedReader out = process.inputReader(StandardCharsets.UTF_8)) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith(ANSWER)) {
          answers.add(line.substring(ANSWER.length()));
        } else {
          // A logger report or a crash: no answer, but worth seeing.
          System.err.println("erl: " + line);
        }
      }
    } catch (IOException e) {
      System.err.println("erl: stdout: " + e);
    } finally {
      answers.add(CLOSED);
    }
  }

  private String exitStatus() {
    try {
      return process.waitFor(1, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  private static Path compile(Path erlc, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path source = dir.resolve(MODULE + ".erl");
    try (InputStream in = ErlAnchor.class.getResourceAsStream("/erlang/" + MODULE + ".erl")) {
      if (in == null) {
        throw new IllegalStateException("erlang/" + MODULE + ".erl is not on the class path");
      }
      Files.write(source, in.readAllBytes());
    }
    Process process =
        new ProcessBuilder(erlc.toString(), "-o", dir.toString(), source.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (process.waitFor() != 0) {
        throw new AnchorUnavailableException(
            "erlc failed on " + source + " (status " + process.exitValue() + "): " + output);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted compiling " + source, e);
    }
    return dir;
  }

  private static Path onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, program);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    throw new AnchorUnavailableException(
        program
            + " is not on the PATH ("
            + path
            + "): the side-by-side rows run against a BEAM node; install Erlang/OTP"
            + " (Debian: apt-get install erlang-nox) or choose other rows with ONLY=<prefix>");
  }
}
