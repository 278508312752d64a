package dev.bridgekit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Tuple;
import org.junit.jupiter.api.Test;

class LinkTest {
  private static final Atom BOOM = Atom.of("boom");

  @Test
  void anAbnormalExitKillsTheLinkedProcessInBothDirections() {
    try (Mailbox box = Processes.openMailbox()) {
      // The linker dies.
      Pid parent = box.pid();
      Pid target = Processes.spawn(Await::echoLoop);
      SpawnedMonitor linker = Processes.spawnMonitor(() -> {
        Processes.link(target);
        Processes.send(parent, "linked");
        Processes.receive();
      });
      Await.exactly("linked");
      Processes.exit(target, BOOM);
      assertEquals(BOOM, Await.down(linker.ref()));

      // The linked-to process dies.
      Pid other = Processes.spawn(Await::echoLoop);
      Ref otherDown = Processes.monitor(other);
      SpawnedMonitor linker2 = Processes.spawnMonitor(() -> {
        Processes.link(other);
        Processes.send(parent, "linked");
        throw Processes.exit(BOOM);
      });
      Await.exactly("linked");
      assertEquals(BOOM, Await.down(linker2.ref()));
      assertEquals(BOOM, Await.down(otherDown));
    }
  }

  @Test
  void aNormalExitIsIgnoredByALinkedProcessThatDoesNotTrapExits() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid survivor = Processes.spawn(Await::echoLoop);
      SpawnedMonitor quitter = Processes.spawnMonitor(() -> {
        Processes.link(survivor);
        Processes.send(box.pid(), "linked");
        Processes.receive();
      });
      Await.exactly("linked");
      Processes.send(quitter.pid(), "stop");
      assertEquals(ExitReason.NORMAL, Await.down(quitter.ref()));
      Await.answers(survivor);
      Processes.exit(survivor, Atom.of("cleanup"));
    }
  }

  @Test
  void aTrappingProcessReceivesExitMessagesInsteadOfDying() {
    try (Mailbox box = Processes.openMailbox()) {
      assertFalse(Processes.trapExit(true));
      Pid normal = Processes.spawnLink(() -> {});
      assertEquals(ExitReason.NORMAL, Await.exit(normal));
      Pid crasher = Processes.spawnLink(() -> {
        throw new IllegalStateException("crashed on purpose");
      });
      Term reason = Await.exit(crasher);
      assertEquals(Atom.of(IllegalStateException.class.getName()), ((Tuple) reason).get(1));
      assertTrue(Processes.trapExit(false));
    }
  }

  @Test
  void killCannotBeTrappedAndLinkedProcessesSeeKilled() {
    try (Mailbox box = Processes.openMailbox()) {
      Processes.trapExit(true);
      Pid parent = box.pid();
      Pid trapper = Processes.spawnLink(() -> {
        Processes.trapExit(true);
        Processes.send(parent, "trapping");
        Processes.receive(m -> null);
      });
      Await.exactly("trapping");
      Processes.exit(trapper, ExitReason.KILL);
      assertEquals(ExitReason.KILLED, Await.exit(trapper));
      assertFalse(Processes.isAlive(trapper));
    }
  }

  @Test
  void aProcessExitingWithReasonKillPassesKillOnAsAnOrdinaryTrappableReason() {
    try (Mailbox box = Processes.openMailbox()) {
      Processes.trapExit(true);
      Pid victim = Processes.spawn(() -> Processes.receive(m -> null));
      Ref victimMonitor = Processes.monitor(victim);
      Pid selfKiller = Processes.spawnLink(() -> {
        Processes.link(victim);
        Processes.send(box.pid(), "linked");
        Processes.receive();
        throw Processes.exit(ExitReason.KILL);
      });
      Await.exactly("linked");
      Processes.send(selfKiller, "go");
      assertEquals(ExitReason.KILL, Await.exit(selfKiller));
      assertEquals(ExitReason.KILL, Await.down(victimMonitor));
    }
  }

  @Test
  void linkingADeadProcessGivesNoproc() {
    try (Mailbox box = Processes.openMailbox()) {
      SpawnedMonitor dead = Processes.spawnMonitor(() -> {});
      Await.down(dead.ref());

      Processes.trapExit(true);
      Processes.link(dead.pid());
      assertEquals(ExitReason.NOPROC, Await.exit(dead.pid()));
      Processes.trapExit(false);

      SpawnedMonitor linker = Processes.spawnMonitor(() -> {
        Processes.link(dead.pid());
        Processes.send(box.pid(), "survived the link");
      });
      assertEquals(ExitReason.NOPROC, Await.down(linker.ref()));
      Await.nothing(m -> m.equals("survived the link") ? m : null);
    }
  }

  @Test
  void unlinkStopsTheExitSignal() {
    try (Mailbox box = Processes.openMailbox()) {
      Processes.trapExit(true);
      Pid child = Processes.spawnLink(() -> {
        Processes.receive();
        throw Processes.exit(BOOM);
      });
      Processes.unlink(child);
      Ref ref = Processes.monitor(child);
      Processes.send(child, "go");
      assertEquals(BOOM, Await.down(ref));
      Await.nothing(m -> m instanceof Exit e && e.from().equals(child) ? e : null);
    }
  }

  @Test
  void spawnLinkLinksBeforeTheChildRuns() {
    try (Mailbox box = Processes.openMailbox()) {
      Processes.trapExit(true);
      for (int i = 0; i < 100; i++) {
        Pid child = Processes.spawnLink(() -> {
          throw Processes.exit(BOOM);
        });
        assertEquals(BOOM, Await.exit(child));
      }
    }
  }

  @Test
  void aProcessBlockedInReceiveIsKilledAndItsLinksFire() {
    try (Mailbox box = Processes.openMailbox()) {
      Processes.trapExit(true);
      Pid parent = box.pid();
      Pid blocked = Processes.spawnLink(() -> {
        Processes.send(parent, "blocking");
        Processes.receive(m -> null);
      });
      Await.exactly("blocking");
      Pid bystander = Processes.spawn(() -> {
        Processes.link(blocked);
        Processes.send(parent, "bystander linked");
        Processes.receive(m -> null);
      });
      Await.exactly("bystander linked");
      Ref bystanderDown = Processes.monitor(bystander);
      Processes.exit(blocked, BOOM);
      assertFalse(Processes.isAlive(blocked));
      assertEquals(BOOM, Await.exit(blocked));
      assertEquals(BOOM, Await.down(bystanderDown));
    }
  }

  @Test
  void aLongChainOfLinkedProcessesDiesTogether() {
    try (Mailbox box = Processes.openMailbox()) {
      int length = 20_000;
      Pid parent = box.pid();
      Pid previous = Processes.spawn(() -> Processes.receive(m -> null));
      Pid first = previous;
      for (int i = 1; i < length; i++) {
        Pid next = previous;
        previous = Processes.spawn(() -> {
          Processes.link(next);
          Processes.send(parent, "linked");
          Processes.receive(m -> null);
        });
      }
      for (int i = 1; i < length; i++) {
        Await.exactly("linked");
      }
      Ref lastDown = Processes.monitor(previous);
      Processes.exit(first, BOOM);
      assertEquals(BOOM, Await.down(lastDown));
      assertFalse(Processes.isAlive(previous));
    }
  }

  @Test
  void aMailboxKilledThroughALinkThrowsOnItsNextCall() {
    Mailbox box = Processes.openMailbox();
    Pid child = Processes.spawnLink(() -> {
      Processes.receive();
      throw Processes.exit(BOOM);
    });
    Processes.send(child, "go");
    ProcessExitException e =
        assertThrows(ProcessExitException.class, () -> Processes.receive(m -> null));
    assertEquals(BOOM, e.reason());
    assertThrows(NotAProcessException.class, Processes::self);
    box.close();
  }
}
