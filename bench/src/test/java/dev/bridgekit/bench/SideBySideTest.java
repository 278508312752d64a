package dev.bridgekit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SideBySideTest {
  private static final Progress QUIET = (format, args) -> {};

  @Test
  void alternateWarmsBothUpThenRunsAnchorBeforeProjectEachRoundAndTakesMedians()
      throws Exception {
    List<String> order = new ArrayList<>();
    double[] anchorFigures = {100, 3, 1, 2};
    double[] projectFigures = {100, 10, 30, 20};
    AtomicInteger anchorRuns = new AtomicInteger();
    AtomicInteger projectRuns = new AtomicInteger();

    SideBySide.Outcome outcome =
        SideBySide.alternate(
            "m",
            () -> {
              order.add("a");
              int i = anchorRuns.getAndIncrement();
              return new Sample(anchorFigures[i], i);
            },
            () -> {
              order.add("p");
              return Sample.of(projectFigures[projectRuns.getAndIncrement()]);
            },
            1,
            3,
            QUIET);

    assertEquals(List.of("a", "p", "a", "p", "a", "p", "a", "p"), order);
    assertEquals(2, outcome.anchor());
    assertEquals(20, outcome.project());
    assertEquals(2, outcome.anchorCpuPerOp());
    assertTrue(Double.isNaN(outcome.projectCpuPerOp()));
    assertEquals(0.1, outcome.anchor() / outcome.project());
  }

  @Test
  void calibrateGivesTheFasterSideTheTargetWindowUnlessTheSlowerWouldExceedTheMaximum()
      throws Exception {
    SideBySide.Window fast = ops -> new OpsWindow(ops, ops * 100, 0); // 100 ns per op
    SideBySide.Window slow = ops -> new OpsWindow(ops, ops * 1_000, 0); // 1 µs per op

    long plenty =
        SideBySide.calibrate("m", fast, slow, Duration.ofMillis(1), Duration.ofMillis(10),
            Duration.ofSeconds(1), QUIET);
    long capped =
        SideBySide.calibrate("m", fast, slow, Duration.ofMillis(1), Duration.ofMillis(10),
            Duration.ofMillis(20), QUIET);

    assertEquals(100_000, plenty);
    assertEquals(20_000, capped);
  }
}
