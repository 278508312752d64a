package dev.bridgekit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MailboxTest {
  @Test
  void anOpenMailboxMakesTheThreadAProcess() {
    try (Mailbox box = Processes.openMailbox()) {
      assertEquals(box.pid(), Processes.self());
      assertTrue(Processes.isAlive(box.pid()));
      Processes.send(box.pid(), "to myself");
      assertEquals("to myself", Processes.receive());
    }
    assertThrows(NotAProcessException.class, Processes::self);
  }

  @Test
  void aSecondMailboxOnTheSameThreadIsRefused() {
    try (Mailbox box = Processes.openMailbox()) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, Processes::openMailbox);
      assertTrue(e.getMessage().contains(box.pid().toString()), e.getMessage());
    }
  }

  @Test
  void closingExitsNormallyAndFiresMonitorsAndLinks() {
    try (Mailbox watcher = Processes.openMailbox()) {
      Processes.trapExit(true);
      AtomicReference<Pid> boxPid = new AtomicReference<>();
      Pid parent = watcher.pid();
      Pid linker = Processes.spawnLink(() -> {
        Processes.trapExit(true);
        Thread.ofPlatform().start(() -> {
          try (Mailbox other = Processes.openMailbox()) {
            boxPid.set(other.pid());
            Processes.send(parent, other.pid());
            Processes.receive(); // the go-ahead to close
          }
        });
        Pid box = Processes.receive(m -> m instanceof Pid p ? p : null);
        Processes.link(box);
        Processes.send(parent, "linked");
        Processes.send(parent, Await.exit(box));
      });
      Pid box = Await.message(m -> m instanceof Pid p && !p.equals(linker) ? p : null);
      Ref ref = Processes.monitor(box);
      Processes.send(linker, box);
      Await.exactly("linked");
      Processes.send(box, "close now");
      assertEquals(ExitReason.NORMAL, Await.down(ref));
      assertEquals(ExitReason.NORMAL, Await.message(m -> m instanceof Atom a ? a : null));
      assertFalse(Processes.isAlive(boxPid.get()));
    }
  }

  @Test
  void aMailboxKilledWhileWaitingThrowsFromItsReceive() {
    Mailbox box = Processes.openMailbox();
    Pid me = box.pid();
    Pid killer = Processes.spawn(() -> {
      Processes.receive();
      Processes.exit(me, Atom.of("go away"));
    });
    Processes.send(killer, "go");
    ProcessExitException e =
        assertThrows(ProcessExitException.class, () -> Processes.receive(m -> null));
    assertEquals(Atom.of("go away"), e.reason());
    assertFalse(Processes.isAlive(me));
    box.close(); // closing a dead mailbox is allowed and does nothing
    try (Mailbox again = Processes.openMailbox()) {
      assertEquals(again.pid(), Processes.self());
    }
  }

  @Test
  void aMailboxKilledBeforeItsThreadNoticesCanBeReplaced() {
    Mailbox box = Processes.openMailbox();
    Thread killer = Thread.ofPlatform().start(() -> Processes.exit(box.pid(), ExitReason.KILL));
    assertTrue(assertDoesNotHang(killer));
    try (Mailbox again = Processes.openMailbox()) {
      assertEquals(again.pid(), Processes.self());
    }
    box.close();
  }

  @Test
  void onlyTheOpeningThreadMayCloseIt() throws InterruptedException {
    try (Mailbox box = Processes.openMailbox()) {
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      Thread other = Thread.ofPlatform().start(() -> {
        try {
          box.close();
        } catch (Throwable t) {
          thrown.set(t);
        }
      });
      other.join();
      assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
      assertTrue(Processes.isAlive(box.pid()));
    }
  }

  @Test
  void exitOnAMailboxEndsItAtOnce() {
    Mailbox box = Processes.openMailbox();
    Pid pid = box.pid();
    ProcessExitException e =
        assertThrows(ProcessExitException.class, () -> Processes.exit(Atom.of("done")));
    assertEquals(Atom.of("done"), e.reason());
    assertFalse(Processes.isAlive(pid));
    assertThrows(NotAProcessException.class, Processes::self);
    box.close();
  }

  private static boolean assertDoesNotHang(Thread t) {
    try {
      return t.join(java.time.Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
