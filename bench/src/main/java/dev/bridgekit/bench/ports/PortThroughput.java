package dev.bridgekit.bench.ports;

import dev.bridgekit.bench.BenchContext;
import dev.bridgekit.bench.Better;
import dev.bridgekit.bench.CpuClock;
import dev.bridgekit.bench.ErlAnchor;
import dev.bridgekit.bench.InProcess;
import dev.bridgekit.bench.NamedMetric;
import dev.bridgekit.bench.OpsWindow;
import dev.bridgekit.bench.Row;
import dev.bridgekit.bench.Sample;
import dev.bridgekit.bench.SideBySide;
import dev.bridgekit.ports.Port;
import dev.bridgekit.ports.PortData;
import dev.bridgekit.runtime.Processes;

/**
 * Measures how fast 64 KiB {@code {packet,4}} packets stream through a port to the echo program
 * and back, {@value #IN_FLIGHT} outstanding at any time: the project's {@link Port} against {@code
 * port_command/2} on {@code erlang:open_port/2}, both on {@code bk_port_echo}. The figure is
 * payload megabytes (10^6 bytes) echoed per second.
 */
public final class PortThroughput extends NamedMetric {
  static final int PACKET = 64 << 10;
  static final int IN_FLIGHT = 4;


  public PortThroughput() {
    super("ports.throughput_64k", "MB/s", Better.HIGHER);
  }

  @Override
  public Row run(BenchContext context) throws Exception {
    ErlAnchor erl = PortRounds.erl(context);
    SideBySide.Window anchor =
        ops -> erl.command("port_throughput " + ops + " " + IN_FLIGHT, PortRounds.ROUND_TIMEOUT)
            .window();
    SideBySide.Window project =
        ops -> InProcess.call(() -> stream(ops), PortRounds.ROUND_TIMEOUT);
    SideBySide.Measured measured = SideBySide.measure(name(), anchor, project, PortRounds.PLAN,
        PortThroughput::megabytesPerSecond, context);
    long ops = measured.ops();
    SideBySide.Outcome outcome = measured.outcome();
    return Row.of(
        this,
        outcome,
        "erl open_port {packet,4}",
        "µs/packet",
        ops + " packets of 64 KiB per round, " + IN_FLIGHT + " in flight, on one port opened for"
            + " the round, same on both sides, "
            + PortRounds.DESCRIPTION
            + "; MB/s = payload bytes echoed / 10^6 / s; program: native/bk_port_echo 4 on both"
            + " sides; project: Port.command + receive PortData from the owner process, default"
            + " PortSpec but {packet,4} (busy limits 128/256 KiB); anchor: port_command +"
            + " receive {Port,{data,_}}, open_port({spawn_executable,Echo},[{packet,4},binary]),"
            + " on "
            + erl.description()
            + "; "
            + PortRounds.CPU_NOTE
            + "; rounds: "
            + outcome.describe());
  }

  private static Sample megabytesPerSecond(OpsWindow w) {
    return new Sample(
        (double) w.ops() * PACKET * 1e3 / w.wallNanos(), w.cpuNanos() / 1e3 / w.ops());
  }

  /** Runs in a project process: {@code ops} packets through a fresh echo port. */
  private static OpsWindow stream(long ops) throws InterruptedException {
    Port port = Port.open(PortRounds.echoSpec());
    try {
      byte[] packet = new byte[PACKET];
      CpuClock cpu = CpuClock.self();
      long cpu0 = cpu.nanos();
      long t0 = System.nanoTime();
      long sent = 0;
      long got = 0;
      while (got < ops) {
        if (sent < ops && sent - got < IN_FLIGHT) {
          port.command(packet);
          sent++;
        } else {
          PortData reply =
              Processes.receive(m -> m instanceof PortData d && d.port() == port ? d : null);
          if (reply.data().length != PACKET) {
            throw new IllegalStateException(
                "the echo program answered " + reply.data().length + " bytes to " + PACKET);
          }
          got++;
        }
      }
      long t1 = System.nanoTime();
      long cpu1 = cpu.nanos();
      return new OpsWindow(ops, t1 - t0, cpu1 - cpu0);
    } finally {
      port.close();
    }
  }
}
