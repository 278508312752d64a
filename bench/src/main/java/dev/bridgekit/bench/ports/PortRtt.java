package dev.bridgekit.bench.ports;

import dev.bridgekit.bench.BenchContext;
import dev.bridgekit.bench.Better;
import dev.bridgekit.bench.CpuClock;
import dev.bridgekit.bench.ErlAnchor;
import dev.bridgekit.bench.InProcess;
import dev.bridgekit.bench.NamedMetric;
import dev.bridgekit.bench.OpsWindow;
import dev.bridgekit.bench.Row;
import dev.bridgekit.bench.SideBySide;
import dev.bridgekit.ports.Port;
import dev.bridgekit.ports.PortData;
import dev.bridgekit.runtime.Processes;

/**
 * Measures the round trip of a 64-byte {@code {packet,4}} packet through a port to the echo
 * program and back: {@link Port#command} then the receive of its {@link PortData}, from the
 * port's owner process, against {@code port_command/2} and a receive of {@code {Port, {data, _}}}
 * from an Erlang process, both on {@code bk_port_echo}.
 */
public final class PortRtt extends NamedMetric {
  static final int PAYLOAD = 64;


  public PortRtt() {
    super("ports.rtt_64b", "µs", Better.LOWER);
  }

  @Override
  public Row run(BenchContext context) throws Exception {
    ErlAnchor erl = PortRounds.erl(context);
    SideBySide.Window anchor =
        ops -> erl.command("port_rtt " + ops, PortRounds.ROUND_TIMEOUT).window();
    SideBySide.Window project =
        ops -> InProcess.call(() -> roundTrips(ops), PortRounds.ROUND_TIMEOUT);
    SideBySide.Measured measured =
        SideBySide.measure(name(), anchor, project, PortRounds.PLAN, OpsWindow::micros, context);
    long ops = measured.ops();
    SideBySide.Outcome outcome = measured.outcome();
    return Row.of(
        this,
        outcome,
        "erl open_port {packet,4}",
        "µs/op",
        ops + " round trips per round on one port opened for the round (100 more before the"
            + " clock starts), same on both sides, "
            + PortRounds.DESCRIPTION
            + "; program: native/bk_port_echo 4 on both sides; project: Port.command(64 bytes)"
            + " then receive its PortData, from the owner process (virtual thread), default"
            + " PortSpec but {packet,4} (the command is written on the owner's thread, which then"
            + " polls the output up to 20 us for the echo; else the JVM's one port poll thread"
            + " reads it into the owner's mailbox); anchor: port_command(Port, <<64 bytes>>) then"
            + " receive {Port,{data,_}}, open_port({spawn_executable,Echo},[{packet,4},binary]),"
            + " on "
            + erl.description()
            + "; "
            + PortRounds.CPU_NOTE
            + "; rounds: "
            + outcome.describe());
  }

  /** Runs in a project process: {@code ops} round trips through a fresh echo port. */
  private static OpsWindow roundTrips(long ops) throws InterruptedException {
    Port port = Port.open(PortRounds.echoSpec());
    try {
      byte[] packet = new byte[PAYLOAD];
      for (int i = 0; i < 100; i++) {
        roundTrip(port, packet);
      }
      CpuClock cpu = CpuClock.self();
      long cpu0 = cpu.nanos();
      long t0 = System.nanoTime();
      for (long i = 0; i < ops; i++) {
        roundTrip(port, packet);
      }
      long t1 = System.nanoTime();
      long cpu1 = cpu.nanos();
      return new OpsWindow(ops, t1 - t0, cpu1 - cpu0);
    } finally {
      port.close();
    }
  }

  private static void roundTrip(Port port, byte[] packet) throws InterruptedException {
    port.command(packet);
    PortData reply = Processes.receive(m -> m instanceof PortData d && d.port() == port ? d : null);
    if (reply.data().length != PAYLOAD) {
      throw new IllegalStateException("the echo program answered " + reply.data().length
          + " bytes to " + PAYLOAD);
    }
  }
}
