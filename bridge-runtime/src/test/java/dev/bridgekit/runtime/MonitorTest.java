package dev.bridgekit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Binary;
import dev.bridgekit.term.ListTerm;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Tuple;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MonitorTest {
  @Test
  void downCarriesTheRefThePidAndANormalReason() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid pid = Processes.spawn(() -> Processes.receive());
      Ref ref = Processes.monitor(pid);
      Processes.send(pid, "stop");
      Down down = Await.message(m -> m instanceof Down d ? d : null);
      assertEquals(new Down(ref, pid, ExitReason.NORMAL), down);
    }
  }

  @Test
  void aCrashCarriesTheExceptionClassMessageAndStack() {
    try (Mailbox box = Processes.openMailbox()) {
      SpawnedMonitor sm = Processes.spawnMonitor(() -> {
        throw new IllegalStateException("crashed on purpose");
      });
      Term reason = Await.down(sm.ref());
      Tuple crash = assertInstanceOf(Tuple.class, reason);
      assertEquals(4, crash.arity());
      assertEquals(Atom.of("exception"), crash.get(0));
      assertEquals(Atom.of("java.lang.IllegalStateException"), crash.get(1));
      assertEquals(Binary.of("crashed on purpose"), crash.get(2));
      ListTerm frames = assertInstanceOf(ListTerm.class, crash.get(3));
      assertFalse(frames.isEmpty());
      assertTrue(((Binary) frames.elements().get(0)).utf8().contains("MonitorTest"),
          frames.toString());
      assertFalse(ExitReason.isOrderly(reason));
    }
  }

  @Test
  void aMonitorOnALocalNameGivesANameDownWithTheReason() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid pid = Processes.spawn(() -> Processes.receive());
      Processes.register("name_monitored", pid);
      Ref ref = Processes.monitor("name_monitored", Processes.node());
      Processes.send(pid, "stop");
      NameDown down = Await.message(m -> m instanceof NameDown d ? d : null);
      assertEquals(
          new NameDown(ref, Atom.of("name_monitored"), Processes.node(), ExitReason.NORMAL), down);
    }
  }

  @Test
  void aMonitorOnAFreeLocalNameGivesNoprocAtOnce() {
    try (Mailbox box = Processes.openMailbox()) {
      Ref ref = Processes.monitor("nobody_has_this_name", Processes.node());
      NameDown down = Await.message(m -> m instanceof NameDown d ? d : null);
      assertEquals(
          new NameDown(ref, Atom.of("nobody_has_this_name"), Processes.node(), ExitReason.NOPROC),
          down);
    }
  }

  @Test
  void demonitorWithFlushRemovesALocalNameDown() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid pid = Processes.spawn(() -> Processes.receive());
      Processes.register("name_flushed", pid);
      Ref ref = Processes.monitor("name_flushed", Processes.node());
      Processes.exit(pid, ExitReason.KILL); // returns once the Downs are delivered
      assertFalse(Processes.demonitor(ref, true));
      assertTrue(Processes.receive(m -> m instanceof NameDown ? m : null, Duration.ZERO).isEmpty());
    }
  }

  @Test
  void aKilledProcessIsDownWithKilled() {
    try (Mailbox box = Processes.openMailbox()) {
      SpawnedMonitor sm = Processes.spawnMonitor(() -> Processes.receive(m -> null));
      Processes.exit(sm.pid(), ExitReason.KILL);
      assertEquals(ExitReason.KILLED, Await.down(sm.ref()));
    }
  }

  @Test
  void monitoringADeadProcessGivesNoprocAtOnce() {
    try (Mailbox box = Processes.openMailbox()) {
      SpawnedMonitor sm = Processes.spawnMonitor(() -> {});
      Await.down(sm.ref());
      Ref again = Processes.monitor(sm.pid());
      Down down = Processes.receive(m -> m instanceof Down d ? d : null, Duration.ZERO)
          .orElseThrow(() -> new AssertionError("no Down at once"));
      assertEquals(new Down(again, sm.pid(), ExitReason.NOPROC), down);
    }
  }

  @Test
  void monitoringAProcessOfAnUnconnectedNodeGivesNoconnection() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid remote = new Pid(Atom.of("elsewhere@nohost"), 1, 0, 1);
      Ref ref = Processes.monitor(remote);
      assertEquals(ExitReason.NOCONNECTION, Await.down(ref));
    }
  }

  @Test
  void demonitorStopsTheDown() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid pid = Processes.spawn(() -> Processes.receive());
      Ref ref = Processes.monitor(pid);
      assertTrue(Processes.demonitor(ref));
      Ref other = Processes.monitor(pid);
      Processes.send(pid, "stop");
      Await.down(other);
      Await.nothing(m -> m instanceof Down d && d.ref().equals(ref) ? d : null);
      assertFalse(Processes.demonitor(ref));
    }
  }

  @Test
  void demonitorWithFlushRemovesADownThatArrived() {
    try (Mailbox box = Processes.openMailbox()) {
      SpawnedMonitor sm = Processes.spawnMonitor(() -> Processes.receive());
      // exit(kill) returns once the Downs are delivered. (Waiting for a second monitor's Down
      // did not do: a process's watchers are told in no particular order.)
      Processes.exit(sm.pid(), ExitReason.KILL);
      Processes.send(box.pid(), "after");
      assertFalse(Processes.demonitor(sm.ref(), true));
      assertEquals("after", Processes.receive(Matcher.any(), Duration.ZERO).orElseThrow());
    }
  }

  @Test
  void spawnMonitorSeesEvenAnImmediateExit() {
    try (Mailbox box = Processes.openMailbox()) {
      for (int i = 0; i < 100; i++) {
        SpawnedMonitor sm = Processes.spawnMonitor(() -> {
          throw Processes.exit(ExitReason.shutdown(Atom.of("done")));
        });
        Term reason = Await.down(sm.ref());
        assertEquals(Tuple.of(ExitReason.SHUTDOWN, Atom.of("done")), reason);
        assertTrue(ExitReason.isOrderly(reason));
      }
    }
  }

  @Test
  void eachMonitorHasItsOwnRefAndDown() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid pid = Processes.spawn(() -> Processes.receive());
      Ref a = Processes.monitor(pid);
      Ref b = Processes.monitor(pid);
      assertNotEquals(a, b);
      Processes.send(pid, "stop");
      assertEquals(ExitReason.NORMAL, Await.down(b));
      assertEquals(ExitReason.NORMAL, Await.down(a));
    }
  }

  @Test
  void aWatcherThatDiesLeavesNoDownBehind() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid target = Processes.spawn(() -> Processes.receive());
      SpawnedMonitor watcher = Processes.spawnMonitor(() -> {
        Processes.monitor(target);
        Processes.send(box.pid(), "watching");
      });
      Await.exactly("watching");
      Await.down(watcher.ref());
      Ref mine = Processes.monitor(target);
      Processes.send(target, "stop");
      assertEquals(ExitReason.NORMAL, Await.down(mine));
    }
  }
}
