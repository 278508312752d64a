package dev.bridgekit.dist;

import dev.bridgekit.runtime.Mailbox;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Tuple;
import java.time.Duration;
import java.util.Optional;

/**
 * A second Java node, run in its own JVM by tests (the runtime has one node per JVM): starts a
 * node with an echo process registered as {@code echo}, prints {@code READY <node>}, optionally
 * pings another node's echo and prints {@code PONG <reply>}, then runs until its standard input
 * closes.
 *
 * <p>Arguments: name, cookie, EPMD port (or {@code -} for EPMD-less with the port in the name),
 * and optionally the node to ping.
 */
public final class PeerNodeMain {
  private PeerNodeMain() {}

  public static void main(String[] args) throws Exception {
    NodeOptions.Builder options = NodeOptions.builder(args[0]).cookie(args[1]);
    if (args[2].equals("-")) {
      options.portInName();
    } else {
      options.epmdPort(Integer.parseInt(args[2]));
    }
    try (Node node = Node.start(options.build())) {
      Processes.register("echo", Processes.spawn(NodeErlTest::echoLoop));
      System.out.println("READY " + node.name().name());
      if (args.length > 3) {
        try (Mailbox mb = Processes.openMailbox()) {
          node.send("echo", Atom.of(args[3]), Tuple.of(mb.pid(), Atom.of("ping")));
          Optional<Object> reply = Processes.receive(m -> m instanceof Tuple t
              && t.arity() == 2 && t.get(0) instanceof Pid ? t : null, Duration.ofSeconds(10));
          System.out.println("PONG " + reply.map(Object::toString).orElse("timeout"));
        }
      }
      System.out.flush();
      while (System.in.read() >= 0) {
        // run until the test closes our input
      }
    }
  }
}
