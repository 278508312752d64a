package dev.bridgekit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.runtime.internal.AliasesProbe;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Ref;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AliasTest {
  @Test
  void anAliasDeliversToItsOwnerUntilUnaliased() {
    try (Mailbox box = Processes.openMailbox()) {
      Ref alias = Processes.alias();
      Processes.send(alias, "one");
      assertEquals("one", Await.message(m -> m));
      assertTrue(Processes.unalias(alias));
      Processes.send(alias, "two");
      Processes.send(box.pid(), "marker");
      assertEquals("marker", Await.message(m -> m), "a message to a removed alias is dropped");
      assertFalse(Processes.unalias(alias), "an alias is removed once");
    }
  }

  @Test
  void aReplyAliasEndsWithItsFirstMessage() {
    try (Mailbox box = Processes.openMailbox()) {
      Ref alias = Processes.alias(AliasOption.REPLY);
      Processes.send(alias, "reply");
      Processes.send(alias, "second");
      Processes.send(box.pid(), "marker");
      assertEquals("reply", Await.message(m -> m));
      assertEquals("marker", Await.message(m -> m));
      assertFalse(Processes.unalias(alias));
    }
  }

  @Test
  void otherProcessesSendToAnAliasButCannotRemoveIt() {
    try (Mailbox box = Processes.openMailbox()) {
      Ref alias = Processes.alias();
      CompletableFuture<Boolean> removed = new CompletableFuture<>();
      Processes.spawn(() -> {
        removed.complete(Processes.unalias(alias));
        Processes.send(alias, "from another process");
      });
      assertEquals("from another process", Await.message(m -> m));
      assertFalse(removed.join(), "only the owner removes its alias");
      assertTrue(Processes.unalias(alias));
    }
  }

  @Test
  void anAliasOfAnExitedProcessDropsMessages() {
    try (Mailbox box = Processes.openMailbox()) {
      CompletableFuture<Ref> made = new CompletableFuture<>();
      SpawnedMonitor sm = Processes.spawnMonitor(() -> made.complete(Processes.alias()));
      Ref alias = made.join();
      Await.down(sm.ref());
      Processes.send(alias, "too late"); // must neither fail nor reach anyone
      Processes.send(alias, "still too late");
      Await.nothing(m -> "too late".equals(m) ? m : null);
    }
  }

  @Test
  void theAliasesOfAnExitedProcessAreGoneByItsDown() {
    try (Mailbox box = Processes.openMailbox()) {
      int before = AliasesProbe.size();
      for (int i = 0; i < 3000; i++) {
        SpawnedMonitor sm = Processes.spawnMonitor(() -> {
          Processes.alias();
          Processes.alias(AliasOption.REPLY);
        });
        Await.down(sm.ref());
      }
      Ref mine = Processes.alias();
      assertEquals(before + 1, AliasesProbe.size(), "only the live process's alias is left");
      Processes.send(mine, "alive");
      assertEquals("alive", Await.message(m -> m));
    }
  }

  @Test
  void aliasNeedsAProcess() {
    assertThrows(NotAProcessException.class, Processes::alias);
  }

  @Test
  void aMessageToAnAliasOfAnUnknownNodeWithoutDistributionIsDropped() {
    Ref remote = new Ref(Atom.of("elsewhere@nohost"), 1, new int[] {1, 2, 3});
    try (Mailbox box = Processes.openMailbox()) {
      Processes.send(remote, "lost");
      Await.nothing(m -> m);
    }
  }
}
