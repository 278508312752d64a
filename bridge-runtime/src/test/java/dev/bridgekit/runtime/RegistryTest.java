package dev.bridgekit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.term.Pid;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryTest {
  @Test
  void aRegisteredProcessIsFoundAndReachedByName() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid echo = Processes.spawn(Await::echoLoop);
      Processes.register("registry-echo", echo);
      assertEquals(Optional.of(echo), Processes.whereis("registry-echo"));
      Processes.send("registry-echo", new Await.Ping(box.pid(), "by name"));
      Await.exactly("by name");
      Processes.exit(echo, ExitReason.KILL);
    }
  }

  @Test
  void aTakenNameIsRefusedNamingTheName() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid a = Processes.spawn(Await::echoLoop);
      Pid b = Processes.spawn(Await::echoLoop);
      Processes.register("registry-taken", a);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Processes.register("registry-taken", b));
      assertTrue(e.getMessage().contains("registry-taken"), e.getMessage());
      Processes.exit(a, ExitReason.KILL);
      Processes.exit(b, ExitReason.KILL);
    }
  }

  @Test
  void aProcessHasAtMostOneName() {
    try (Mailbox box = Processes.openMailbox()) {
      Processes.register("registry-first", box.pid());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Processes.register("registry-second", box.pid()));
      assertTrue(e.getMessage().contains("registry-first"), e.getMessage());
      assertTrue(Processes.whereis("registry-second").isEmpty());
    }
    assertTrue(Processes.whereis("registry-first").isEmpty(), "name outlived its mailbox");
  }

  @Test
  void aDeadProcessCannotBeRegistered() {
    try (Mailbox box = Processes.openMailbox()) {
      SpawnedMonitor sm = Processes.spawnMonitor(() -> {});
      Await.down(sm.ref());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Processes.register("registry-dead", sm.pid()));
      assertTrue(e.getMessage().contains(sm.pid().toString()), e.getMessage());
      assertTrue(Processes.whereis("registry-dead").isEmpty());
    }
  }

  @Test
  void theNameIsFreedWhenItsProcessExits() {
    try (Mailbox box = Processes.openMailbox()) {
      SpawnedMonitor sm = Processes.spawnMonitor(() -> Processes.receive());
      Processes.register("registry-freed", sm.pid());
      Processes.send("registry-freed", "stop");
      Await.down(sm.ref());
      assertEquals(Optional.empty(), Processes.whereis("registry-freed"));
      Processes.register("registry-freed", box.pid());
      assertEquals(Optional.of(box.pid()), Processes.whereis("registry-freed"));
    }
  }

  @Test
  void sendingToAnUnregisteredNameThrowsNamingIt() {
    NoSuchProcessException e = assertThrows(NoSuchProcessException.class,
        () -> Processes.send("registry-nobody", "hello"));
    assertTrue(e.getMessage().contains("registry-nobody"), e.getMessage());
  }

  @Test
  void unregisterFreesTheNameAndSaysWhetherItWasTaken() {
    try (Mailbox box = Processes.openMailbox()) {
      Processes.register("registry-unreg", box.pid());
      assertTrue(Processes.unregister("registry-unreg"));
      assertFalse(Processes.unregister("registry-unreg"));
      assertTrue(Processes.whereis("registry-unreg").isEmpty());
      Processes.register("registry-unreg-again", box.pid());
      assertEquals(Optional.of(box.pid()), Processes.whereis("registry-unreg-again"));
    }
  }
}
