package dev.bridgekit.examples.dist;

import dev.bridgekit.dist.Node;
import dev.bridgekit.dist.NodeOptions;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Binary;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Demonstrates {@link EchoNode}: node {@code java} in this JVM, asked to echo "hello" by a second
 * Java node ({@link EchoClient}, in a child JVM) through the EPMD this node embeds when none
 * runs, then by {@code erl} when it is installed. Needs no Erlang to run.
 */
public final class EchoDemo {
  private EchoDemo() {}

  private static final String COOKIE = "bridgekit-demo";

  /** Runs the demo, printing what each client got. */
  public static void run() throws IOException, InterruptedException {
    try (Node node = EchoNode.start(NodeOptions.builder("java").cookie(COOKIE).build())) {
      String epmdPort = Integer.toString(node.options().epmdPort());
      // A Java function other nodes may call as demo:upcase/1 (rpc:call, erpc:call, spawn).
      node.export(Atom.of("demo"), Atom.of("upcase"), 1,
          args -> Binary.of(((Binary) args.get(0)).utf8().toUpperCase(Locale.ROOT)));
      System.out.println("dist: node " + node.name() + " serves echo, and exports demo:upcase/1");

      String java = ProcessHandle.current().info().command().orElse("java");
      run(List.of(java, "-cp", System.getProperty("java.class.path"),
          "--enable-native-access=ALL-UNNAMED", // the node's native sockets (see README)
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", EchoClient.class.getName(),
          node.name().name(), COOKIE, epmdPort), epmdPort);

      if (onPath("erl")) {
        String erlang = "true = net_kernel:connect_node(" + node.name() + "),"
            + " {echo, " + node.name() + "} ! {self(), <<\"hello\">>},"
            + " receive R -> io:format(\"~s got ~p~n\", [node(), R])"
            + " after 10000 -> io:format(\"no answer~n\") end,"
            + " io:format(\"~s: rpc:call(~s, demo, upcase, [<<\\\"hi\\\">>]) -> ~p~n\","
            + " [node(), " + node.name() + ", rpc:call(" + node.name()
            + ", demo, upcase, [<<\"hi\">>])]), halt().";
        run(List.of("erl", "-sname", "erlclient", "-setcookie", COOKIE, "-start_epmd", "false",
            "-noshell", "-eval", erlang), epmdPort);
      } else {
        System.out.println("dist: erl is not installed; skipping the BEAM client");
      }
    }
  }

  private static void run(List<String> command, String epmdPort)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    pb.environment().put("ERL_EPMD_PORT", epmdPort);
    Process p = pb.start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      System.out.println("dist: " + command.get(0) + " client did not finish; killed");
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (new File(dir, program).canExecute()) {
          return true;
        }
      }
    }
    return false;
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    run();
  }
}
