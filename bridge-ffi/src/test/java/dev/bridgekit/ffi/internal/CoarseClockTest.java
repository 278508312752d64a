package dev.bridgekit.ffi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The clock clean calls are timed on, and the precise bound a call that looked long gets. */
class CoarseClockTest {
  @Test
  void theTickAfterAReadingWasPublishedAfterTheReadingWasTaken() throws InterruptedException {
    long before = System.nanoTime();
    long reading = CoarseClock.now();
    Thread.sleep(20);
    long later = CoarseClock.now();
    assertTrue(later > reading, "the clock ticked: " + reading + " then " + later);

    long by = CoarseClock.publishedBy(reading);
    long after = System.nanoTime();
    assertTrue(by > before && by < after,
        "the next tick was published between " + before + " and " + after + ", not at " + by);
  }

  @Test
  void aReadingNoTickFollowsProvesNothing() {
    assertEquals(Long.MAX_VALUE, CoarseClock.publishedBy(Long.MAX_VALUE - 1));
  }
}
