package dev.bridgekit.examples.dist;

import dev.bridgekit.dist.Node;
import dev.bridgekit.dist.NodeOptions;
import dev.bridgekit.runtime.Mailbox;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Binary;
import dev.bridgekit.term.Tuple;
import java.time.Duration;

/**
 * Runs a second Java node that asks the {@link EchoNode}'s {@code echo} process to echo "hello"
 * and prints the answer: what {@code send({:echo, :"java@host"}, {self(), "hello"})} and {@code
 * flush()} do in iex. Arguments: the echo node's name, the cookie, the EPMD port.
 */
public final class EchoClient {
  private EchoClient() {}

  public static void main(String[] args) {
    NodeOptions options = NodeOptions.builder("javaclient").cookie(args[1])
        .epmdPort(Integer.parseInt(args[2])).build();
    try (Node node = Node.start(options); Mailbox mailbox = Processes.openMailbox()) {
      node.send("echo", Atom.of(args[0]), Tuple.of(mailbox.pid(), Binary.of("hello")));
      Object reply = Processes.receive(m -> m, Duration.ofSeconds(10)).orElse("no answer");
      if (reply instanceof Tuple(var msg) && msg.get(1) instanceof Binary text) {
        System.out.println(node.name() + " got {" + msg.get(0) + ", \"" + text.utf8() + "\"}");
      } else {
        System.out.println(node.name() + " got " + reply);
      }
    }
  }
}
