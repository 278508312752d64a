package dev.bridgekit.bench.runtime;

import dev.bridgekit.bench.BenchContext;
import dev.bridgekit.bench.Better;
import dev.bridgekit.bench.CpuClock;
import dev.bridgekit.bench.ErlAnchor;
import dev.bridgekit.bench.InProcess;
import dev.bridgekit.bench.NamedMetric;
import dev.bridgekit.bench.OpsWindow;
import dev.bridgekit.bench.Row;
import dev.bridgekit.bench.SideBySide;
import dev.bridgekit.runtime.From;
import dev.bridgekit.runtime.GenServer;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import java.time.Duration;

/**
 * Measures the round trip of a call to a trivial echo server: {@link GenServer#call(Pid, Object)}
 * from a project process against {@code gen_server:call/2} from an Erlang process, the same number
 * of calls per round on both sides, with the CPU each side's OS process spent per call.
 */
public final class CallRtt extends NamedMetric {
  private static final Atom PING = Atom.of("ping");
  private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(2);


  public CallRtt() {
    super("runtime.call_rtt", "µs", Better.LOWER);
  }

  @Override
  public Row run(BenchContext context) throws Exception {
    ErlAnchor erl = context.erl();
    SideBySide.Window anchor = ops -> erl.command("call_rtt " + ops, ROUND_TIMEOUT).window();
    SideBySide.Window project = ops -> InProcess.call(() -> calls(ops), ROUND_TIMEOUT);
    SideBySide.Measured measured = Rounds.perOp(name(), anchor, project, context);
    long ops = measured.ops();
    return Row.of(
        this,
        measured.outcome(),
        "erl gen_server:call",
        "µs/op",
        ops + " calls per round, same on both sides, "
            + Rounds.DESCRIPTION
            + "; project: GenServer.call(pid, ping) to an echo GenServer from a process (virtual"
            + " thread); anchor: gen_server:call(Pid, ping) to an echo gen_server from a process"
            + " on "
            + erl.description()
            + "; "
            + Rounds.CPU_NOTE);
  }

  /** Runs in a project process: {@code ops} calls to a fresh echo server. */
  private static OpsWindow calls(long ops) {
    Pid server = GenServer.start(new Echo());
    try {
      CpuClock cpu = CpuClock.self();
      long cpu0 = cpu.nanos();
      long t0 = System.nanoTime();
      for (long i = 0; i < ops; i++) {
        if (GenServer.call(server, PING) != PING) {
          throw new IllegalStateException("the echo server did not echo ping");
        }
      }
      long t1 = System.nanoTime();
      long cpu1 = cpu.nanos();
      return new OpsWindow(ops, t1 - t0, cpu1 - cpu0);
    } finally {
      GenServer.stop(server);
    }
  }

  /** Answers every call with its request, as the anchor's gen_server does. */
  private record Echo() implements GenServer<Boolean> {
    @Override
    public Boolean init() {
      return Boolean.TRUE;
    }

    @Override
    public CallResult<Boolean> handleCall(Object request, From from, Boolean state) {
      return new Reply<>(request, state);
    }
  }
}
