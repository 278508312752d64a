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
  /**
   * Warm-up rounds: six of 20 trips, about 1 s of big messages on each side, as the other dist
   * rows warm up for 1 s. With one, the first two measured project rounds took 9 to 10 ms against
   * 6 to 7 later (the JIT still compiling the reassembly path, the heap still growing to its
   * working size), and the median of five measured the start-up more than the path.
   */
  static final int WARM_UP_ROUNDS = 6;

  public BigMessage() {
    super("dist.big_message", "ms", Better.LOWER);
  }

  @Override
  public Row run(BenchContext context) throws Exception {
    DistPeers peers = DistPeers.of(context);
    DistRounds.Plan plan =
        new DistRounds.Plan("dist_big", ops -> ops + " " + SIZE, BigMessage::millis);
    return DistRounds.run(this, context, peers, plan, TRIPS, WARM_UP_ROUNDS, "ms/op",
        TRIPS + " round trips of {Pid, <<8 MiB binary>>} per round, one at a time, after "
            + WARM_UP_ROUNDS + " warm-up rounds each");
  }

  private static Sample millis(OpsWindow w) {
    return new Sample(w.wallNanos() / 1e6 / w.ops(), w.cpuNanos() / 1e6 / w.ops());
  }
}
