package dev.bridgekit.ffi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The spin the dirty executor's threads and its callers wait with. */
class AdaptiveSpinTest {
  private static final long MAX = 1_000_000;
  // Descheduling is told by time, which a loaded test machine would make flaky: off here.
  private static final long NEVER_DESCHEDULED = Long.MAX_VALUE;

  @Test
  void aSpinThatSeesTheThingReturnsItAndKeepsTheFullBudget() {
    AdaptiveSpin spin = new AdaptiveSpin(MAX, NEVER_DESCHEDULED);
    AtomicInteger looks = new AtomicInteger();
    AtomicLong lastSeen = new AtomicLong();
    String found = spin.await(() -> looks.incrementAndGet() == 3 ? "here" : null, lastSeen::set);
    assertEquals("here", found);
    assertEquals(3, looks.get());
    assertTrue(lastSeen.get() != 0, "every look is reported");
    assertEquals(MAX, spin.budgetNanos());
  }

  @Test
  void spinsThatComeToNothingHalveTheBudgetToNoneThenOnlyProbe() {
    AdaptiveSpin spin = new AdaptiveSpin(MAX, NEVER_DESCHEDULED);
    int misses = 0;
    while (spin.budgetNanos() > 0) {
      long before = spin.budgetNanos();
      assertNull(spin.await(() -> null, null));
      assertTrue(spin.budgetNanos() < before, "budget " + spin.budgetNanos() + " after " + before);
      misses++;
    }
    assertTrue(misses <= 6, misses + " misses before giving up");
    // No budget: waits return at once, but one in PROBE_EVERY spins at the full budget.
    AtomicInteger looks = new AtomicInteger();
    for (int i = 0; i < AdaptiveSpin.PROBE_EVERY - 1; i++) {
      spin.await(() -> looks.incrementAndGet() > 0 ? null : null, null);
    }
    assertEquals(0, looks.get());
    String found = spin.await(() -> looks.incrementAndGet() > 0 ? "back" : null, null);
    assertEquals("back", found);
    assertEquals(MAX, spin.budgetNanos(), "a probe that pays restores the budget");
  }

  @Test
  void aSpinnerThatWasDescheduledStopsAndDropsTheBudget() {
    AdaptiveSpin spin = new AdaptiveSpin(MAX, 1_000);
    String found = spin.await(() -> {
      long until = System.nanoTime() + 100_000; // a look that takes as long as a preemption
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      return null;
    }, null);
    assertNull(found);
    assertEquals(0, spin.budgetNanos());
  }
}
