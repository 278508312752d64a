package dev.bridgekit.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Erlang code in a real {@code erl} for tests, one short-lived BEAM per call.
 *
 * <p>Call {@link #require()} first: without {@code erl} on the PATH it fails the test when the
 * environment variable {@code CI} is {@code true} (the build machine must have the Debian
 * packages), and elsewhere aborts it (skipped) with a loud line on stderr. Starting erl costs about
 * a second, so a test should batch its vectors into one {@link #eval} call.
 */
public final class ErlPeer {
  /** How long one erl run may take before it is killed and the test fails. */
  public static final long TIMEOUT_SECONDS = 30;

  private static volatile Optional<Path> erl;

  private ErlPeer() {}

  /**
   * Returns the path of {@code erl}, or fails (under {@code CI=true}) or aborts the calling test
   * when there is none.
   */
  public static Path require() {
    Optional<Path> found = find();
    if (found.isPresent()) {
      return found.get();
    }
    String message = "erl is not on the PATH: the Debian packages erlang-base/erlang-dev are"
        + " missing (`make test` installs them)";
    if ("true".equals(System.getenv("CI"))) {
      return Assertions.fail(message);
    }
    System.err.println("!!!!! SKIPPING TEST: " + message + " !!!!!");
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  /** Returns whether {@code erl} is on the PATH. */
  public static boolean available() {
    return find().isPresent();
  }

  /**
   * Evaluates {@code expressions} (Erlang expressions separated by commas, no final period) in a
   * fresh {@code erl -noshell} and returns what they wrote to standard output. The expressions may
   * read nothing from standard input.
   */
  public static String eval(String expressions) {
    return eval(expressions, "");
  }

  /**
   * Evaluates {@code expressions} as {@link #eval(String)}, with {@code input} on erl's standard
   * input (read it with {@code io:get_line("")} until {@code eof}). Fails the test with erl's
   * stderr when an expression raises or erl exits non-zero, and after {@link #TIMEOUT_SECONDS},
   * killing erl.
   */
  public static String eval(String expressions, String input) {
    Path erlPath = require();
    String body = expressions.strip();
    if (body.endsWith(".")) {
      body = body.substring(0, body.length() - 1);
    }
    // Report an exception with its stack and exit non-zero, rather than letting init crash and
    // write erl_crash.dump; halt/1 is immediate where init:stop/0 takes a while.
    String program = "try\n" + body + "\nof _ -> halt(0)\ncatch C:R:S ->"
        + " io:format(standard_error, \"~p:~p~n~p~n\", [C, R, S]), halt(1)\nend.";
    Path out = null;
    Path err = null;
    Process p = null;
    try {
      out = Files.createTempFile("erlpeer", ".out");
      err = Files.createTempFile("erlpeer", ".err");
      ProcessBuilder pb =
          new ProcessBuilder(List.of(erlPath.toString(), "-noshell", "-eval", program))
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      pb.environment().put("ERL_CRASH_DUMP_SECONDS", "0");
      p = pb.start();
      Process proc = p;
      byte[] in = input.getBytes(StandardCharsets.UTF_8);
      // A separate writer: erl may stop reading (or fail) before it has taken all the input.
      Thread writer = Thread.ofVirtual().start(() -> {
        try (OutputStream os = proc.getOutputStream()) {
          os.write(in);
        } catch (IOException e) {
          // erl exited without reading everything; its exit status and stderr tell why.
        }
      });
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        return Assertions.fail("erl timed out after " + TIMEOUT_SECONDS + " s; stderr:\n"
            + Files.readString(err) + "\nstdout:\n" + tail(Files.readString(out)));
      }
      writer.join();
      String stdout = Files.readString(out);
      if (p.exitValue() != 0) {
        return Assertions.fail("erl exited with " + p.exitValue() + "; stderr:\n"
            + Files.readString(err) + "\nstdout:\n" + tail(stdout));
      }
      return stdout;
    } catch (IOException e) {
      return Assertions.fail("cannot run erl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Assertions.fail("interrupted while erl ran", e);
    } finally {
      if (p != null && p.isAlive()) {
        p.destroyForcibly();
      }
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static String tail(String s) {
    return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // A leftover temp file is harmless.
      }
    }
  }

  private static Optional<Path> find() {
    Optional<Path> found = erl;
    if (found == null) {
      found = Optional.empty();
      String path = System.getenv("PATH");
      if (path != null) {
        for (String dir : path.split(File.pathSeparator)) {
          if (dir.isEmpty()) {
            continue;
          }
          Path candidate = Path.of(dir, "erl");
          if (Files.isExecutable(candidate)) {
            found = Optional.of(candidate);
            break;
          }
        }
      }
      erl = found;
    }
    return found;
  }
}
