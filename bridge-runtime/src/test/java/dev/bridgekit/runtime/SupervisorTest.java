package dev.bridgekit.runtime;

import static dev.bridgekit.runtime.SupProbe.await;
import static dev.bridgekit.runtime.SupProbe.awaitChildren;
import static dev.bridgekit.runtime.SupProbe.awaitDown;
import static dev.bridgekit.runtime.SupProbe.awaitStarted;
import static dev.bridgekit.runtime.SupProbe.awaitStopped;
import static dev.bridgekit.runtime.SupProbe.child;
import static dev.bridgekit.runtime.SupProbe.pidOf;
import static dev.bridgekit.runtime.SupProbe.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.runtime.SupProbe.Crash;
import dev.bridgekit.runtime.SupProbe.Quit;
import dev.bridgekit.runtime.SupProbe.Started;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SupervisorTest {
  private final Queue<String> log = new ConcurrentLinkedQueue<>();
  private Mailbox mailbox;
  private Pid me;

  @BeforeEach
  void openMailbox() {
    mailbox = Processes.openMailbox();
    me = mailbox.pid();
    Processes.trapExit(true); // a supervisor that gives up must not take the test down with it
  }

  @AfterEach
  void closeMailbox() {
    mailbox.close(); // supervisors started with startLink stop with their parent
  }

  private Pid startLink(SupervisorFlags flags, String... ids) {
    List<ChildSpec> specs = new ArrayList<>();
    for (String id : ids) {
      specs.add(worker(id, me, log));
    }
    Pid sup = Supervisor.startLink(flags, specs);
    for (String id : ids) {
      awaitStarted(id);
    }
    return sup;
  }

  /** Crashes child {@code id} and waits for the supervisor to have replaced it. */
  private List<ChildInfo> crash(Pid sup, String id) {
    Pid old = pidOf(Supervisor.whichChildren(sup), id);
    Processes.monitor(old);
    GenServer.cast(old, new Crash());
    awaitDown(old);
    return awaitChildren(sup, c -> !old.equals(pidOf(c, id)));
  }

  // ---- order ----

  @Test
  void childrenStartInOrderAndStopInReverseWhenTheParentSendsShutdown() {
    Pid sup = startLink(SupervisorFlags.oneForOne(), "a", "b", "c");
    assertEquals(List.of("start:a", "start:b", "start:c"), List.copyOf(log));
    Processes.monitor(sup);
    Processes.exit(sup, ExitReason.SHUTDOWN); // we are its parent
    assertEquals(ExitReason.SHUTDOWN, awaitDown(sup).reason());
    assertEquals(
        List.of("start:a", "start:b", "start:c", "stop:c", "stop:b", "stop:a"), List.copyOf(log));
    assertEquals(ExitReason.SHUTDOWN, awaitStopped("a").reason());
  }

  @Test
  void aChildThatFailsToStartStopsTheOnesBeforeItAndFailsTheStart() {
    ChildSpec failing =
        ChildSpec.worker(
            "b",
            () -> {
              throw new IllegalStateException("b cannot start");
            });
    List<ChildSpec> specs = List.of(worker("a", me, log), failing, worker("c", me, log));
    StartException e =
        assertThrows(
            StartException.class, () -> Supervisor.startLink(SupervisorFlags.oneForOne(), specs));
    assertEquals(List.of("start:a", "stop:a"), List.copyOf(log));
    Tuple reason = assertInstanceOf(Tuple.class, e.reason());
    assertEquals(ExitReason.SHUTDOWN, reason.get(0));
    Tuple detail = assertInstanceOf(Tuple.class, reason.get(1));
    assertEquals(Atom.of("failed_to_start_child"), detail.get(0));
    assertEquals(Atom.of("b"), detail.get(1));
    assertTrue(e.getMessage().contains("failed_to_start_child, b,"), e.getMessage());
    assertTrue(e.getMessage().contains("b cannot start"), e.getMessage());
  }

  @Test
  void duplicateChildIdsAreRejectedBeforeAnythingStarts() {
    List<ChildSpec> specs = List.of(worker("worker1", me, log), worker("worker1", me, log));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Supervisor.startLink(SupervisorFlags.oneForOne(), specs));
    assertEquals("duplicate child id: worker1", e.getMessage());
    assertTrue(log.isEmpty());
  }

  // ---- strategies ----

  @Test
  void oneForOneRestartsOnlyTheChildThatExited() {
    Pid sup = startLink(SupervisorFlags.oneForOne(), "a", "b", "c");
    List<ChildInfo> before = Supervisor.whichChildren(sup);
    List<ChildInfo> after = crash(sup, "b");
    assertEquals(pidOf(before, "a"), pidOf(after, "a"));
    assertNotEquals(pidOf(before, "b"), pidOf(after, "b"));
    assertEquals(pidOf(before, "c"), pidOf(after, "c"));
    assertEquals(List.of("a", "b", "c"), after.stream().map(ChildInfo::id).toList());
  }

  @Test
  void oneForAllRestartsEveryChild() {
    Pid sup = startLink(SupervisorFlags.oneForAll(), "a", "b", "c");
    List<ChildInfo> before = Supervisor.whichChildren(sup);
    log.clear();
    List<ChildInfo> after = crash(sup, "b");
    for (String id : List.of("a", "b", "c")) {
      assertNotEquals(pidOf(before, id), pidOf(after, id), id);
    }
    // the others stopped in reverse order, then all started in order
    assertEquals(
        List.of("stop:b", "stop:c", "stop:a", "start:a", "start:b", "start:c"), List.copyOf(log));
  }

  @Test
  void restForOneRestartsTheChildAndThoseStartedAfterIt() {
    Pid sup = startLink(SupervisorFlags.restForOne(), "a", "b", "c");
    List<ChildInfo> before = Supervisor.whichChildren(sup);
    List<ChildInfo> after = crash(sup, "b");
    awaitChildren(sup, c -> !pidOf(before, "c").equals(pidOf(c, "c")));
    assertEquals(pidOf(before, "a"), pidOf(after, "a"));
    assertNotEquals(pidOf(before, "b"), pidOf(after, "b"));
    assertNotEquals(pidOf(before, "c"), pidOf(after, "c"));
  }

  // ---- intensity ----

  @Test
  void moreRestartsThanTheIntensityAllowsShutTheSupervisorDown() {
    Pid sup =
        startLink(SupervisorFlags.oneForOne().withIntensity(2, Duration.ofSeconds(10)), "a", "b");
    Processes.monitor(sup);
    crash(sup, "a");
    crash(sup, "a");
    Pid a = pidOf(Supervisor.whichChildren(sup), "a");
    Pid b = pidOf(Supervisor.whichChildren(sup), "b");
    Processes.monitor(b);
    GenServer.cast(a, new Crash()); // the third restart in the period: one too many
    assertEquals(ExitReason.SHUTDOWN, awaitDown(sup).reason());
    assertEquals(ExitReason.SHUTDOWN, awaitDown(b).reason(), "the other child was shut down");
    Exit exit = await(m -> m instanceof Exit x && x.from().equals(sup) ? x : null);
    assertEquals(ExitReason.SHUTDOWN, exit.reason());
  }

  @Test
  void aNestedSupervisorThatGivesUpIsRestartedByItsParentUntilTheParentGivesUpToo() {
    SupervisorFlags strict = SupervisorFlags.oneForOne().withIntensity(0, Duration.ofSeconds(10));
    ChildSpec inner = Supervisor.childSpec("inner", strict, List.of(worker("w", me, log)));
    Pid outer =
        Supervisor.startLink(
            SupervisorFlags.oneForOne().withIntensity(1, Duration.ofSeconds(10)), List.of(inner));
    Processes.monitor(outer);
    Started first = awaitStarted("w");
    Pid inner1 = pidOf(Supervisor.whichChildren(outer), "inner");
    assertEquals(new ChildCount(1, 1, 1, 0), Supervisor.countChildren(outer));

    GenServer.cast(first.pid(), new Crash()); // inner gives up at once; outer restarts it
    Started second = awaitStarted("w");
    assertNotEquals(first.pid(), second.pid());
    Pid inner2 =
        awaitChildren(outer, c -> !inner1.equals(pidOf(c, "inner"))).stream()
            .filter(c -> c.id().equals("inner"))
            .findFirst()
            .orElseThrow()
            .pid()
            .orElseThrow();
    assertNotEquals(inner1, inner2);

    GenServer.cast(second.pid(), new Crash()); // inner gives up again: outer's second restart
    assertEquals(ExitReason.SHUTDOWN, awaitDown(outer).reason());
  }

  // ---- restart types ----

  @Test
  void aTransientChildIsRestartedAfterACrashButNotAfterANormalExit() {
    ChildSpec spec = worker("t", me, log).withRestart(Restart.TRANSIENT);
    Pid sup = Supervisor.startLink(SupervisorFlags.oneForOne(), List.of(spec));
    Pid first = awaitStarted("t").pid();
    List<ChildInfo> afterCrash = crash(sup, "t");
    Pid second = pidOf(afterCrash, "t");
    assertNotEquals(first, second);
    assertEquals(second, awaitStarted("t").pid());

    Processes.monitor(second);
    GenServer.cast(second, new Quit());
    awaitDown(second);
    List<ChildInfo> afterQuit = awaitChildren(sup, c -> pidOf(c, "t") == null);
    assertEquals(ChildInfo.Status.UNDEFINED, child(afterQuit, "t").status());
    assertFalse(SupProbe.pending(m -> m instanceof Started ? m : null), "not restarted");
    assertEquals(new ChildCount(1, 0, 0, 1), Supervisor.countChildren(sup));
  }

  @Test
  void aTemporaryChildIsNeverRestartedAndIsForgotten() {
    ChildSpec spec = worker("tmp", me, log).withRestart(Restart.TEMPORARY);
    Pid sup =
        Supervisor.startLink(SupervisorFlags.oneForOne(), List.of(spec, worker("p", me, log)));
    Pid tmp = awaitStarted("tmp").pid();
    awaitStarted("p");
    Processes.monitor(tmp);
    GenServer.cast(tmp, new Crash());
    awaitDown(tmp);
    List<ChildInfo> children = awaitChildren(sup, c -> child(c, "tmp") == null);
    assertEquals(List.of("p"), children.stream().map(ChildInfo::id).toList());
    assertFalse(SupProbe.pending(m -> m instanceof Started ? m : null));
  }

  // ---- shutdown ----

  /** A child that traps exits and ignores them: only kill ends it. */
  private static ChildStart stubborn(Pid observer) {
    return ChildStart.process(
        () -> {
          Processes.trapExit(true);
          Processes.send(observer, new Started("stubborn", Processes.self()));
          while (true) {
            Processes.receive();
          }
        });
  }

  @Test
  void aChildThatIgnoresShutdownIsKilledAfterItsTimeout() {
    ChildSpec spec =
        ChildSpec.worker("stubborn", stubborn(me)).withShutdown(ShutdownPolicy.timeoutMillis(200));
    Pid sup = Supervisor.startLink(SupervisorFlags.oneForOne(), List.of(spec));
    Pid child = awaitStarted("stubborn").pid();
    Processes.monitor(child);
    long start = System.nanoTime();
    Supervisor.terminateChild(sup, "stubborn");
    long took = System.nanoTime() - start;
    assertEquals(ExitReason.KILLED, awaitDown(child).reason());
    assertTrue(took >= TimeUnit.MILLISECONDS.toNanos(200), "took " + took + " ns");
    assertTrue(took < TimeUnit.SECONDS.toNanos(3), "took " + took + " ns");
  }

  @Test
  void brutalKillKillsAtOnce() {
    ChildSpec spec =
        ChildSpec.worker("stubborn", stubborn(me)).withShutdown(ShutdownPolicy.BRUTAL_KILL);
    Pid sup = Supervisor.startLink(SupervisorFlags.oneForOne(), List.of(spec));
    Pid child = awaitStarted("stubborn").pid();
    Processes.monitor(child);
    long start = System.nanoTime();
    Supervisor.terminateChild(sup, "stubborn");
    assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500));
    assertEquals(ExitReason.KILLED, awaitDown(child).reason());
  }

  @Test
  void aWorkerThatTrapsExitsIsStoppedWithShutdownAndRunsTerminate() {
    ChildSpec spec = worker("w", me, log).withShutdown(ShutdownPolicy.INFINITY);
    Pid sup = Supervisor.startLink(SupervisorFlags.oneForOne(), List.of(spec));
    Pid w = awaitStarted("w").pid();
    Processes.monitor(w);
    Supervisor.terminateChild(sup, "w");
    assertEquals(ExitReason.SHUTDOWN, awaitDown(w).reason());
    assertEquals(ExitReason.SHUTDOWN, awaitStopped("w").reason());
    assertEquals(ChildInfo.Status.UNDEFINED, child(Supervisor.whichChildren(sup), "w").status());
  }

  // ---- the child calls ----

  @Test
  void whichCountTerminateRestartDeleteAndStartChildWorkAsInOtp() {
    Pid sup = startLink(SupervisorFlags.oneForOne(), "a", "b");
    List<ChildInfo> which = Supervisor.whichChildren(sup);
    assertEquals(List.of("a", "b"), which.stream().map(ChildInfo::id).toList());
    assertTrue(
        which.stream()
            .allMatch(
                c ->
                    c.status() == ChildInfo.Status.RUNNING
                        && c.pid().isPresent()
                        && c.type() == ChildType.WORKER));
    assertEquals(new ChildCount(2, 2, 0, 2), Supervisor.countChildren(sup));

    Supervisor.terminateChild(sup, "a");
    assertEquals(ChildInfo.Status.UNDEFINED, child(Supervisor.whichChildren(sup), "a").status());
    assertEquals(new ChildCount(2, 1, 0, 2), Supervisor.countChildren(sup));

    Pid a2 = Supervisor.restartChild(sup, "a");
    assertEquals(a2, awaitStarted("a").pid());
    assertEquals(a2, pidOf(Supervisor.whichChildren(sup), "a"));
    SupervisorException running =
        assertThrows(SupervisorException.class, () -> Supervisor.restartChild(sup, "a"));
    assertEquals(Atom.of("running"), running.reason());
    assertEquals(
        Atom.of("running"),
        assertThrows(SupervisorException.class, () -> Supervisor.deleteChild(sup, "a")).reason());

    Supervisor.terminateChild(sup, "a");
    Supervisor.deleteChild(sup, "a");
    assertNull(child(Supervisor.whichChildren(sup), "a"));
    SupervisorException notFound =
        assertThrows(SupervisorException.class, () -> Supervisor.deleteChild(sup, "a"));
    assertEquals(Atom.of("not_found"), notFound.reason());
    assertEquals("no child with id: a", notFound.getMessage());
    assertEquals(
        Atom.of("not_found"),
        assertThrows(SupervisorException.class, () -> Supervisor.terminateChild(sup, "zz"))
            .reason());

    Pid c = Supervisor.startChild(sup, worker("c", me, log));
    assertEquals(c, awaitStarted("c").pid());
    assertEquals(
        List.of("b", "c"), Supervisor.whichChildren(sup).stream().map(ChildInfo::id).toList());
    SupervisorException taken =
        assertThrows(
            SupervisorException.class, () -> Supervisor.startChild(sup, worker("c", me, log)));
    assertEquals(Tuple.of(Atom.of("already_started"), c), taken.reason());
    Supervisor.terminateChild(sup, "c");
    assertEquals(
        Atom.of("already_present"),
        assertThrows(
                SupervisorException.class, () -> Supervisor.startChild(sup, worker("c", me, log)))
            .reason());

    ChildSpec broken =
        ChildSpec.worker(
            "broken",
            () -> {
              throw new IllegalStateException("nope");
            });
    StartException failed =
        assertThrows(StartException.class, () -> Supervisor.startChild(sup, broken));
    assertInstanceOf(IllegalStateException.class, failed.getCause());
    assertNull(child(Supervisor.whichChildren(sup), "broken"), "a failed start keeps no spec");
  }

  @Test
  void aFailedRestartIsRetriedUntilTheIntensityIsReached() {
    // The start works once, then fails for ever: each retry counts as a restart.
    int[] starts = {0};
    ChildSpec flaky =
        ChildSpec.worker(
            "flaky",
            () -> {
              if (starts[0]++ > 0) {
                throw new IllegalStateException("no more");
              }
              return GenServer.startLink(new SupProbe.Worker("flaky", me, log));
            });
    Pid sup =
        Supervisor.startLink(
            SupervisorFlags.oneForOne().withIntensity(3, Duration.ofSeconds(10)), List.of(flaky));
    Pid first = awaitStarted("flaky").pid();
    Processes.monitor(sup);
    GenServer.cast(first, new Crash());
    assertEquals(ExitReason.SHUTDOWN, awaitDown(sup).reason());
    assertEquals(
        4, starts[0], "the first start, then 3 allowed restarts that fail; the 4th is refused");
  }
}
