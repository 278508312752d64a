package dev.bridgekit.dist;

import dev.bridgekit.testing.ErlPeer;
import java.time.Duration;

/**
 * A project node and a real erl node (OTP 25) that share a cookie and an EPMD port of their own:
 * what the tests that talk to erl start before all their tests and close after. Without erl, the
 * start fails under {@code CI=true} and skips the tests otherwise (see {@link ErlPeer}).
 *
 * @param node the project node
 * @param erl the erl node, not yet connected to it
 */
record NodeWithErl(Node node, ErlNode erl) implements AutoCloseable {
  /** Starts the project node {@code javaName}, then the erl node {@code erlName}. */
  static NodeWithErl start(String javaName, String erlName, String cookie) {
    return start(javaName, erlName, cookie, 0);
  }

  /**
   * Starts the two nodes as {@link #start(String, String, String)} does, both with a tick time of
   * {@code tickSeconds} (erl's {@code net_ticktime}; 0 for the default).
   */
  static NodeWithErl start(String javaName, String erlName, String cookie, int tickSeconds) {
    ErlPeer.require();
    NodeOptions.Builder options = NodeOptions.builder(javaName).cookie(cookie)
        .epmdPort(TestPorts.free());
    if (tickSeconds > 0) {
      options.netTickTime(Duration.ofSeconds(tickSeconds));
    }
    Node node = Node.start(options.build());
    try {
      String[] erlArgs = tickSeconds > 0
          ? new String[] {"-kernel", "net_ticktime", Integer.toString(tickSeconds)}
          : new String[0];
      return new NodeWithErl(node,
          ErlNode.start(erlName, cookie, node.options().epmdPort(), erlArgs));
    } catch (RuntimeException | Error e) {
      node.stop();
      throw e;
    }
  }

  /** Returns the project node's name as Erlang source (quoted when needed). */
  String javaNode() {
    return node.name().toString();
  }

  @Override
  public void close() {
    try {
      erl.close();
    } finally {
      node.stop();
    }
  }
}
