package dev.bridgekit.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.dist.internal.EpmdClient;
import dev.bridgekit.dist.internal.EpmdClient.Registration;
import dev.bridgekit.dist.internal.EpmdProtocol.NodeEntry;
import dev.bridgekit.dist.internal.EpmdServer;
import dev.bridgekit.term.Binary;
import dev.bridgekit.term.Int;
import dev.bridgekit.term.ListTerm;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Tuple;
import dev.bridgekit.testing.ErlPeer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The embedded EPMD against real erl nodes and erts' epmd command, and our client against erts' epmd. */
// Resources opened for their effect: a mailbox makes the test thread a process, a registration
// holds a name in EPMD.
@SuppressWarnings("try")
class EpmdErlTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static NodeEntry entry(String name, int port) {
    return new NodeEntry(name, port, 77, 0, 6, 5, new byte[0]);
  }

  @Test
  void erlRegistersWithTheEmbeddedEpmdAndSeesJavaRegistrations() throws Exception {
    ErlPeer.require();
    try (EpmdServer server = EpmdServer.start(null, TestPorts.free());
        ErlNode erl = ErlNode.start("epmdtest", "c00kie", server.port())) {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(),
          server.port());
      Map<String, Integer> names = EpmdClient.names(address, TIMEOUT);
      assertTrue(names.containsKey("epmdtest"), "registered: " + names);
      int erlPort = names.get("epmdtest");

      String listing = runEpmdCommand(server.port(), "-names");
      assertTrue(listing.contains("name epmdtest at port " + erlPort), listing);

      try (Registration reg = EpmdClient.register(address, entry("javareg", 4242), TIMEOUT)) {
        Term found = erl.eval("erl_epmd:port_please(\"javareg\", \"localhost\")");
        assertEquals(Tuple.of(dev.bridgekit.term.Atom.of("port"), new Int(4242), new Int(6)),
            found);
        Term erlNames = erl.eval("{ok, Ns} = net_adm:names(\"localhost\"),"
            + " [{list_to_binary(N), P} || {N, P} <- lists:sort(Ns)]");
        assertEquals(ListTerm.of(Tuple.of(Binary.of("epmdtest"), new Int(erlPort)),
            Tuple.of(Binary.of("javareg"), new Int(4242))), erlNames);
      }
    }
  }

  @Test
  void ourClientRegistersWithErtsEpmd() throws Exception {
    Path erl = ErlPeer.require();
    Path epmd = erl.resolveSibling("epmd");
    int port = TestPorts.free();
    Process daemon = new ProcessBuilder(epmd.toString(), "-port", Integer.toString(port))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!EpmdClient.isListening(address, Duration.ofMillis(200))) {
        assertTrue(System.nanoTime() < deadline, "epmd did not start listening on " + port);
        Thread.sleep(20);
      }
      try (Registration reg = EpmdClient.register(address, entry("jreal", 5151), TIMEOUT)) {
        assertTrue(reg.creation() != 0, "creation " + reg.creation());
        assertEquals(Map.of("jreal", 5151), EpmdClient.names(address, TIMEOUT));
        NodeEntry found = EpmdClient.lookup(address, "jreal", TIMEOUT).orElseThrow();
        assertEquals(5151, found.port());
        String listing = runEpmdCommand(port, "-names");
        assertTrue(listing.contains("name jreal at port 5151"), listing);
      }
      while (!EpmdClient.names(address, TIMEOUT).isEmpty()) {
        assertTrue(System.nanoTime() < deadline, "epmd kept jreal after its connection closed");
        Thread.sleep(20);
      }
    } finally {
      daemon.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  /** Runs erts' {@code epmd} as a client ({@code -names}) against the EPMD on {@code port}. */
  private static String runEpmdCommand(int port, String... args) throws IOException,
      InterruptedException {
    Path epmd = ErlPeer.require().resolveSibling("epmd");
    List<String> cmd = new java.util.ArrayList<>(List.of(epmd.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("ERL_EPMD_PORT", Integer.toString(port));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(10, TimeUnit.SECONDS), "epmd " + String.join(" ", args) + " hung");
    return out;
  }
}
