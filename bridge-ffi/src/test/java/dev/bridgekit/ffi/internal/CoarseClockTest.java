package dev.bridgekit.ffi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The clock clean calls are timed on, the precise bound a call that looked long gets, and the
 * clock's idling while no call needs it.
 */
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

  @Test
  void theClockIdlesUntilACallEndsAndThenTicksFastAgain() throws InterruptedException {
    awaitIdle();
    long before = CoarseClock.now();
    Thread.sleep(200);
    int idleTicks = CoarseClock.ticksBetween(before, CoarseClock.now());
    assertTrue(idleTicks >= 5 && idleTicks <= 30, "ticks every 20 ms while idle: " + idleTicks);

    // A trivial call, timed as a bound class times it, ends while the clock idles.
    LongCallMonitor.Check check = new LongCallMonitor.Check("ended_idle", 1_000_000);
    check.after(LongCallMonitor.Check.start());
    assertFalse(CoarseClock.idle(), "a call that ends wakes the clock");
    assertEquals(0, LongCallMonitor.count("ended_idle"), "and is not reported");
    before = CoarseClock.now();
    Thread.sleep(200);
    int fastTicks = CoarseClock.ticksBetween(before, CoarseClock.now());
    assertTrue(fastTicks >= 60, "ticks every millisecond again: " + fastTicks);
  }

  @Test
  void callsEndingNowAndThenKeepTheClockFromIdling() throws InterruptedException {
    // A call every 50 ms, for three seconds: the clock asks whether calls run after a second of
    // ticks, and each time the next call's end answers, so it never idles.
    LongCallMonitor.Check check = new LongCallMonitor.Check("now_and_then", 1_000_000_000L);
    awaitIdle();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    long nextCall = 0;
    while (System.nanoTime() < until) {
      if (System.nanoTime() - nextCall >= 0) {
        check.after(LongCallMonitor.Check.start());
        nextCall = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
      } else {
        assertFalse(CoarseClock.idle(), "idled while calls ran every 50 ms");
      }
      Thread.sleep(2);
    }
  }

  @Test
  void aLongCallThatStartsWhileTheClockIdlesIsReported() throws InterruptedException {
    LongCallMonitor.Check check = new LongCallMonitor.Check("started_idle", 1_000_000);
    awaitIdle();
    long start = LongCallMonitor.Check.start();
    Thread.sleep(50);
    check.after(start);
    assertEquals(1, LongCallMonitor.count("started_idle"));
  }

  @Test
  void aLongCallUnderWayWhenTheClockIdlesIsReported() throws InterruptedException {
    LongCallMonitor.Check check = new LongCallMonitor.Check("fell_idle", 1_000_000);
    long start = LongCallMonitor.Check.start();
    awaitIdle();
    Thread.sleep(20);
    check.after(start);
    assertEquals(1, LongCallMonitor.count("fell_idle"));
  }

  @Test
  void aShortCallUnderWayWhenTheClockIdlesIsNotReported() throws InterruptedException {
    LongCallMonitor.Check check = new LongCallMonitor.Check("short_idle", 10_000_000_000L);
    long start = LongCallMonitor.Check.start();
    awaitIdle();
    check.after(start);
    assertEquals(0, LongCallMonitor.count("short_idle"));
  }

  /** Waits for the clock to idle: it does after two seconds or so of fast ticks with no call. */
  private static void awaitIdle() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!CoarseClock.idle()) {
      assertTrue(System.nanoTime() < deadline, "the clock never idled");
      Thread.sleep(10);
    }
  }
}
