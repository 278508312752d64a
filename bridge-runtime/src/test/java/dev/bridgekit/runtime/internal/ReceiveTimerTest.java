package dev.bridgekit.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.runtime.Down;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.Mailbox;
import dev.bridgekit.runtime.Matcher;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Timed receives of processes (virtual threads), which the {@link ReceiveTimer} ends. The test
 * thread itself is a platform thread: it only collects what the processes report.
 */
class ReceiveTimerTest {
  /** Lateness allowed on a loaded 2-core machine; the timer aims at about a millisecond. */
  private static final long SLACK_NANOS = Duration.ofMillis(500).toNanos();

  private static final Duration LONG = Duration.ofSeconds(20);

  /** What a waiter reports: how long its receive took, and what it got. */
  private record Waited(Pid pid, long requestedNanos, long tookNanos, Optional<Object> got) {}

  /** Spawns a process that receives with {@code matcher} and {@code timeout}, and reports. */
  private static Pid waiter(Pid to, Matcher<Object> matcher, Duration timeout) {
    return Processes.spawn(() -> {
      long start = System.nanoTime();
      Optional<Object> got = Processes.receive(matcher, timeout);
      long took = System.nanoTime() - start;
      Processes.send(to, new Waited(Processes.self(), timeout.toNanos(), took, got));
    });
  }

  private static Waited awaitReport() {
    return Processes.receive(m -> m instanceof Waited w ? w : null, LONG)
        .orElseThrow(() -> new AssertionError("a waiter did not report within " + LONG));
  }

  private static void assertOnTime(Waited w) {
    assertEquals(Optional.empty(), w.got(), "nothing was sent, yet it received");
    assertTrue(w.tookNanos() >= w.requestedNanos(),
        "timed out early: " + w.tookNanos() + " ns < " + w.requestedNanos() + " ns");
    assertTrue(w.tookNanos() < w.requestedNanos() + SLACK_NANOS,
        "timed out late: " + w.tookNanos() + " ns for " + w.requestedNanos() + " ns");
  }

  @Test
  void timedReceivesEndAtTheirTimeoutNeverBefore() {
    try (Mailbox box = Processes.openMailbox()) {
      long[] millis = {1, 3, 10, 25, 60, 150};
      for (long ms : millis) {
        waiter(box.pid(), m -> null, Duration.ofMillis(ms));
      }
      for (int i = 0; i < millis.length; i++) {
        assertOnTime(awaitReport());
      }
    }
  }

  @Test
  void manyConcurrentTimedWaitersAllTimeOut() {
    try (Mailbox box = Processes.openMailbox()) {
      int n = 3000;
      for (int i = 0; i < n; i++) {
        waiter(box.pid(), m -> null, Duration.ofMillis(100 + i % 200));
      }
      for (int i = 0; i < n; i++) {
        assertOnTime(awaitReport());
      }
    }
  }

  @Test
  void anEarlierTimeoutAfterALaterOneStillEndsOnTime() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid me = box.pid();
      Pid p = Processes.spawn(() -> {
        // The first receive files an entry 30 s ahead; the second must not wait for it.
        Processes.receive(m -> m.equals("go") ? m : null, Duration.ofSeconds(30));
        long start = System.nanoTime();
        Optional<Object> got = Processes.receive(m -> null, Duration.ofMillis(40));
        Processes.send(me, new Waited(Processes.self(), Duration.ofMillis(40).toNanos(),
            System.nanoTime() - start, got));
      });
      Processes.send(p, "go");
      assertOnTime(awaitReport());
    }
  }

  @Test
  void aMessageRacingTheDeadlineIsNeverLost() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid me = box.pid();
      int rounds = 300;
      for (int i = 0; i < rounds; i++) {
        Integer token = i;
        Pid p = Processes.spawn(() -> {
          Matcher<Object> it = m -> token.equals(m) ? m : null;
          Optional<Object> got = Processes.receive(it, Duration.ofMillis(3));
          if (got.isPresent()) {
            Processes.send(me, "received");
          } else {
            // Timed out: the message, sent about at the deadline, must then be in the mailbox.
            Optional<Object> late = Processes.receive(it, LONG);
            Processes.send(me, late.isPresent() ? "left" : "lost");
          }
        });
        // Sent from a third process, about when the receive gives up (3 ms, give or take).
        Processes.spawn(() -> {
          long until = System.nanoTime() + Duration.ofMillis(3).toNanos() - 50_000L * (token % 60);
          while (System.nanoTime() - until < 0) {
            Thread.onSpinWait();
          }
          Processes.send(p, token);
        });
        Object outcome = Processes.receive(m -> m instanceof String s ? s : null, LONG)
            .orElseThrow(() -> new AssertionError("no outcome within " + LONG));
        assertTrue(outcome.equals("received") || outcome.equals("left"),
            "round " + i + ": " + outcome);
      }
    }
  }

  @Test
  void aKilledTimedWaiterDiesAtOnce() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid me = box.pid();
      Pid p = Processes.spawn(() -> {
        Processes.send(me, "waiting");
        Processes.receive(m -> null, Duration.ofSeconds(30));
        Processes.send(me, "timed out");
      });
      Ref ref = Processes.monitor(p);
      Processes.receive(m -> m.equals("waiting") ? m : null, LONG).orElseThrow();
      // Let it park (a kill before it parks ends it at once as well).
      Processes.receive(m -> null, Duration.ofMillis(20));
      long start = System.nanoTime();
      Processes.exit(p, ExitReason.KILL);
      Down down = Processes.receive(m -> m instanceof Down d && d.ref().equals(ref) ? d : null,
          LONG).orElseThrow(() -> new AssertionError("the killed waiter did not die"));
      long took = System.nanoTime() - start;
      assertEquals(ExitReason.KILLED, down.reason());
      assertTrue(took < Duration.ofSeconds(2).toNanos(), "died after " + took + " ns");
      assertEquals(Optional.empty(), Processes.receive(m -> m.equals("timed out") ? m : null,
          Duration.ZERO));
    }
  }

  @Test
  void theTimerHoldsNothingOnceItsWaitersAreDone() throws InterruptedException {
    ReceiveTimer.sweepNow();
    int before = ReceiveTimer.entries(); // of other waiters, if any still wait
    try (Mailbox box = Processes.openMailbox()) {
      int n = 400;
      List<Pid> answered = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Pid p = waiter(box.pid(), m -> m.equals("now") ? m : null, Duration.ofMillis(300));
        if (i % 2 == 0) {
          answered.add(p);
        }
      }
      Processes.receive(m -> null, Duration.ofMillis(50)); // they park, each filing an entry
      for (Pid p : answered) {
        Processes.send(p, "now");
      }
      for (int i = 0; i < n; i++) {
        awaitReport();
      }
    }
    // The entries of those that got their message stay until their time: then they go too.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (ReceiveTimer.entries() > before && System.nanoTime() - deadline < 0) {
      Thread.sleep(10);
    }
    assertTrue(ReceiveTimer.entries() <= before,
        ReceiveTimer.entries() + " entries held, " + before + " before");
  }

  @Test
  void aSweepDropsTheEntriesOfWaitersThatGotTheirMessage() throws InterruptedException {
    ReceiveTimer.sweepNow();
    int before = ReceiveTimer.entries();
    int n = 200;
    try (Mailbox box = Processes.openMailbox()) {
      List<Pid> waiters = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        waiters.add(waiter(box.pid(), m -> m.equals("now") ? m : null, Duration.ofSeconds(60)));
      }
      Processes.receive(m -> null, Duration.ofMillis(100)); // they park, each filing an entry
      for (Pid p : waiters) {
        Processes.send(p, "now");
      }
      for (int i = 0; i < n; i++) {
        assertEquals(Optional.of("now"), awaitReport().got());
      }
    }
    // Not cancelled: they stay until their time (a minute), or a sweep.
    assertTrue(ReceiveTimer.entries() >= before + n / 2,
        ReceiveTimer.entries() + " entries held, " + before + " before " + n + " waiters");
    ReceiveTimer.sweepNow();
    assertTrue(ReceiveTimer.entries() <= before,
        ReceiveTimer.entries() + " entries held after a sweep, " + before + " before");
  }

  @Test
  void aSweepDropsStaleEntriesToo() throws InterruptedException {
    ReceiveTimer.sweepNow();
    int before = ReceiveTimer.entries();
    int n = 100;
    try (Mailbox box = Processes.openMailbox()) {
      Pid me = box.pid();
      List<Pid> waiters = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        waiters.add(Processes.spawn(() -> {
          // An entry a minute ahead, then an earlier one: the first is stale from then on.
          Processes.receive(m -> m.equals("one") ? m : null, Duration.ofSeconds(60));
          Processes.send(me, "parked again");
          Processes.receive(m -> m.equals("two") ? m : null, Duration.ofSeconds(30));
          Processes.send(me, "done");
        }));
      }
      Processes.receive(m -> null, Duration.ofMillis(100)); // they park
      for (Pid p : waiters) {
        Processes.send(p, "one");
      }
      for (int i = 0; i < n; i++) {
        Processes.receive(m -> m.equals("parked again") ? m : null, LONG).orElseThrow();
      }
      Processes.receive(m -> null, Duration.ofMillis(100));
      for (Pid p : waiters) {
        Processes.send(p, "two");
      }
      for (int i = 0; i < n; i++) {
        Processes.receive(m -> m.equals("done") ? m : null, LONG).orElseThrow();
      }
    }
    // Two each, unless a waiter got its message before it parked (a loaded machine).
    assertTrue(ReceiveTimer.entries() >= before + n / 2,
        ReceiveTimer.entries() + " entries held, " + before + " before " + n + " waiters");
    ReceiveTimer.sweepNow();
    assertTrue(ReceiveTimer.entries() <= before,
        ReceiveTimer.entries() + " entries held after a sweep, " + before + " before");
  }

  @Test
  void aSweepKeepsTheEntriesOfWaitersStillWaiting() throws InterruptedException {
    try (Mailbox box = Processes.openMailbox()) {
      List<Pid> waiters = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        waiters.add(waiter(box.pid(), m -> null, Duration.ofMillis(400)));
      }
      Processes.receive(m -> null, Duration.ofMillis(50)); // they park
      ReceiveTimer.sweepNow();
      for (int i = 0; i < waiters.size(); i++) {
        assertOnTime(awaitReport());
      }
    }
  }
}
