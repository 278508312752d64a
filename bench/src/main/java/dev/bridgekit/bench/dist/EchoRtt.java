package dev.bridgekit.bench.dist;

import dev.bridgekit.bench.BenchContext;
import dev.bridgekit.bench.Better;
import dev.bridgekit.bench.NamedMetric;
import dev.bridgekit.bench.OpsWindow;
import dev.bridgekit.bench.Row;

/**
 * Measures the round trip of a small message from a BEAM process to an echo process on another
 * node, one message at a time: the project's echo on a Java node against BEAM's on a second erl
 * node (jinterface's in the note).
 */
public final class EchoRtt extends NamedMetric {

  public EchoRtt() {
    super("dist.echo_rtt", "µs", Better.LOWER);
  }

  @Override
  public Row run(BenchContext context) throws Exception {
    DistPeers peers = DistPeers.of(context);
    DistRounds.Plan plan = new DistRounds.Plan("dist_rtt", Long::toString, OpsWindow::micros);
    long ops = DistRounds.calibrate(this, context, peers, plan);
    return DistRounds.run(this, context, peers, plan, ops, 0, "µs/op",
        ops + " round trips of {Pid, ping} per round, one at a time");
  }
}
