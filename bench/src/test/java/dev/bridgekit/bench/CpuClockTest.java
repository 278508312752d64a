package dev.bridgekit.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuClockTest {
  @Test
  void theProcClockOfThisJvmCountsTheCpuTheJvmClockCounts() {
    CpuClock self = CpuClock.self();
    CpuClock proc = CpuClock.ofPid(ProcessHandle.current().pid());
    long self0 = self.nanos();
    long proc0 = proc.nanos();
    long deadline = System.nanoTime() + 20_000_000_000L;
    long x = 0;

    // Burn until this JVM has used 200 ms of CPU: on a busy machine that takes longer in wall time.
    while (self.nanos() - self0 < 200_000_000L) {
      for (int i = 0; i < 100_000; i++) {
        x += x * 31 + i;
      }
      assertTrue(System.nanoTime() < deadline, "the JVM's CPU clock did not reach 200 ms: " + x);
    }

    long procSpent = proc.nanos() - proc0;
    long tick = 1_000_000_000L / CpuClock.ticksPerSecond();
    assertTrue(procSpent >= 200_000_000L - 2 * tick, "/proc clock saw " + procSpent + " ns");
  }

  @Test
  void clockTicksComeFromGetconf() {
    long ticks = CpuClock.ticksPerSecond();
    assertTrue(ticks >= 10 && ticks <= 10_000, "CLK_TCK " + ticks);
  }
}
