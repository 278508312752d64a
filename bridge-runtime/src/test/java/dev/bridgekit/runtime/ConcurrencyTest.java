package dev.bridgekit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Signals racing each other: whatever the interleaving, Erlang's guarantees hold. */
class ConcurrencyTest {
  private static final Atom BOOM = Atom.of("boom");
  private static final int ROUNDS = 2_000;

  @Test
  void aLinkRacingWithTheDeathOfItsTargetNeverLeavesTheLinkerAlive() {
    try (Mailbox box = Processes.openMailbox()) {
      for (int i = 0; i < ROUNDS; i++) {
        Pid victim = Processes.spawn(() -> Processes.receive(m -> null));
        SpawnedMonitor linker = Processes.spawnMonitor(() -> {
          Processes.link(victim);
          Processes.receive(m -> null);
        });
        Processes.exit(victim, BOOM);
        Term reason = Await.down(linker.ref());
        assertTrue(reason.equals(BOOM) || reason.equals(ExitReason.NOPROC), reason.toString());
      }
    }
  }

  @Test
  void aMonitorRacingWithAnExitGivesExactlyOneDown() {
    try (Mailbox box = Processes.openMailbox()) {
      Set<Ref> refs = new HashSet<>();
      for (int i = 0; i < ROUNDS; i++) {
        Pid quick = Processes.spawn(() -> {});
        refs.add(Processes.monitor(quick));
      }
      for (int i = 0; i < ROUNDS; i++) {
        Down d = Await.message(m -> m instanceof Down down ? down : null);
        assertTrue(refs.remove(d.ref()), "second or unknown Down " + d);
        assertTrue(d.reason().equals(ExitReason.NORMAL) || d.reason().equals(ExitReason.NOPROC),
            d.toString());
      }
      Await.nothing(m -> m instanceof Down d ? d : null);
    }
  }

  @Test
  void demonitorWithFlushRacingWithAnExitLeavesNoDown() {
    try (Mailbox box = Processes.openMailbox()) {
      for (int i = 0; i < ROUNDS; i++) {
        Pid quick = Processes.spawn(() -> {});
        Ref ref = Processes.monitor(quick);
        Processes.demonitor(ref, true);
      }
      Processes.send(box.pid(), "end");
      Object first = Processes.receive(Matcher.any(), Duration.ZERO).orElseThrow();
      assertEquals("end", first, "a Down survived its demonitor");
    }
  }

  @Test
  void killersRacingEachOtherReleaseAProcessOnce() {
    try (Mailbox box = Processes.openMailbox()) {
      for (int i = 0; i < ROUNDS / 4; i++) {
        Pid victim = Processes.spawn(() -> Processes.receive(m -> null));
        Ref ref = Processes.monitor(victim);
        for (int k = 0; k < 3; k++) {
          Atom reason = Atom.of("killer" + k);
          Processes.spawn(() -> Processes.exit(victim, reason));
        }
        Term reason = Await.down(ref);
        assertTrue(reason.toString().startsWith("killer"), reason.toString());
      }
      Processes.send(box.pid(), "end");
      Object next = Processes.receive(Matcher.any(), Duration.ZERO).orElseThrow();
      assertEquals("end", next, "a process was released twice");
    }
  }

  @Test
  void exactlyOneOfManyProcessesRacingForANameGetsIt() {
    try (Mailbox box = Processes.openMailbox()) {
      int racers = 200;
      AtomicInteger winners = new AtomicInteger();
      Pid parent = box.pid();
      for (int i = 0; i < racers; i++) {
        Processes.spawn(() -> {
          try {
            Processes.register("concurrency-prize", Processes.self());
            winners.incrementAndGet();
            Processes.send(parent, "won");
            Processes.receive();
          } catch (IllegalArgumentException lost) {
            Processes.send(parent, "lost");
          }
        });
      }
      int won = 0;
      for (int i = 0; i < racers; i++) {
        if (Await.message(m -> m instanceof String s ? s : null).equals("won")) {
          won++;
        }
      }
      assertEquals(1, won);
      assertEquals(1, winners.get());
      Pid holder = Processes.whereis("concurrency-prize").orElseThrow();
      Ref ref = Processes.monitor(holder);
      Processes.send("concurrency-prize", "done");
      Await.down(ref);
      assertFalse(Processes.whereis("concurrency-prize").isPresent());
    }
  }

  @Test
  void aKilledProcessWithManyLinksAndMonitorsReleasesThemAll() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid hub = Processes.spawn(() -> Processes.receive(m -> null));
      int spokes = 1_000;
      Ref[] downs = new Ref[spokes];
      for (int i = 0; i < spokes; i++) {
        Pid spoke = Processes.spawn(() -> {
          Processes.link(hub);
          Processes.monitor(hub);
          Processes.send(box.pid(), "ready");
          Processes.receive(m -> null);
        });
        downs[i] = Processes.monitor(spoke);
      }
      for (int i = 0; i < spokes; i++) {
        Await.exactly("ready");
      }
      Processes.exit(hub, ExitReason.KILL);
      for (Ref ref : downs) {
        assertEquals(ExitReason.KILLED, Await.down(ref));
      }
    }
  }
}
