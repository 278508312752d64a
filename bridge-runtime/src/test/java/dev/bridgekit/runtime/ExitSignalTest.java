package dev.bridgekit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ExitSignalTest {
  private static final Atom BOOM = Atom.of("boom");

  @Test
  void killKillsEvenATrappingProcessAndMonitorsSeeKilled() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid trapper = Processes.spawn(() -> {
        Processes.trapExit(true);
        Processes.send(box.pid(), "trapping");
        Processes.receive(m -> null);
      });
      Await.exactly("trapping");
      Ref ref = Processes.monitor(trapper);
      Processes.exit(trapper, ExitReason.KILL);
      assertFalse(Processes.isAlive(trapper));
      assertEquals(ExitReason.KILLED, Await.down(ref));
    }
  }

  @Test
  void exitWithNormalIsIgnoredByAProcessThatDoesNotTrapExits() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid echo = Processes.spawn(Await::echoLoop);
      Processes.exit(echo, ExitReason.NORMAL);
      Await.answers(echo);
      Processes.exit(echo, ExitReason.KILL);
    }
  }

  @Test
  void aTrappingProcessReceivesExitSignalsAsMessages() {
    try (Mailbox box = Processes.openMailbox()) {
      Processes.trapExit(true);
      Pid me = box.pid();
      Pid sender = Processes.spawn(() -> {
        Processes.exit(me, ExitReason.NORMAL);
        Processes.exit(me, BOOM);
      });
      assertEquals(ExitReason.NORMAL, Await.exit(sender));
      assertEquals(BOOM, Await.exit(sender));
      assertTrue(Processes.isAlive(me));
    }
  }

  @Test
  void exitOfSelfWithNormalEndsTheProcess() {
    try (Mailbox box = Processes.openMailbox()) {
      SpawnedMonitor sm = Processes.spawnMonitor(() -> {
        Processes.exit(Processes.self(), ExitReason.NORMAL);
        Processes.send(box.pid(), "still running");
      });
      assertEquals(ExitReason.NORMAL, Await.down(sm.ref()));
      Await.nothing(m -> m.equals("still running") ? m : null);
    }
  }

  @Test
  void anyOtherReasonKillsAProcessThatDoesNotTrapExits() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid echo = Processes.spawn(Await::echoLoop);
      Ref ref = Processes.monitor(echo);
      Processes.exit(echo, BOOM);
      assertEquals(BOOM, Await.down(ref));
    }
  }

  @Test
  void aThreadThatIsNoProcessCanSendExitSignals() throws InterruptedException {
    try (Mailbox box = Processes.openMailbox()) {
      Pid echo = Processes.spawn(Await::echoLoop);
      Ref ref = Processes.monitor(echo);
      Thread outsider = Thread.ofPlatform().start(() -> Processes.exit(echo, BOOM));
      assertEquals(BOOM, Await.down(ref));
      assertTrue(outsider.join(java.time.Duration.ofSeconds(5)));
    }
  }

  @Test
  void aKilledProcessIsReleasedBeforeExitReturns() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid victim = Processes.spawn(() -> Processes.receive(m -> null));
      Processes.register("exit-signal-victim", victim);
      Ref ref = Processes.monitor(victim);
      Processes.exit(victim, ExitReason.KILL);
      assertFalse(Processes.isAlive(victim));
      assertTrue(Processes.whereis("exit-signal-victim").isEmpty());
      // The Down was delivered before exit returned: it is there without waiting.
      assertTrue(Processes.receive(m -> m instanceof Down d && d.ref().equals(ref) ? d : null,
          java.time.Duration.ZERO).isPresent());
    }
  }

  @Test
  void aSleepingProcessKilledStopsAtOnceAndCannotSendAfterwards() throws InterruptedException {
    try (Mailbox box = Processes.openMailbox()) {
      CountDownLatch unwound = new CountDownLatch(1);
      AtomicReference<Throwable> sendAfterDeath = new AtomicReference<>();
      Pid sleeper = Processes.spawn(() -> {
        try {
          Processes.send(box.pid(), "sleeping");
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          try {
            Processes.send(box.pid(), "from the dead");
          } catch (Throwable t) {
            sendAfterDeath.set(t);
          }
          unwound.countDown();
        }
      });
      Await.exactly("sleeping");
      Processes.exit(sleeper, BOOM);
      assertTrue(unwound.await(5, TimeUnit.SECONDS), "killed process still sleeping");
      ProcessExitException e = assertInstanceOf(ProcessExitException.class, sendAfterDeath.get());
      assertEquals(BOOM, e.reason());
      Await.nothing(m -> m.equals("from the dead") ? m : null);
    }
  }

  @Test
  void trapExitReturnsThePreviousSetting() {
    try (Mailbox box = Processes.openMailbox()) {
      assertFalse(Processes.trapExit(true));
      assertTrue(Processes.trapExit(true));
      assertTrue(Processes.trapExit(false));
      assertFalse(Processes.trapExit(false));
    }
  }

  @Test
  void anInterruptedProcessWaitingInReceiveExitsAsKilled() throws InterruptedException {
    try (Mailbox box = Processes.openMailbox()) {
      AtomicReference<Thread> thread = new AtomicReference<>();
      SpawnedMonitor sm = Processes.spawnMonitor(() -> {
        thread.set(Thread.currentThread());
        Processes.send(box.pid(), "waiting");
        Processes.receive(m -> null);
      });
      Await.exactly("waiting");
      thread.get().interrupt();
      assertEquals(ExitReason.KILLED, Await.down(sm.ref()));
    }
  }
}
