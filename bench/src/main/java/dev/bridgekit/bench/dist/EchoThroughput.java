package dev.bridgekit.bench.dist;

import dev.bridgekit.bench.BenchContext;
import dev.bridgekit.bench.Better;
import dev.bridgekit.bench.NamedMetric;
import dev.bridgekit.bench.OpsWindow;
import dev.bridgekit.bench.Row;
import dev.bridgekit.bench.Sample;

/**
 * Measures pipelined echo: a BEAM process keeps {@value #IN_FLIGHT} messages in flight to an echo
 * process on another node and counts replies per second; the project's echo on a Java node
 * against BEAM's on a second erl node (jinterface's in the note).
 */
public final class EchoThroughput extends NamedMetric {
  static final int IN_FLIGHT = 100;


  public EchoThroughput() {
    super("dist.echo_throughput", "msgs/s", Better.HIGHER);
  }

  @Override
  public Row run(BenchContext context) throws Exception {
    DistPeers peers = DistPeers.of(context);
    DistRounds.Plan plan =
        new DistRounds.Plan("dist_pipelined", ops -> ops + " " + IN_FLIGHT, EchoThroughput::rate);
    long ops = DistRounds.calibrate(this, context, peers, plan);
    return DistRounds.run(this, context, peers, plan, ops, 0, "µs/msg",
        ops + " messages {Pid, I} per round, " + IN_FLIGHT + " in flight (a reply lets the next"
            + " one go)");
  }

  private static Sample rate(OpsWindow w) {
    return new Sample(w.ops() * 1e9 / w.wallNanos(), w.cpuNanos() / 1e3 / w.ops());
  }
}
