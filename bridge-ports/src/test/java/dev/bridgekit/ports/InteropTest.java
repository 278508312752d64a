package dev.bridgekit.ports;

import static dev.bridgekit.ports.Recv.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bridgekit.runtime.Mailbox;
import dev.bridgekit.runtime.NativeDir;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.testing.ErlPeer;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Real peers: erl opens our port programs; our ports drive an Elixir script. */
class InteropTest {

  /** Runs both all-caps programs under erl's open_port with {packet,4} and returns the replies. */
  @Test
  void erlOpensTheCAndJavaAllCapsProgramsWithPacket4() {
    ErlPeer.require();
    String java = ProcessHandle.current().info().command().orElseThrow();
    String cp = System.getProperty("java.class.path");
    String expr = """
        Run = fun(Exe, Args) ->
          P = open_port({spawn_executable, Exe}, [{args, Args}, {packet, 4}, binary, exit_status]),
          Msgs = [<<"hello">>, <<"no newline">>, <<"line\\n">>, <<16#EF, 16#AC, 16#80>>, <<>>],
          Replies = [begin
                       true = port_command(P, M),
                       receive {P, {data, D}} -> D after 10000 -> exit(timeout) end
                     end || M <- Msgs],
          port_close(P),
          [io:format("~s~n", [binary:encode_hex(R)]) || R <- Replies],
          io:format("--~n")
        end,
        Run("%s", []),
        Run("%s", ["-cp", "%s", "%s"])
        """.formatted(NativeDir.resolve("bk_allcaps"), java, cp, AllCapsProgram.class.getName());
    String out = ErlPeer.eval(expr);
    String expected = hex("HELLO") + hex("NO NEWLINE") + hex("LINE\n") + hex("FF") + "\n--\n";
    assertEquals(expected + expected, out.replace("\r", ""));
  }

  private static String hex(String s) {
    return HexFormat.of().withUpperCase().formatHex(utf8(s)) + "\n";
  }

  @Test
  void ourPortDrivesARealElixirScriptSpeakingPacket4() throws Exception {
    Path elixir = requireElixir();
    Path script = resource("upcase.exs");
    Mailbox owner = Processes.openMailbox();
    try {
      Processes.trapExit(true);
      Port port = Port.open(PortSpec.program(elixir).args(script.toString())
          .framing(Framing.packet(4)).exitStatus().build());
      port.command(utf8("hello"));
      assertEquals("HELLO", Recv.text(port));
      port.command(utf8("no newline \uFB00"));
      assertEquals("NO NEWLINE FF", Recv.text(port));
      byte[] big = new byte[100_000];
      java.util.Arrays.fill(big, (byte) 'a');
      port.command(big);
      byte[] back = Recv.data(port);
      assertEquals(big.length, back.length);
      assertEquals('A', back[back.length - 1]);
      port.closeInput();
      assertEquals(0, Recv.exitStatus(port));
    } finally {
      owner.close();
    }
  }

  static Path resource(String name) throws URISyntaxException {
    return Path.of(InteropTest.class.getClassLoader().getResource(name).toURI());
  }

  /** Returns elixir's path, or fails under CI=true, or skips loudly. */
  static Path requireElixir() {
    Optional<Path> found = List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .stream().map(d -> Path.of(d.isEmpty() ? "." : d, "elixir")).filter(Files::isExecutable)
        .findFirst();
    if (found.isPresent()) {
      return found.get();
    }
    String message = "elixir is not on the PATH: the Debian package elixir is missing (`make test`"
        + " installs it)";
    if ("true".equals(System.getenv("CI"))) {
      return Assertions.fail(message);
    }
    System.err.println("!!!!! SKIPPING TEST: " + message + " !!!!!");
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }
}
