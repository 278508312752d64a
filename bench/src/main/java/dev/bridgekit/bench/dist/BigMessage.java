package dev.bridgekit.bench.dist;

import dev.bridgekit.bench.BenchContext;
import dev.bridgekit.bench.Better;
import dev.bridgekit.bench.NamedMetric;
import dev.bridgekit.bench.OpsWindow;
import dev.bridgekit.bench.Row;
import dev.bridgekit.bench.Sample;

/**
 * Measures the round trip of an 8 MB binary from a BEAM process to an echo process on another
 * node: the project's echo on a Java node against BEAM's on a second erl node (jinterface's in the
 * note).
 */
public final class BigMessage extends NamedMetric {
  static final int SIZE = 8 << 20;
  static final int TRIPS = 20;


  public BigMessage() {
    super("dist.big_message", "ms", Better.LOWER);
  }

  @Override
  public Row run(BenchContext context) throws Exception {
    DistPeers peers = DistPeers.of(context);
    DistRounds.Plan plan =
        new DistRounds.Plan("dist_big", ops -> ops + " " + SIZE, BigMessage::millis);
    return DistRounds.run(this, context, peers, plan, TRIPS, 1, "ms/op",
        TRIPS + " round trips of {Pid, <<8 MiB binary>>} per round, one at a time, after one"
            + " warm-up round each");
  }

  private static Sample millis(OpsWindow w) {
    return new Sample(w.wallNanos() / 1e6 / w.ops(), w.cpuNanos() / 1e6 / w.ops());
  }
}
