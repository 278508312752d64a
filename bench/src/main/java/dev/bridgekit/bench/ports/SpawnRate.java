package dev.bridgekit.bench.ports;

import dev.bridgekit.bench.BenchContext;
import dev.bridgekit.bench.Better;
import dev.bridgekit.bench.CpuClock;
import dev.bridgekit.bench.ErlAnchor;
import dev.bridgekit.bench.InProcess;
import dev.bridgekit.bench.Metric;
import dev.bridgekit.bench.OpsWindow;
import dev.bridgekit.bench.Row;
import dev.bridgekit.bench.Sample;
import dev.bridgekit.bench.SideBySide;
import dev.bridgekit.ports.Port;
import dev.bridgekit.ports.PortExitStatus;
import dev.bridgekit.ports.PortSpec;
import dev.bridgekit.runtime.Processes;
import java.io.IOException;
import java.time.Duration;

/**
 * Measures how many short-lived programs a process can run one after another: open {@code
 * /bin/true} and wait for its exit status, per second. The anchor is {@code
 * open_port({spawn_executable, "/bin/true"}, [exit_status])} and a receive of its {@code
 * exit_status}; the project side is a {@link Port} ({@link #ports()}) or, as a baseline of what
 * the JDK alone does, {@code ProcessBuilder.start()} and {@code waitFor()} ({@link
 * #processBuilder()}).
 */
public final class SpawnRate implements Metric {
  private static final String TRUE = "/bin/true";

  /**
   * Each side's warm-up: longer than the other port rows', because opening a port runs through
   * more code (launcher frames, poll registration, exit-status delivery) than the JIT compiles in
   * 2 s at a few thousand opens per second; with 2 s the project's rounds were still climbing
   * (1022 to 2404 opens/s) while erl's were flat, and the median fell on a cold round.
   */
  private static final Duration WARM_UP = Duration.ofSeconds(6);

  private final String name;
  private final boolean viaPort;

  private SpawnRate(String name, boolean viaPort) {
    this.name = name;
    this.viaPort = viaPort;
  }

  /** Returns {@code ports.spawn_rate}: {@link Port#open} and its {@link PortExitStatus}. */
  public static SpawnRate ports() {
    return new SpawnRate("ports.spawn_rate", true);
  }

  /** Returns {@code ports.spawn_rate.processbuilder}: the JDK's {@code ProcessBuilder}. */
  public static SpawnRate processBuilder() {
    return new SpawnRate("ports.spawn_rate.processbuilder", false);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String unit() {
    return "opens/s";
  }

  @Override
  public Better better() {
    return Better.HIGHER;
  }

  @Override
  public Row run(BenchContext context) throws Exception {
    ErlAnchor erl = PortRounds.erl(context);
    SideBySide.Window anchor =
        ops -> erl.command("port_spawn " + ops, PortRounds.ROUND_TIMEOUT).window();
    SideBySide.Window project =
        ops -> InProcess.call(
            () -> viaPort ? portRuns(ops) : processBuilderRuns(ops), PortRounds.ROUND_TIMEOUT);
    SideBySide.Plan plan =
        new SideBySide.Plan(WARM_UP, PortRounds.WINDOW, PortRounds.MAX_WINDOW, PortRounds.ROUNDS);
    SideBySide.Measured measured =
        SideBySide.measure(name(), anchor, project, plan, SpawnRate::perSecond, context);
    long ops = measured.ops();
    SideBySide.Outcome outcome = measured.outcome();
    String projectSide =
        viaPort
            ? "Port.open(/bin/true, exitStatus, default PortSpec otherwise: stderr to the log)"
                + " then receive its PortExitStatus, from a process: a SPAWN request to the"
                + " launcher bk_shim, which connects the child's stdin/stdout/stderr sockets to"
                + " the JVM, forks and execs, and reports the exit"
            : "new ProcessBuilder(\"/bin/true\").start().waitFor() from a process (virtual"
                + " thread), the JDK's own launch (posix_spawn through jspawnhelper), pipes"
                + " for stdin/stdout/stderr";
    return Row.of(
        this,
        outcome,
        "erl open_port /bin/true",
        "µs/op",
        ops + " runs per round, one after another, same on both sides, "
            + WARM_UP.toSeconds()
            + " s warm-up each, then "
            + PortRounds.ROUNDS
            + " alternating rounds (anchor, project), medians"
            + "; project: "
            + projectSide
            + "; anchor: open_port({spawn_executable,\"/bin/true\"},[exit_status]) then"
            + " receive {Port,{exit_status,0}}, on "
            + erl.description()
            + "; "
            + PortRounds.CPU_NOTE
            + "; rounds: "
            + outcome.describe());
  }

  private static Sample perSecond(OpsWindow w) {
    return new Sample(w.ops() * 1e9 / w.wallNanos(), w.cpuNanos() / 1e3 / w.ops());
  }

  /** Runs in a project process: {@code ops} ports on {@code /bin/true}, each seen exit. */
  private static OpsWindow portRuns(long ops) {
    PortSpec spec = PortSpec.program(TRUE).exitStatus().build();
    CpuClock cpu = CpuClock.self();
    long cpu0 = cpu.nanos();
    long t0 = System.nanoTime();
    for (long i = 0; i < ops; i++) {
      Port port = Port.open(spec);
      PortExitStatus status =
          Processes.receive(m -> m instanceof PortExitStatus s && s.port() == port ? s : null);
      if (status.status() != 0) {
        throw new IllegalStateException(TRUE + " exited with " + status.status());
      }
    }
    long t1 = System.nanoTime();
    long cpu1 = cpu.nanos();
    return new OpsWindow(ops, t1 - t0, cpu1 - cpu0);
  }

  /** Runs in a project process: {@code ops} runs of {@code /bin/true} through ProcessBuilder. */
  private static OpsWindow processBuilderRuns(long ops) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(TRUE);
    CpuClock cpu = CpuClock.self();
    long cpu0 = cpu.nanos();
    long t0 = System.nanoTime();
    for (long i = 0; i < ops; i++) {
      Process process = builder.start();
      int status = process.waitFor();
      // Its three pipes, closed as a careful caller does (else they wait for the GC).
      process.getOutputStream().close();
      process.getInputStream().close();
      process.getErrorStream().close();
      if (status != 0) {
        throw new IllegalStateException(TRUE + " exited with " + status);
      }
    }
    long t1 = System.nanoTime();
    long cpu1 = cpu.nanos();
    return new OpsWindow(ops, t1 - t0, cpu1 - cpu0);
  }
}
