package dev.bridgekit.examples.dist;

import dev.bridgekit.dist.Node;
import dev.bridgekit.dist.NodeOptions;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Tuple;

/**
 * Runs the echo server of Adopting Elixir ("Interfacing with Java") as a Java node: node {@code
 * java}, with a process registered as {@code echo} that answers {@code {From, Msg}} with {@code
 * {self(), Msg}}. From a BEAM shell with the same cookie:
 *
 * <pre>
 * iex(1)&gt; Node.connect(:"java@host")
 * true
 * iex(2)&gt; send({:echo, :"java@host"}, {self(), "hello"})
 * iex(3)&gt; flush()
 * {#PID&lt;12345.1.0&gt;, "hello"}
 * </pre>
 *
 * <p>The cookie is {@code ~/.erlang.cookie}'s, as erl's and iex's is; EPMD is the one running,
 * or one this node starts when none is.
 */
public final class EchoNode {
  private EchoNode() {}

  /** Starts node {@code java} and serves until the JVM is stopped. */
  public static void main(String[] args) throws InterruptedException {
    try (Node node = start(NodeOptions.builder("java").build())) {
      System.out.println("node " + node.name() + " is up: echo is registered");
      Thread.currentThread().join(); // serve until Ctrl-C
    }
  }

  /** Starts a node with {@code options} and its {@code echo} process. */
  public static Node start(NodeOptions options) {
    Node node = Node.start(options);
    Processes.register("echo", Processes.spawn(EchoNode::echo));
    return node;
  }

  /** The echo process: {@code receive {From, Msg} -> From ! {self(), Msg} end}, for ever. */
  private static void echo() {
    for (;;) {
      if (Processes.receive() instanceof Tuple(var msg) && msg.size() == 2
          && msg.get(0) instanceof Pid from) {
        Processes.send(from, Tuple.of(Processes.self(), msg.get(1)));
      }
    }
  }
}
