package dev.bridgekit.bench.dist;

import dev.bridgekit.bench.AnchorUnavailableException;
import dev.bridgekit.bench.BenchContext;
import dev.bridgekit.bench.CpuClock;
import dev.bridgekit.bench.ErlAnchor;
import dev.bridgekit.bench.OpsWindow;
import dev.bridgekit.dist.Node;
import dev.bridgekit.dist.NodeOptions;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Tuple;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sets up the peers the {@code dist.*} rows share, once per run, all on loopback with long names
 * and one cookie: a BEAM client node that drives every round; the anchor, an echo process on a
 * second BEAM node; the project's echo process on a {@link Node} in this JVM; and jinterface's
 * echo on an {@code OtpNode} in this JVM (absent, with the reason kept, when the jar is missing).
 * The client reaches each echo as {@code {echo, Node}}.
 */
final class DistPeers implements AutoCloseable {
  static final String COOKIE = "bridgekit_bench";
  static final String HOST = "127.0.0.1";
  static final String CLIENT = "bench_client@" + HOST;
  static final String ECHO_ERL = "bench_echo@" + HOST;
  static final String ECHO_JAVA = "bench_java@" + HOST;
  static final String ECHO_JINTERFACE = "bench_jinterface@" + HOST;

  /** Which echo a round talks to: its index in the client's {@code -bench_dist_targets}. */
  enum Target {
    PROJECT(1),
    ANCHOR(2),
    JINTERFACE(3);

    final int index;

    Target(int index) {
      this.index = index;
    }
  }

  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(30);

  private final ErlAnchor client;
  private final ErlAnchor echoErl;
  private final Node node;
  private final JinterfaceEcho jinterface;
  private final String jinterfaceMissing;

  private DistPeers(ErlAnchor client, ErlAnchor echoErl, Node node, JinterfaceEcho jinterface,
      String jinterfaceMissing) {
    this.client = client;
    this.echoErl = echoErl;
    this.node = node;
    this.jinterface = jinterface;
    this.jinterfaceMissing = jinterfaceMissing;
  }

  /** Returns the run's peers, starting them on first use. */
  static DistPeers of(BenchContext context) throws Exception {
    return context.anchor("dist", () -> start(context));
  }

  private static DistPeers start(BenchContext context) throws Exception {
    // The erl nodes first: the first one starts EPMD, which the Java nodes then register with.
    // An EPMD daemon that was not running before the run is stopped after it (see close).
    epmdStartedByUs = !epmdListening();
    ErlAnchor echoErl = ErlAnchor.start(context.workDir(), erlFlags(ECHO_ERL));
    ErlAnchor client = null;
    Node node = null;
    JinterfaceEcho jinterface = null;
    String missing = null;
    try {
      echoErl.command("dist_echo_start", SETUP_TIMEOUT);
      client = ErlAnchor.start(context.workDir(), erlFlags(CLIENT));
      context.say("dist: client %s, echo %s (OS pid %d)", client.description(), ECHO_ERL,
          echoErl.osPid());
      node = Node.start(NodeOptions.builder(ECHO_JAVA).longNames(true).cookie(COOKIE)
          .listenAddress(InetAddress.getByName(HOST)).build());
      Processes.register("echo", Processes.spawn(DistPeers::echo));
      try {
        jinterface = JinterfaceEcho.start(ECHO_JINTERFACE, COOKIE);
      } catch (AnchorUnavailableException e) {
        missing = e.getMessage();
        context.say("dist: no jinterface echo: %s", missing);
      }
      for (Target t : Target.values()) {
        if (t != Target.JINTERFACE || jinterface != null) {
          client.command("dist_connect " + t.index, SETUP_TIMEOUT);
        }
      }
      return new DistPeers(client, echoErl, node, jinterface, missing);
    } catch (Exception | Error e) {
      closeAll(jinterface, node, client, echoErl);
      throw e;
    }
  }

  private static List<String> erlFlags(String name) {
    return List.of("-name", name, "-setcookie", COOKIE, "-bench_dist_targets", ECHO_JAVA,
        ECHO_ERL, ECHO_JINTERFACE);
  }

  /** The project's echo: {@code receive {From, Msg} -> From ! {self(), Msg} end}, for ever. */
  private static void echo() {
    Pid self = Processes.self();
    for (; ; ) {
      if (Processes.receive() instanceof Tuple(var msg) && msg.size() == 2
          && msg.get(0) instanceof Pid from) {
        Processes.send(from, Tuple.of(self, msg.get(1)));
      }
    }
  }

  boolean hasJinterface() {
    return jinterface != null;
  }

  String jinterfaceMissing() {
    return jinterfaceMissing;
  }

  String clientDescription() {
    return client.description();
  }

  /**
   * Runs {@code command} (a {@code dist_*} command with the target's index put first) on the
   * client and returns its window, with the CPU the echo's OS process spent: the echo erl node's
   * for the anchor, this JVM's for the project and jinterface.
   */
  OpsWindow window(Target target, String command, String args, Duration timeout) {
    CpuClock cpu = target == Target.ANCHOR ? echoErl.cpu() : CpuClock.self();
    long cpu0 = cpu.nanos();
    var reply = client.command(command + " " + target.index + " " + args, timeout);
    long cpu1 = cpu.nanos();
    return new OpsWindow(reply.number("ops"), reply.number("ns"), cpu1 - cpu0);
  }

  @Override
  public void close() throws Exception {
    closeAll(jinterface, node, client, echoErl);
    if (epmdStartedByUs) {
      stopEpmd();
    }
  }

  /** Whether the bench's erl nodes started the EPMD daemon, which then outlives them. */
  private static volatile boolean epmdStartedByUs;

  private static boolean epmdListening() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 4369), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops the EPMD daemon our erl nodes started; epmd refuses while any node is registered. */
  private static void stopEpmd() throws InterruptedException {
    try {
      Process kill = new ProcessBuilder("epmd", "-kill").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
      }
    } catch (IOException e) {
      System.err.println("bench: dist: could not stop the EPMD daemon the run started: " + e);
    }
  }

  private static void closeAll(AutoCloseable... all) {
    for (AutoCloseable c : all) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
          }
          System.err.println("bench: dist: could not stop " + c + ": " + e);
        }
      }
    }
  }
}
