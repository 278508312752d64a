package dev.bridgekit.ffi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The clock clean calls are timed on, the precise bound a call that looked long gets, and the
 * clock's sleep while no call needs it.
 */
class CoarseClockTest {
  @Test
  void theTickAfterAReadingWasPublishedAfterTheReadingWasTaken() throws InterruptedException {
    long before = System.nanoTime();
    long reading = CoarseClock.start();
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

  @Test
  void theClockSleepsParkedUntilACallStartsAndThenTicksAgain() throws InterruptedException {
    awaitAsleep();
    Thread ticker = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("bridgekit-ffi-clock")).findFirst().orElseThrow();
    // It parks just after it publishes the sleeping reading.
    for (int i = 0; i < 100 && ticker.getState() != Thread.State.WAITING; i++) {
      Thread.sleep(10);
    }
    assertEquals(Thread.State.WAITING, ticker.getState(), "parked without a timeout");

    long start = CoarseClock.start();
    assertEquals(0, start & CoarseClock.ASLEEP, "a call starts on a tick");
    assertFalse(CoarseClock.asleep());
    Thread.sleep(20);
    assertTrue(CoarseClock.now() > start, "ticking again: " + start + " then " + CoarseClock.now());
  }

  @Test
  void aLongCallThatStartsWhileTheClockSleepsIsReported() throws InterruptedException {
    LongCallMonitor.Check check = new LongCallMonitor.Check("started_asleep", 1_000_000);
    awaitAsleep();
    long start = LongCallMonitor.Check.start();
    Thread.sleep(20);
    check.after(start);
    assertEquals(1, LongCallMonitor.count("started_asleep"));
  }

  @Test
  void aLongCallUnderWayWhenTheClockFallsAsleepIsReported() throws InterruptedException {
    // Woken by the call's start, the clock ticks for about a second, then sleeps: the call's
    // first and last readings are less apart than its threshold, but the sleeping reading lies
    // far ahead, so the call looks long and its precise bound is taken.
    LongCallMonitor.Check check = new LongCallMonitor.Check("fell_asleep", 1_500_000_000L);
    awaitAsleep();
    long start = LongCallMonitor.Check.start();
    awaitAsleep();
    Thread.sleep(600);
    check.after(start);
    assertEquals(1, LongCallMonitor.count("fell_asleep"));
  }

  @Test
  void aShortCallUnderWayWhenTheClockFallsAsleepIsNotReported() throws InterruptedException {
    LongCallMonitor.Check check = new LongCallMonitor.Check("short_asleep", 10_000_000_000L);
    long start = LongCallMonitor.Check.start();
    awaitAsleep();
    check.after(start);
    assertEquals(0, LongCallMonitor.count("short_asleep"));
  }

  /** Waits for the clock to fall asleep: it does after about a second of ticks. */
  private static void awaitAsleep() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!CoarseClock.asleep()) {
      assertTrue(System.nanoTime() < deadline, "the clock never fell asleep");
      Thread.sleep(10);
    }
  }
}
