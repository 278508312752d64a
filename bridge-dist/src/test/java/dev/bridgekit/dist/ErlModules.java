package dev.bridgekit.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Compiles and loads Erlang modules, given as source text, into a test's {@link ErlNode}. */
final class ErlModules {
  private ErlModules() {}

  /**
   * A gen_server ({@code test_kv}) for calls from Java: {@code {echo, X}} answers {@code {echoed,
   * X}}; {@code {sleep, Ms}} answers {@code slept} after {@code Ms} ms; {@code {crash, R}} exits
   * with {@code R}; casts {@code {put, X}} store X, which the call {@code get} returns.
   */
  static final String KV = String.join("\n",
      "-module(test_kv).",
      "-behaviour(gen_server).",
      "-export([init/1, handle_call/3, handle_cast/2]).",
      "init(S) -> {ok, S}.",
      "handle_call({echo, X}, _From, S) -> {reply, {echoed, X}, S};",
      "handle_call({sleep, Ms}, _From, S) -> timer:sleep(Ms), {reply, slept, S};",
      "handle_call({crash, R}, _From, _S) -> exit(R);",
      "handle_call(get, _From, S) -> {reply, S, S}.",
      "handle_cast({put, X}, _S) -> {noreply, X}.",
      "");

  /** Compiles {@code source} (a whole module) on {@code erl} and loads it. */
  static void load(ErlNode erl, String module, String source) {
    try {
      Path dir = Files.createTempDirectory("erlmod");
      Path file = dir.resolve(module + ".erl");
      Files.writeString(file, source);
      Tuple loaded = (Tuple) erl.eval("{ok, M, B} = compile:file(\"" + file + "\", [binary,"
          + " return_errors]), code:load_binary(M, \"" + file + "\", B)");
      assertEquals(Atom.of("module"), loaded.get(0), "loading " + module);
      Files.delete(file);
      Files.delete(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
