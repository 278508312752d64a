package dev.bridgekit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Term;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcessTest {
  @Test
  void spawnedProcessReceivesWhatItIsSentAndAnswers() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid echo = Processes.spawn(() -> {
        Object m = Processes.receive();
        if (m instanceof Object[] req) {
          Processes.send((Pid) req[0], "echo:" + req[1]);
        }
      });
      Processes.send(echo, new Object[] {box.pid(), "hi"});
      assertEquals("echo:hi", Await.message(m -> m instanceof String s ? s : null));
    }
  }

  @Test
  void selfInsideAProcessIsTheSpawnedPid() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid parent = box.pid();
      Pid child = Processes.spawn(() -> Processes.send(parent, Processes.self()));
      assertEquals(child, Await.message(m -> m instanceof Pid p ? p : null));
    }
  }

  @Test
  void callsThatNeedAProcessThrowOutsideOne() {
    assertThrows(NotAProcessException.class, Processes::self);
    assertThrows(NotAProcessException.class, Processes::receive);
    assertThrows(NotAProcessException.class, () -> Processes.trapExit(true));
    assertThrows(NotAProcessException.class, () -> Processes.spawnLink(() -> {}));
  }

  @Test
  void aThreadStartedByAProcessIsNotThatProcess() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid parent = box.pid();
      Processes.spawn(() -> {
        Pid self = Processes.self();
        Thread t = Thread.ofVirtual().start(() -> {
          try {
            Processes.self();
            Processes.send(parent, "the thread acted as " + self);
          } catch (NotAProcessException e) {
            Processes.send(parent, "not a process");
          }
        });
        t.join();
      });
      assertEquals("not a process", Await.message(m -> m instanceof String s ? s : null));
    }
  }

  @Test
  void pidsAreUniqueAndOfTheLocalNode() {
    Set<Pid> pids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      pids.add(Processes.spawn(() -> {}));
    }
    assertEquals(1000, pids.size());
    assertEquals(Atom.NONODE, Processes.node());
    for (Pid p : pids) {
      assertEquals(Processes.node(), p.node());
    }
  }

  @Test
  void aDeadProcesssPidIsNeverGivenAgainNorReachesItsSuccessor() {
    try (Mailbox box = Processes.openMailbox()) {
      Set<Pid> seen = new HashSet<>();
      Pid previous = null;
      for (int i = 0; i < 1000; i++) {
        SpawnedMonitor sm = Processes.spawnMonitor(() -> {
          if (!Processes.receive().equals("stop")) {
            throw Processes.exit(Atom.of("got a message meant for a dead process"));
          }
        });
        assertTrue(seen.add(sm.pid()), "pid given twice: " + sm.pid());
        if (previous != null) {
          Processes.send(previous, "for the dead");
        }
        Processes.send(sm.pid(), "stop");
        assertEquals(ExitReason.NORMAL, Await.down(sm.ref()));
        previous = sm.pid();
      }
    }
  }

  @Test
  void processThatReturnsExitsNormallyAndIsNoLongerAlive() {
    try (Mailbox box = Processes.openMailbox()) {
      SpawnedMonitor sm = Processes.spawnMonitor(() -> Processes.receive());
      assertTrue(Processes.isAlive(sm.pid()));
      Processes.send(sm.pid(), "go");
      assertEquals(ExitReason.NORMAL, Await.down(sm.ref()));
      assertFalse(Processes.isAlive(sm.pid()));
    }
  }

  @Test
  void exitInsideAProcessEndsItWithThatReasonAfterItsFinallyBlocks() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid parent = box.pid();
      Atom bye = Atom.of("bye");
      SpawnedMonitor sm = Processes.spawnMonitor(() -> {
        try {
          throw Processes.exit(bye);
        } finally {
          Processes.send(parent, "cleaned up");
        }
      });
      Await.exactly("cleaned up");
      assertEquals(bye, Await.down(sm.ref()));
    }
  }

  @Test
  void catchingExceptionDoesNotStopAProcessFromExiting() {
    try (Mailbox box = Processes.openMailbox()) {
      Atom reason = Atom.of("insisted");
      SpawnedMonitor sm = Processes.spawnMonitor(() -> {
        try {
          Processes.exit(reason);
        } catch (Exception e) {
          Processes.send(box.pid(), "caught, wrongly");
        }
      });
      assertEquals(reason, Await.down(sm.ref()));
      Await.nothing(m -> m.equals("caught, wrongly") ? m : null);
    }
  }

  @Test
  void spawningAndEndingManyProcessesLeavesNothingInTheProcessTable() {
    int before = Processes.count();
    try (Mailbox box = Processes.openMailbox()) {
      int total = 100_000;
      int batch = 1_000;
      for (int done = 0; done < total; done += batch) {
        for (int i = 0; i < batch; i++) {
          Processes.spawnMonitor(() -> {});
        }
        for (int i = 0; i < batch; i++) {
          Term reason = Await.message(m -> m instanceof Down d ? d : null).reason();
          assertEquals(ExitReason.NORMAL, reason);
        }
      }
    }
    assertTrue(Processes.count() <= before,
        "process table grew from " + before + " to " + Processes.count());
  }

  @Test
  void aProcessSpawnedByAnotherRunsApart() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid parent = box.pid();
      Pid middle = Processes.spawn(() -> {
        Pid grandchild = Processes.spawn(() -> Processes.send(parent, "grandchild ran"));
        Processes.send(parent, grandchild);
      });
      Pid grandchild = Await.message(m -> m instanceof Pid p ? p : null);
      assertNotEquals(middle, grandchild);
      Await.exactly("grandchild ran");
    }
  }
}
