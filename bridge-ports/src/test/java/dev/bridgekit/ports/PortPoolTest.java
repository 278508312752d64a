package dev.bridgekit.ports;

import static dev.bridgekit.ports.Recv.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.runtime.Down;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.GenServer;
import dev.bridgekit.runtime.Mailbox;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.runtime.Supervisor;
import dev.bridgekit.runtime.SupervisorFlags;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PortPoolTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private Mailbox mailbox;
  private PortPool pool;

  @BeforeEach
  void openMailbox() {
    mailbox = Processes.openMailbox();
  }

  @AfterEach
  void stop() {
    if (pool != null && Processes.isAlive(pool.pid())) {
      pool.stop();
    }
    mailbox.close();
  }

  static void awaitStatus(PortPool pool, Predicate<PortPool.PoolStatus> ok) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    PortPool.PoolStatus s;
    while (!ok.test(s = pool.status())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("pool status never matched; last: " + s);
      }
      Thread.sleep(10);
    }
  }

  @Test
  void workersAreCheckedOutAloneAndComeBackOnCheckin() {
    pool = PortPool.start(SupervisionTest.allcaps(), 2, 0);
    assertEquals(new PortPool.PoolStatus(2, 0, 0, 0), pool.status());
    Pid a = pool.checkout(WAIT);
    Pid b = pool.checkout(WAIT);
    assertNotEquals(a, b);
    assertEquals(new PortPool.PoolStatus(0, 0, 2, 0), pool.status());
    assertEquals(Optional.empty(), pool.tryCheckout());
    assertEquals("A", new String(PortServer.call(a, utf8("a")), StandardCharsets.UTF_8));
    pool.checkin(a);
    assertEquals(Optional.of(a), pool.tryCheckout());
    pool.checkin(a);
    pool.checkin(b);
    assertEquals(new PortPool.PoolStatus(2, 0, 0, 0), pool.status());
  }

  @Test
  void checkoutParksUntilAWorkerIsCheckedInAndTimesOutOtherwise() throws Exception {
    pool = PortPool.start(SupervisionTest.allcaps(), 1, 0);
    Pid w = pool.checkout(WAIT);
    long start = System.nanoTime();
    assertThrows(PoolTimeoutException.class, () -> pool.checkout(Duration.ofMillis(100)));
    assertTrue(System.nanoTime() - start >= 90_000_000L);

    Pid parent = mailbox.pid();
    Processes.spawn(() -> Processes.send(parent, List.of("got", pool.checkout(WAIT))));
    Recv.none(m -> m instanceof List ? m : null, Duration.ofMillis(200));
    pool.checkin(w);
    assertEquals(List.of("got", w), Recv.message(m -> m instanceof List<?> l ? l : null),
        "the parked checkout got it, the one that timed out was skipped");
  }

  @Test
  void overflowWorkersServePeaksAndAreStoppedWhenCheckedIn() throws Exception {
    pool = PortPool.start(SupervisionTest.allcaps(), 1, 2);
    List<Pid> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      out.add(pool.checkout(WAIT));
    }
    assertEquals(3, new HashSet<>(out).size());
    assertEquals(new PortPool.PoolStatus(0, 2, 3, 0), pool.status());
    assertEquals(Optional.empty(), pool.tryCheckout());
    Pid last = out.get(2);
    long os = PortServer.port(last).osPid();
    Down d = SupervisionTest.awaitDown(last, () -> pool.checkin(last));
    assertEquals(ExitReason.SHUTDOWN, d.reason());
    assertTrue(ProcTable.awaitGone(List.of(os), WAIT), "its program ended");
    assertEquals(new PortPool.PoolStatus(0, 1, 2, 0), pool.status());
    pool.checkin(out.get(1));
    pool.checkin(out.get(0));
    awaitStatus(pool, s -> s.equals(new PortPool.PoolStatus(1, 0, 0, 0)));
  }

  @Test
  void aWorkerWhoseProgramDiesIsReplaced() throws Exception {
    pool = PortPool.start(SupervisionTest.allcaps(), 2, 0);
    Pid w = pool.checkout(WAIT);
    long os = PortServer.port(w).osPid();
    SupervisionTest.awaitDown(w, () -> ProcessHandle.of(os).orElseThrow().destroyForcibly());
    awaitStatus(pool, s -> s.idle() == 2 && s.checkedOut() == 0);
    Set<Pid> now = Set.of(pool.checkout(WAIT), pool.checkout(WAIT));
    assertTrue(!now.contains(w), "the dead worker was replaced");
    for (Pid p : now) {
      assertEquals("OK", new String(PortServer.call(p, utf8("ok")), StandardCharsets.UTF_8));
      pool.checkin(p);
    }
  }

  @Test
  void aWorkerCheckedOutByAProcessThatDiesComesBack() throws Exception {
    pool = PortPool.start(SupervisionTest.allcaps(), 1, 0);
    Pid parent = mailbox.pid();
    Pid holder = Processes.spawn(() -> {
      Processes.send(parent, pool.checkout(WAIT));
      Processes.receive(m -> "die".equals(m) ? m : null);
      throw Processes.exit(Atom.of("crashed"));
    });
    Pid w = Recv.message(m -> m instanceof Pid p ? p : null);
    assertEquals(new PortPool.PoolStatus(0, 0, 1, 0), pool.status());
    Processes.send(holder, "die");
    awaitStatus(pool, s -> s.equals(new PortPool.PoolStatus(1, 0, 0, 0)));
    assertEquals(w, pool.checkout(WAIT), "the same worker, back in the pool");
  }

  @Test
  void transactionsFromManyProcessesShareTheWorkers() throws Exception {
    pool = PortPool.start(SupervisionTest.allcaps(), 3, 1);
    Pid parent = mailbox.pid();
    int callers = 20;
    for (int i = 0; i < callers; i++) {
      String word = "caller" + i;
      Processes.spawn(() -> {
        for (int j = 0; j < 10; j++) {
          String got = new String(pool.call(utf8(word + j), WAIT), StandardCharsets.UTF_8);
          if (!got.equals((word + j).toUpperCase())) {
            throw new AssertionError("wrong reply " + got);
          }
        }
        Processes.send(parent, "done");
      });
    }
    for (int i = 0; i < callers; i++) {
      Recv.message(m -> "done".equals(m) ? m : null);
    }
    awaitStatus(pool, s -> s.checkedOut() == 0 && s.waiting() == 0 && s.idle() >= 3);
    assertEquals("X", new String(pool.transaction(WAIT, w -> PortServer.call(w, utf8("x"))),
        StandardCharsets.UTF_8));
  }

  @Test
  void stoppingThePoolEndsEveryWorkersProgram() throws Exception {
    pool = PortPool.start(SupervisionTest.allcaps(), 3, 0);
    List<Long> programs = new ArrayList<>();
    List<Pid> workers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Pid w = pool.checkout(WAIT);
      workers.add(w);
      programs.add(PortServer.port(w).osPid());
    }
    pool.stop();
    assertTrue(ProcTable.awaitGone(programs, WAIT));
    for (Pid w : workers) {
      assertTrue(!Processes.isAlive(w));
    }
  }

  @Test
  void aPoolUnderASupervisorIsRestartedWhenItCrashesAndItsNewWorkersWork() throws Exception {
    Pid sup = Supervisor.start(SupervisorFlags.oneForOne().withIntensity(3, Duration.ofSeconds(5)),
        List.of(PortPool.childSpec("caps-pool", SupervisionTest.allcaps(), 2, 1)));
    try {
      Pid first = SupervisionTest.child(sup, "caps-pool");
      PortPool before = PortPool.of(first);
      assertEquals(new PortPool.PoolStatus(2, 0, 0, 0), before.status());
      assertEquals("BEFORE", new String(before.call(utf8("before"), WAIT), StandardCharsets.UTF_8));
      List<Long> programs = new ArrayList<>();
      List<Pid> workers = List.of(before.checkout(WAIT), before.checkout(WAIT));
      for (Pid w : workers) {
        programs.add(PortServer.port(w).osPid());
      }

      Down d = SupervisionTest.awaitDown(first, () -> Processes.exit(first, ExitReason.KILL));
      assertEquals(ExitReason.KILLED, d.reason());
      Pid second = SupervisionTest.awaitRestart(sup, "caps-pool", first);
      assertTrue(ProcTable.awaitGone(programs, WAIT), "the crashed pool's programs are gone");
      for (Pid w : workers) {
        assertTrue(!Processes.isAlive(w), "old worker " + w + " went with its pool");
      }

      PortPool after = PortPool.of(second);
      assertEquals(new PortPool.PoolStatus(2, 0, 0, 0), after.status(), "a full pool again");
      Pid parent = mailbox.pid();
      for (int i = 0; i < 4; i++) {
        String word = "after" + i;
        Processes.spawn(() -> {
          String got = new String(after.call(utf8(word), WAIT), StandardCharsets.UTF_8);
          Processes.send(parent, got);
        });
      }
      Set<String> replies = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        replies.add(Recv.message(m -> m instanceof String s ? s : null));
      }
      assertEquals(Set.of("AFTER0", "AFTER1", "AFTER2", "AFTER3"), replies);
      Pid w = after.checkout(WAIT);
      assertTrue(!workers.contains(w), "a new worker");
      assertTrue(!programs.contains(PortServer.port(w).osPid()), "running a new program");
      after.checkin(w);
      assertTrue(Processes.isAlive(sup), "one restart is within the intensity");
    } finally {
      GenServer.stop(sup);
    }
  }
}
