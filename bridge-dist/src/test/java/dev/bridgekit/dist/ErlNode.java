package dev.bridgekit.dist;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.ExternalFormat;
import dev.bridgekit.term.Term;
import dev.bridgekit.testing.ErlPeer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/**
 * Runs a real distributed {@code erl} node for a test and evaluates Erlang expressions in it,
 * returning their values as terms (through {@code term_to_binary}, so a test compares exact
 * terms). Each {@link #eval} starts with no variables bound, in the same process (the node's
 * evaluator, whose mailbox and flags persist).
 *
 * <p>The node never starts an EPMD of its own ({@code -start_epmd false}): tests give it the port
 * of an EPMD they started (an {@code EpmdServer}, or a real {@code epmd} they own), through
 * {@code ERL_EPMD_PORT}. Closing the node kills it. Without erl, {@link #start} skips the test
 * (or fails it under {@code CI=true}), as {@link ErlPeer#require()} does.
 */
public final class ErlNode implements AutoCloseable {
  static final long EVAL_TIMEOUT_SECONDS = 30;

  private static final String LOOP = String.join("\n",
      "Eval = fun(Line, B) ->",
      "  {ok, Toks, _} = erl_scan:string(Line),",
      "  {ok, Exprs} = erl_parse:parse_exprs(Toks),",
      "  {value, V, NB} = erl_eval:exprs(Exprs, B),",
      "  {V, NB}",
      "end,",
      "Loop = fun Loop(B) ->",
      "  case io:get_line('') of",
      "    eof -> halt(0);",
      "    {error, _} -> halt(0);",
      "    Line ->",
      "      {Out, B2} = try Eval(Line, B) of",
      "          {V, _} -> {\"OK \" ++ base64:encode_to_string(term_to_binary(V)), B}",
      "        catch C:E:S ->",
      "          {\"ERR \" ++ base64:encode_to_string(unicode:characters_to_binary(",
      "              io_lib:format(\"~p:~p~n~p\", [C, E, S]))), B}",
      "        end,",
      "      io:put_chars([Out, $\\n]),",
      "      Loop(B2)",
      "  end",
      "end,",
      "Loop(erl_eval:new_bindings()).");

  private final Process process;
  private final OutputStream stdin;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
  private final List<String> output = new ArrayList<>();
  private final Path stderr;
  private final Atom name;

  private ErlNode(Process process, Path stderr) {
    this.process = process;
    this.stdin = process.getOutputStream();
    this.stderr = stderr;
    // A platform thread: a test may hold every carrier with busy processes and still eval.
    Thread.ofPlatform().daemon().name("erl-output").start(this::readOutput);
    this.name = (Atom) eval("node()");
  }

  /**
   * Starts {@code erl -sname <sname> -setcookie <cookie>} registering with the EPMD on {@code
   * epmdPort}, plus {@code extraArgs} (e.g. {@code "-kernel", "net_ticktime", "4"}).
   */
  public static ErlNode start(String sname, String cookie, int epmdPort, String... extraArgs) {
    List<String> args = new ArrayList<>(List.of("-sname", sname));
    args.addAll(List.of(extraArgs));
    return startWith(args, cookie, epmdPort);
  }

  /**
   * Starts {@code erl} with {@code args} (which name the node: {@code -sname} or {@code -name}),
   * the cookie, and {@code ERL_EPMD_PORT} set to {@code epmdPort}.
   */
  public static ErlNode startWith(List<String> args, String cookie, int epmdPort) {
    Path erl = ErlPeer.require();
    List<String> cmd = new ArrayList<>(List.of(erl.toString(), "-noshell", "-setcookie", cookie,
        "-start_epmd", "false"));
    cmd.addAll(args);
    cmd.addAll(List.of("-eval", LOOP));
    try {
      Path err = Files.createTempFile("erlnode", ".err");
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
      pb.environment().put("ERL_EPMD_PORT", Integer.toString(epmdPort));
      pb.environment().put("ERL_CRASH_DUMP_SECONDS", "0");
      return new ErlNode(pb.start(), err);
    } catch (IOException e) {
      return Assertions.fail("cannot start erl", e);
    }
  }

  /** Returns the node's name, {@code sname@host}. */
  public Atom name() {
    return name;
  }

  /** Returns the OS process, for tests that kill it. */
  public Process process() {
    return process;
  }

  /** Returns an Erlang expression that evaluates to {@code term}: for pids and refs, which have no literal syntax. */
  public static String literal(Term term) {
    return "binary_to_term(base64:decode(\"" + Base64.getEncoder().encodeToString(
        ExternalFormat.encode(term)) + "\"))";
  }

  /**
   * Evaluates {@code expressions} (comma-separated, on one line or several; a final period is
   * optional) and returns the last one's value. Fails the test if they raise.
   */
  public Term eval(String expressions) {
    String line = expressions.strip().replace('\n', ' ');
    if (!line.endsWith(".")) {
      line = line + ".";
    }
    try {
      stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      String reply = replies.poll(EVAL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (reply == null) {
        return Assertions.fail("erl " + name + " gave no answer in " + EVAL_TIMEOUT_SECONDS
            + " s to: " + line + diagnostics());
      }
      if (reply.startsWith("ERR ")) {
        return Assertions.fail("erl " + name + " raised on: " + line + "\n"
            + new String(Base64.getDecoder().decode(reply.substring(4)), StandardCharsets.UTF_8));
      }
      return ExternalFormat.decode(Base64.getDecoder().decode(reply.substring(3)));
    } catch (IOException e) {
      return Assertions.fail("erl " + name + " is gone" + diagnostics(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Assertions.fail("interrupted", e);
    }
  }

  /** Kills the node at once (SIGKILL): its connections drop without a goodbye. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    kill();
    try {
      Files.deleteIfExists(stderr);
    } catch (IOException e) {
      // A leftover temp file is harmless.
    }
  }

  /** Returns what the node wrote besides answers (its log, mostly) and to stderr. */
  public String diagnostics() {
    String err;
    try {
      err = Files.readString(stderr);
    } catch (IOException e) {
      err = "(unreadable)";
    }
    synchronized (output) {
      return "\nstdout:\n" + String.join("\n", output) + "\nstderr:\n" + err;
    }
  }

  private void readOutput() {
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("OK ") || line.startsWith("ERR ")) {
          replies.add(line);
        } else {
          synchronized (output) {
            output.add(line);
          }
        }
      }
    } catch (IOException e) {
      // The node died; eval reports it.
    }
  }
}
