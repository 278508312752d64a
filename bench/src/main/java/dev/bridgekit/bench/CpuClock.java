package dev.bridgekit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Reads the CPU time (user + system, all threads) an OS process has used so far: this JVM's, or
 * another process's from {@code /proc/<pid>/stat}. The difference of two readings is the CPU a
 * timed window cost.
 *
 * <p>{@code /proc} counts in clock ticks ({@code getconf CLK_TCK}, usually 100 a second), so a
 * window should last a second or more for the figure to mean something.
 */
public abstract sealed class CpuClock {
  private static volatile long ticksPerSecond;

  /** Returns the CPU time used so far, in nanoseconds. */
  public abstract long nanos();

  /** Returns the clock of this JVM. */
  public static CpuClock self() {
    return Self.INSTANCE;
  }

  /** Returns the clock of the OS process {@code pid}, read from {@code /proc}. */
  public static CpuClock ofPid(long pid) {
    return new ProcStat(pid);
  }

  /** Returns the kernel's clock ticks per second, from {@code getconf CLK_TCK}. */
  public static long ticksPerSecond() {
    long ticks = ticksPerSecond;
    if (ticks == 0) {
      ticks = getconfClockTicks();
      ticksPerSecond = ticks;
    }
    return ticks;
  }

  private static long getconfClockTicks() {
    try {
      Process getconf =
          new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!getconf.waitFor(10, TimeUnit.SECONDS) || getconf.exitValue() != 0) {
        throw new IllegalStateException("getconf CLK_TCK failed: " + out.strip());
      }
      return Long.parseLong(out.strip());
    } catch (IOException e) {
      throw new UncheckedIOException("getconf CLK_TCK", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running getconf CLK_TCK", e);
    }
  }

  private static final class Self extends CpuClock {
    static final Self INSTANCE = new Self();
    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @Override
    public long nanos() {
      return os.getProcessCpuTime();
    }
  }

  private static final class ProcStat extends CpuClock {
    private final Path stat;

    ProcStat(long pid) {
      this.stat = Path.of("/proc", Long.toString(pid), "stat");
    }

    @Override
    public long nanos() {
      String line;
      try {
        line = Files.readString(stat, StandardCharsets.US_ASCII);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + stat + " (has the process exited?)", e);
      }
      // The command name (field 2) is in parentheses and may hold spaces: count from its end.
      String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
      long utime = Long.parseLong(fields[11]); // field 14 of proc(5)
      long stime = Long.parseLong(fields[12]); // field 15
      return (utime + stime) * 1_000_000_000L / ticksPerSecond();
    }
  }
}
