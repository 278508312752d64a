package dev.bridgekit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Monitors whose reference is also an alias, as {@code monitor(process, Pid, [{alias, M}])}. */
class MonitorAliasTest {
  /** A process that waits for {@code stop}, then returns. */
  private static Pid waiter() {
    return Processes.spawn(() -> Processes.receive(m -> "stop".equals(m) ? m : null));
  }

  @Test
  void aDemonitorAliasDeliversUntilTheDownArrives() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid target = waiter();
      Ref ref = Processes.monitor(target, MonitorAlias.DEMONITOR);
      Processes.send(ref, "via alias");
      assertEquals("via alias", Await.message(m -> m));
      Processes.send(target, "stop");
      Down down = assertInstanceOf(Down.class, Await.message(m -> m));
      assertEquals(ref, down.ref());
      Processes.send(ref, "after the down");
      Processes.send(box.pid(), "marker");
      assertEquals("marker", Await.message(m -> m), "the alias ended with its monitor");
      assertFalse(Processes.unalias(ref));
    }
  }

  @Test
  void demonitorEndsADemonitorAlias() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid target = waiter();
      Ref ref = Processes.monitor(target, MonitorAlias.DEMONITOR);
      assertTrue(Processes.demonitor(ref));
      Processes.send(ref, "dropped");
      Processes.send(box.pid(), "marker");
      assertEquals("marker", Await.message(m -> m));
      Processes.send(target, "stop");
    }
  }

  @Test
  void aReplyDemonitorAliasTakesOneReplyAndEndsTheMonitor() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid target = waiter();
      Ref ref = Processes.monitor(target, MonitorAlias.REPLY_DEMONITOR);
      Processes.spawn(() -> {
        Processes.send(ref, "reply");
        Processes.send(ref, "second");
      });
      assertEquals("reply", Await.message(m -> m));
      assertFalse(Processes.demonitor(ref), "the reply ended the monitor");
      Ref watch = Processes.monitor(target);
      Processes.send(target, "stop");
      // Both monitors would fire in the same release: by the second's Down, the first's is in.
      Await.message(m -> m instanceof Down d && d.ref().equals(watch) ? d : null);
      assertEquals(Optional.empty(), Processes.receive(m -> m, Duration.ZERO),
          "no second message through the alias, and no Down of the ended monitor");
    }
  }

  @Test
  void anExplicitAliasOutlivesItsMonitor() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid target = waiter();
      Ref ref = Processes.monitor(target, MonitorAlias.EXPLICIT_UNALIAS);
      Processes.send(target, "stop");
      assertInstanceOf(Down.class, Await.message(m -> m));
      Processes.send(ref, "still an alias");
      assertEquals("still an alias", Await.message(m -> m));
      assertTrue(Processes.unalias(ref));
    }
  }

  @Test
  void aMonitorOfADeadProcessEndsItsAliasAtOnce() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid dead = waiter();
      Ref first = Processes.monitor(dead);
      Processes.send(dead, "stop");
      Await.message(m -> m instanceof Down d && d.ref().equals(first) ? d : null);
      Ref ref = Processes.monitor(dead, MonitorAlias.DEMONITOR);
      Down down = assertInstanceOf(Down.class, Await.message(m -> m));
      assertEquals(ExitReason.NOPROC, down.reason());
      assertFalse(Processes.unalias(ref), "the alias ended with the noproc Down");
    }
  }
}
