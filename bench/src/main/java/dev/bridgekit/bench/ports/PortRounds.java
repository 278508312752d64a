package dev.bridgekit.bench.ports;

import dev.bridgekit.bench.BenchContext;
import dev.bridgekit.bench.ErlAnchor;
import dev.bridgekit.bench.SideBySide;
import dev.bridgekit.ports.Framing;
import dev.bridgekit.ports.PortSpec;
import dev.bridgekit.runtime.NativeDir;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.StringJoiner;

/**
 * Holds what the ports rows share: the echo program both sides drive ({@code bk_port_echo}, a
 * {@code {packet,N}} echo built from {@code native/}), the anchor node told where it is, the round
 * plan and the words the notes use.
 */
final class PortRounds {
  private PortRounds() {}

  /** Warm-up of each side before calibration. */
  static final Duration WARM_UP = Duration.ofSeconds(2);

  /** The faster side's window: long enough for a CPU figure read in 10 ms clock ticks. */
  static final Duration WINDOW = Duration.ofSeconds(1);

  /** The most the slower side's window may take, so that a slow side keeps the run short. */
  static final Duration MAX_WINDOW = Duration.ofSeconds(3);

  /** Alternating rounds per side. */
  static final int ROUNDS = 5;

  /** The round plan of the port rows. */
  static final SideBySide.Plan PLAN = new SideBySide.Plan(WARM_UP, WINDOW, MAX_WINDOW, ROUNDS);

  /** The most one round of one side may take before the row fails. */
  static final Duration ROUND_TIMEOUT = Duration.ofMinutes(2);

  static final String DESCRIPTION =
      "2 s warm-up each, then 5 alternating rounds (anchor, project), medians";

  static final String CPU_NOTE =
      "CPU/op = the OS process's user+system CPU over the round / ops (JVM: all threads incl. JIT"
          + " and GC; erl: all schedulers incl. busy-waiting; neither counts the child programs"
          + " nor bridgekit's launcher bk_shim)";

  /** Returns the path of {@code bk_port_echo}, from {@code -Dbridgekit.native.dir}. */
  static String echoPath() {
    return NativeDir.resolve("bk_port_echo").toString();
  }

  /** Returns the spec of the project's echo port: {@code {packet,4}}, defaults otherwise. */
  static PortSpec echoSpec() {
    return PortSpec.program(echoPath()).framing(Framing.packet(4)).build();
  }

  /** Returns the run's {@code erl} node, told the echo program's path ({@code port_program}). */
  static ErlAnchor erl(BenchContext context) throws Exception {
    ErlAnchor erl = context.erl();
    // Command arguments are integers: the path goes as its bytes.
    StringJoiner command = new StringJoiner(" ", "port_program ", "");
    for (byte b : echoPath().getBytes(StandardCharsets.UTF_8)) {
      command.add(Integer.toString(b & 0xFF));
    }
    erl.command(command.toString(), Duration.ofSeconds(10));
    return erl;
  }
}
