package dev.bridgekit.runtime;

import static dev.bridgekit.runtime.SupProbe.await;
import static dev.bridgekit.runtime.SupProbe.awaitDown;
import static dev.bridgekit.runtime.SupProbe.awaitStarted;
import static dev.bridgekit.runtime.SupProbe.awaitStopped;
import static dev.bridgekit.runtime.SupProbe.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.runtime.SupProbe.Crash;
import dev.bridgekit.runtime.SupProbe.Started;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DynamicSupervisorTest {
  private final Queue<String> log = new ConcurrentLinkedQueue<>();
  private Mailbox mailbox;
  private Pid me;

  @BeforeEach
  void openMailbox() {
    mailbox = Processes.openMailbox();
    me = mailbox.pid();
    Processes.trapExit(true);
  }

  @AfterEach
  void closeMailbox() {
    mailbox.close();
  }

  private static List<Pid> pids(Pid sup) {
    return DynamicSupervisor.whichChildren(sup).stream().map(c -> c.pid().orElseThrow()).toList();
  }

  @Test
  void startChildReturnsThePidOfARunningChild() {
    Pid sup = DynamicSupervisor.startLink(DynamicSupervisorFlags.defaults());
    assertEquals(new ChildCount(0, 0, 0, 0), DynamicSupervisor.countChildren(sup));
    Pid a = DynamicSupervisor.startChild(sup, worker("a", me, log));
    Pid b = DynamicSupervisor.startChild(sup, worker("a", me, log)); // ids need not be unique
    assertEquals(a, awaitStarted("a").pid());
    assertEquals(b, awaitStarted("a").pid());
    assertEquals(List.of(a, b), pids(sup));
    assertEquals(new ChildCount(2, 2, 0, 2), DynamicSupervisor.countChildren(sup));
    assertEquals("pong", GenServer.call(a, new SupProbe.Ping()));
  }

  @Test
  void startChildFailsWithMaxChildrenWhenFull() {
    Pid sup = DynamicSupervisor.startLink(DynamicSupervisorFlags.defaults().withMaxChildren(2));
    DynamicSupervisor.startChild(sup, worker("a", me, log));
    Pid b = DynamicSupervisor.startChild(sup, worker("b", me, log));
    SupervisorException full =
        assertThrows(
            SupervisorException.class,
            () -> DynamicSupervisor.startChild(sup, worker("c", me, log)));
    assertEquals(Atom.of("max_children"), full.reason());
    assertTrue(full.getMessage().startsWith("max_children"), full.getMessage());

    DynamicSupervisor.terminateChild(sup, b); // room again
    DynamicSupervisor.startChild(sup, worker("c", me, log));
    assertEquals(2, DynamicSupervisor.countChildren(sup).active());
  }

  @Test
  void aCrashedChildIsRestartedWithANewPid() {
    Pid sup = DynamicSupervisor.startLink(DynamicSupervisorFlags.defaults());
    Pid a = DynamicSupervisor.startChild(sup, worker("a", me, log));
    Pid b = DynamicSupervisor.startChild(sup, worker("b", me, log));
    awaitStarted("a");
    awaitStarted("b");
    GenServer.cast(a, new Crash());
    Pid a2 = awaitStarted("a").pid();
    assertNotEquals(a, a2);
    assertEquals(Set.of(b, a2), new HashSet<>(pids(sup)));
  }

  @Test
  void temporaryAndNormallyEndedTransientChildrenAreForgotten() {
    Pid sup = DynamicSupervisor.startLink(DynamicSupervisorFlags.defaults());
    Pid tmp =
        DynamicSupervisor.startChild(sup, worker("tmp", me, log).withRestart(Restart.TEMPORARY));
    Pid tr =
        DynamicSupervisor.startChild(sup, worker("tr", me, log).withRestart(Restart.TRANSIENT));
    awaitStarted("tmp");
    awaitStarted("tr");
    Processes.monitor(tmp);
    Processes.monitor(tr);
    GenServer.cast(tmp, new Crash());
    GenServer.cast(tr, new SupProbe.Quit());
    awaitDown(tmp);
    awaitDown(tr);
    // Down comes after the link's Exit reached the supervisor: this call is answered after it
    // handled both.
    assertEquals(new ChildCount(0, 0, 0, 0), DynamicSupervisor.countChildren(sup));
    assertFalse(SupProbe.pending(m -> m instanceof Started ? m : null), "nothing restarted");
  }

  @Test
  void terminateChildStopsAndForgetsIt() {
    Pid sup = DynamicSupervisor.startLink(DynamicSupervisorFlags.defaults());
    Pid a = DynamicSupervisor.startChild(sup, worker("a", me, log));
    DynamicSupervisor.terminateChild(sup, a);
    assertEquals(ExitReason.SHUTDOWN, awaitStopped("a").reason());
    assertFalse(Processes.isAlive(a));
    SupervisorException gone =
        assertThrows(SupervisorException.class, () -> DynamicSupervisor.terminateChild(sup, a));
    assertEquals(Atom.of("not_found"), gone.reason());
  }

  @Test
  void tooManyRestartsShutTheSupervisorDownWithItsChildren() {
    Pid sup =
        DynamicSupervisor.startLink(
            DynamicSupervisorFlags.defaults().withIntensity(1, Duration.ofSeconds(10)));
    Pid a = DynamicSupervisor.startChild(sup, worker("a", me, log));
    Pid b = DynamicSupervisor.startChild(sup, worker("b", me, log));
    awaitStarted("a");
    Processes.monitor(sup);
    GenServer.cast(a, new Crash());
    Pid a2 = awaitStarted("a").pid();
    assertNotEquals(a, a2);
    GenServer.cast(a2, new Crash());
    assertEquals(ExitReason.SHUTDOWN, awaitDown(sup).reason());
    assertFalse(Processes.isAlive(b));
    assertEquals(
        ExitReason.SHUTDOWN,
        await(m -> m instanceof Exit x && x.from().equals(sup) ? x : null).reason());
  }

  @Test
  void stoppingTheSupervisorStopsAllChildrenAtOnce() {
    Pid sup = DynamicSupervisor.startLink(DynamicSupervisorFlags.defaults());
    for (int i = 0; i < 20; i++) {
      DynamicSupervisor.startChild(sup, worker("w" + i, me, log));
    }
    // A child that ignores shutdown: killed after its timeout, while the others stop at once.
    DynamicSupervisor.startChild(
        sup,
        ChildSpec.worker(
                "stubborn",
                ChildStart.process(
                    () -> {
                      Processes.trapExit(true);
                      while (true) {
                        Processes.receive();
                      }
                    }))
            .withShutdown(ShutdownPolicy.timeoutMillis(100)));
    Processes.monitor(sup);
    long start = System.nanoTime();
    GenServer.stop(sup, ExitReason.SHUTDOWN, Duration.ofSeconds(5));
    long took = System.nanoTime() - start;
    assertEquals(ExitReason.SHUTDOWN, awaitDown(sup).reason());
    for (int i = 0; i < 20; i++) {
      String id = "w" + i;
      assertEquals(ExitReason.SHUTDOWN, awaitStopped(id).reason());
    }
    assertTrue(took < Duration.ofSeconds(2).toNanos(), "took " + took + " ns");
  }
}
