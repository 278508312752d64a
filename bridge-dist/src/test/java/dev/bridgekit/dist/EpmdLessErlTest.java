package dev.bridgekit.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Tuple;
import dev.bridgekit.testing.ErlPeer;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A project node and erl with no EPMD at all, one fixed port for every node ({@code
 * -erl_epmd_port}, Adopting Elixir's setup for containers): each on its own loopback address, as
 * two hosts would be. erl finds peers this way with version 5, so its dial exercises the old
 * handshake name and the complement.
 */
class EpmdLessErlTest {
  @Test
  void aFixedPortNodeAndErlConnectBothWaysWithoutEpmd() throws Exception {
    ErlPeer.require();
    int port = TestPorts.free();
    String cookie = "epmdless";
    NodeOptions options = NodeOptions.builder("java@127.0.0.2").longNames(true).cookie(cookie)
        .listenAddress(InetAddress.getByName("127.0.0.2")).fixedPort(port).build();
    try (Node node = Node.start(options);
        ErlNode erl = ErlNode.startWith(List.of("-name", "erlfix@127.0.0.1", "-erl_epmd_port",
            Integer.toString(port), "-kernel", "inet_dist_use_interface", "{127,0,0,1}"),
            cookie, 1)) {
      Pid echo = Processes.spawn(NodeErlTest::echoLoop);
      Processes.register("echo", echo);
      try {
        assertEquals(port, node.port());
        assertTrue(node.connect(erl.name()), "we dial erl on the fixed port");
        assertTrue(node.disconnect(erl.name()));
        Thread.sleep(200); // let erl see the disconnect before it dials
        String java = node.name().toString(); // Erlang source, quoted when needed
        assertEquals(Atom.TRUE, erl.eval("net_kernel:connect_node(" + java + ")"),
            "erl dials us, with the version 5 name");
        Tuple reply = (Tuple) erl.eval("{echo, " + java + "} ! {self(), fixed},"
            + " receive R -> R after 5000 -> timeout end");
        assertEquals(Atom.of("fixed"), reply.get(1));
      } finally {
        Processes.exit(echo, ExitReason.KILL);
      }
    }
  }
}
