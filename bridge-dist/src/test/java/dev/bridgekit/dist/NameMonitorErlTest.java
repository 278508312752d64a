package dev.bridgekit.dist;

import static dev.bridgekit.dist.ErlNode.literal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.runtime.Down;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.Mailbox;
import dev.bridgekit.runtime.NameDown;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Tuple;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Monitors on registered names across a real erl node (OTP 25), as {@code
 * erlang:monitor(process, {Name, Node})}: from Java on erl's names, and from erl on Java's.
 */
@SuppressWarnings("try") // a mailbox makes the test thread a process
class NameMonitorErlTest {
  private static final String COOKIE = "namemonerltest";
  private static NodeWithErl peers;
  private static Node node;
  private static ErlNode erl;
  private static String javaNode;

  @BeforeAll
  static void start() {
    peers = NodeWithErl.start("javanamemon", "erlnamemon", COOKIE);
    node = peers.node();
    javaNode = peers.javaNode();
    erl = peers.erl();
  }

  /**
   * Asks erl whether {@code condition} holds, again every 10 ms for up to 3 s: signals travel over
   * the connection and questions over erl's stdin, so erl may hear the question first.
   */
  private static boolean erlSoon(String condition) {
    return Atom.TRUE.equals(erl.eval("W = fun Wait(0) -> false; Wait(K) -> case " + condition
        + " of true -> true; false -> timer:sleep(10), Wait(K - 1) end end, W(300)"));
  }

  @AfterAll
  static void stop() {
    if (peers != null) {
      peers.close();
    }
  }

  /** Starts an erl process registered as {@code name} that exits with {@code bang} on stop. */
  private static Pid erlNamed(String name) {
    return (Pid) erl.eval("P = spawn(fun() -> receive stop -> exit(bang) end end),"
        + " register(" + name + ", P), P");
  }

  @Test
  void javaMonitorsAnErlNameAndGetsItsExitReason() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid p = erlNamed("watched_one");
      Ref ref = Processes.monitor("watched_one", erl.name());
      Processes.send(p, Atom.of("stop"));
      assertEquals(new NameDown(ref, Atom.of("watched_one"), erl.name(), Atom.of("bang")),
          nameDown());
    }
  }

  @Test
  void javaMonitoringAFreeErlNameGetsNoproc() {
    try (Mailbox box = Processes.openMailbox()) {
      Ref ref = Processes.monitor("nobody_has_this", erl.name());
      assertEquals(new NameDown(ref, Atom.of("nobody_has_this"), erl.name(), ExitReason.NOPROC),
          nameDown());
    }
  }

  @Test
  void aDemonitoredNameGivesNoDownAndErlForgetsTheMonitor() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid p = erlNamed("watched_two");
      Ref ref = Processes.monitor("watched_two", erl.name());
      // erl's own view: one process monitors it, from our node. (The MONITOR_P travels over the
      // connection and this question over erl's stdin: erl may see the question first.)
      assertTrue(erlSoon("case process_info(" + literal(p) + ", monitored_by) of"
          + " {monitored_by, [M]} -> node(M) =:= " + javaNode + "; _ -> false end"));
      assertTrue(Processes.demonitor(ref, true));
      assertTrue(erlSoon("{monitored_by, []} =:= process_info(" + literal(p) + ", monitored_by)"));
      Processes.send(p, Atom.of("stop"));
      assertEquals(Optional.empty(), Processes.receive(m -> m, Duration.ofMillis(300)));
    }
  }

  @Test
  void aNameMonitorEndsWhenItsWatcherExits() throws Exception {
    Pid p = erlNamed("watched_three");
    Pid watcher = Processes.spawn(() -> {
      Processes.monitor("watched_three", erl.name());
      Processes.receive();
    });
    assertTrue(erlSoon("case process_info(" + literal(p) + ", monitored_by) of"
        + " {monitored_by, [M]} -> M =:= " + literal(watcher) + "; _ -> false end"));
    Processes.exit(watcher, ExitReason.KILL);
    assertTrue(erlSoon("{monitored_by, []} =:= process_info(" + literal(p) + ", monitored_by)"));
    Processes.send(p, Atom.of("stop"));
  }

  @Test
  void aLostConnectionGivesNoconnectionAndAnUnreachableNodeToo() {
    try (Mailbox box = Processes.openMailbox();
        ErlNode other = ErlNode.start("erlnamemon2", COOKIE, node.options().epmdPort())) {
      other.eval("register(doomed, self())");
      Ref ref = Processes.monitor("doomed", other.name());
      assertEquals(Atom.TRUE, other.eval("W = fun W(0) -> false; W(N) ->"
          + " case process_info(self(), monitored_by) of {monitored_by, [_]} -> true;"
          + " _ -> timer:sleep(20), W(N - 1) end end, W(250)"), "the monitor is set up");
      other.kill();
      assertEquals(new NameDown(ref, Atom.of("doomed"), other.name(), ExitReason.NOCONNECTION),
          nameDown());
      Atom nowhere = Atom.of("nobody_here@" + node.name().name().split("@")[1]);
      Ref ref2 = Processes.monitor("anything", nowhere);
      assertEquals(new NameDown(ref2, Atom.of("anything"), nowhere, ExitReason.NOCONNECTION),
          nameDown());
    }
  }

  @Test
  void aNameOfThisNodeIsResolvedNow() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid local = Processes.spawn(() -> Processes.receive());
      Processes.register("local_watched", local);
      Ref ref = Processes.monitor("local_watched", node.name());
      Processes.send(local, "go");
      assertEquals(new NameDown(ref, Atom.of("local_watched"), node.name(), ExitReason.NORMAL),
          nameDown());
      Ref none = Processes.monitor("local_watched", node.name());
      assertEquals(new NameDown(none, Atom.of("local_watched"), node.name(), ExitReason.NOPROC),
          nameDown());
    }
  }

  @Test
  void erlMonitorsAJavaNameAndItsDownNamesTheNameAndNode() {
    Pid jp = Processes.spawn(() -> {
      Processes.receive();
      throw Processes.exit(Atom.of("java_bang"));
    });
    Processes.register("java_watched", jp);
    Tuple down = (Tuple) erl.eval("R = monitor(process, {java_watched, " + javaNode + "}),"
        + " " + literal(jp) + " ! go,"
        + " receive {'DOWN', R, process, Who, Why} -> {Who, Why} after 5000 -> timeout end");
    assertEquals(Tuple.of(Tuple.of(Atom.of("java_watched"), node.name()), Atom.of("java_bang")),
        down);
    assertEquals(Tuple.of(Tuple.of(Atom.of("java_watched"), node.name()), ExitReason.NOPROC),
        erl.eval("R = monitor(process, {java_watched, " + javaNode + "}),"
            + " receive {'DOWN', R, process, Who, Why} -> {Who, Why} after 5000 -> timeout end"));
    assertFalse(Processes.isAlive(jp));
  }

  private static NameDown nameDown() {
    return Processes.receive(m -> m instanceof NameDown d ? d : null, Duration.ofSeconds(5))
        .orElseThrow(() -> new AssertionError("no NameDown within 5 s"));
  }
}
