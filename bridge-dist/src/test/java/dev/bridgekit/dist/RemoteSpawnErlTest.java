package dev.bridgekit.dist;

import static dev.bridgekit.dist.ErlNode.literal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bridgekit.runtime.Down;
import dev.bridgekit.runtime.Exit;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.Mailbox;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.runtime.SpawnedMonitor;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Binary;
import dev.bridgekit.term.Int;
import dev.bridgekit.term.ListTerm;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Tuple;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Remote spawn with a real erl node (OTP 25), both ways: {@link Node#spawn} and its link and
 * monitor variants on erl, and erl's {@code spawn}, {@code spawn_link}, {@code spawn_monitor},
 * {@code rpc:call}, {@code erpc:call} and {@code rpc:cast} running functions this node exports.
 */
@SuppressWarnings("try") // a mailbox makes the test thread a process
class RemoteSpawnErlTest {
  private static final String COOKIE = "spawnerltest";
  private static final Atom MATHS = Atom.of("jmaths");
  private static final Atom ERLANG = Atom.of("erlang");
  private static NodeWithErl peers;
  private static Node node;
  private static ErlNode erl;
  private static String javaNode;

  @BeforeAll
  static void start() {
    peers = NodeWithErl.start("javaspawn", "erlspawn", COOKIE);
    node = peers.node();
    javaNode = peers.javaNode();
    erl = peers.erl();
    erl.eval("process_flag(trap_exit, true)");
    ErlModules.load(erl, "test_trap", String.join("\n",
        "-module(test_trap).",
        "-export([run/1]).",
        "run(To) -> process_flag(trap_exit, true),",
        "  receive {'EXIT', P, R} -> To ! {trapped, P, R} end.",
        ""));
    node.export(MATHS, Atom.of("add"), 2, args ->
        new Int(((Int) args.get(0)).value() + ((Int) args.get(1)).value()));
    node.export(MATHS, Atom.of("whoami"), 0, args -> Tuple.of(Processes.self(), Processes.node()));
    node.export(MATHS, Atom.of("quit"), 1, args -> {
      throw Processes.exit(args.get(0));
    });
    node.export(MATHS, Atom.of("fail"), 0, args -> {
      throw new IllegalStateException("failed on purpose");
    });
    node.export(MATHS, Atom.of("nothing"), 0, args -> null);
    node.export(MATHS, Atom.of("sleep"), 1, args -> {
      Thread.sleep(((Int) args.get(0)).value());
      return Atom.of("slept");
    });
    // Sends {hello_from_java, self()} to the pid it is given, then waits for stop.
    node.export(MATHS, Atom.of("greet"), 1, args -> {
      Processes.send((Pid) args.get(0), Tuple.of(Atom.of("hello_from_java"), Processes.self()));
      Processes.receive(m -> Atom.of("stop").equals(m) ? m : null);
      throw Processes.exit(Atom.of("stopped"));
    });
  }

  @AfterAll
  static void stop() {
    if (peers != null) {
      peers.close();
    }
  }

  // ---- Java spawns on erl ----

  @Test
  void javaSpawnsAProcessOnErl() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid pid = node.spawn(erl.name(), ERLANG, Atom.of("send"),
          List.of(box.pid(), Atom.of("spawned_on_erl")));
      assertEquals(erl.name(), pid.node());
      assertEquals(Atom.of("spawned_on_erl"), receive());
    }
  }

  @Test
  void javaSpawnsFromAThreadThatIsNoProcess() {
    Pid pid = node.spawn(erl.name(), Atom.of("timer"), Atom.of("sleep"), List.of(new Int(10)));
    assertEquals(erl.name(), pid.node());
  }

  @Test
  void javaSpawnMonitorGetsTheRemoteExitReason() {
    try (Mailbox box = Processes.openMailbox()) {
      SpawnedMonitor sm = node.spawnMonitor(erl.name(), ERLANG, Atom.of("exit"),
          List.of(Atom.of("remote_bye")));
      Down down = (Down) Processes.receive(m -> m instanceof Down d ? d : null,
          Duration.ofSeconds(5)).orElseThrow();
      assertEquals(new Down(sm.ref(), sm.pid(), Atom.of("remote_bye")), down);
    }
  }

  @Test
  void javaSpawnMonitorOfAnUndefinedFunctionGivesUndef() {
    try (Mailbox box = Processes.openMailbox()) {
      SpawnedMonitor sm = node.spawnMonitor(erl.name(), Atom.of("no_such_module"),
          Atom.of("f"), List.of());
      Down down = (Down) Processes.receive(m -> m instanceof Down d ? d : null,
          Duration.ofSeconds(5)).orElseThrow();
      assertEquals(sm.ref(), down.ref());
      Tuple reason = assertInstanceOf(Tuple.class, down.reason());
      assertEquals(Atom.of("undef"), reason.get(0));
    }
  }

  @Test
  void javaSpawnLinkGetsTheRemoteExitSignal() {
    try (Mailbox box = Processes.openMailbox()) {
      Processes.trapExit(true);
      Pid pid = node.spawnLink(erl.name(), ERLANG, Atom.of("exit"),
          List.of(Atom.of("linked_bye")));
      Exit exit = (Exit) Processes.receive(m -> m instanceof Exit e ? e : null,
          Duration.ofSeconds(5)).orElseThrow();
      assertEquals(new Exit(pid, Atom.of("linked_bye")), exit);
    }
  }

  @Test
  void theLinkOfJavaSpawnLinkWorksTheOtherWayToo() {
    Pid erlShell = (Pid) erl.eval("self()");
    Pid parent = Processes.spawn(() -> {
      node.spawnLink(erl.name(), Atom.of("test_trap"), Atom.of("run"), List.of(erlShell));
      throw Processes.exit(Atom.of("parent_gone"));
    });
    assertEquals(Tuple.of(Atom.of("trapped"), parent, Atom.of("parent_gone")),
        erl.eval("receive {trapped, _, _} = T -> T after 5000 -> timeout end"));
  }

  @Test
  void javaSpawnOnANodeThatCannotBeReachedFailsWithNoconnection() {
    Atom nowhere = Atom.of("nobody_here@" + node.name().name().split("@")[1]);
    SpawnException e = assertThrows(SpawnException.class,
        () -> node.spawn(nowhere, ERLANG, Atom.of("node"), List.of()));
    assertEquals(ExitReason.NOCONNECTION, e.reason());
    assertEquals(nowhere, e.node());
  }

  // ---- erl spawns on Java ----

  @Test
  void erlSpawnsAnExportedJavaFunction() {
    Tuple hello = assertInstanceOf(Tuple.class, erl.eval("P = spawn(" + javaNode
        + ", jmaths, greet, [self()]), receive {hello_from_java, P} = M -> M after 5000 ->"
        + " timeout end"));
    Pid javaPid = (Pid) hello.get(1);
    assertEquals(node.name(), javaPid.node());
    assertEquals(Atom.of("stopped"), erl.eval("P = " + literal(javaPid)
        + ", R = monitor(process, P), P ! stop,"
        + " receive {'DOWN', R, process, P, Why} -> Why after 5000 -> timeout end"));
  }

  @Test
  void erlSpawnMonitorAndSpawnLinkOnJavaGiveTheExitReason() {
    assertEquals(Atom.of("bye_from_java"), erl.eval("{P, R} = spawn_monitor(" + javaNode
        + ", jmaths, quit, [bye_from_java]),"
        + " receive {'DOWN', R, process, P, Why} -> Why after 5000 -> timeout end"));
    assertEquals(Atom.of("linked_from_java"), erl.eval("P = spawn_link(" + javaNode
        + ", jmaths, quit, [linked_from_java]),"
        + " receive {'EXIT', P, Why} -> Why after 5000 -> timeout end"));
  }

  @Test
  void erlSpawnOfAFunctionJavaDoesNotExportExitsWithUndef() {
    assertEquals(Tuple.of(Atom.of("undef"), ListTerm.of(Tuple.of(Atom.of("nope"),
        Atom.of("nothing"), ListTerm.of(new Int(1)), ListTerm.NIL))),
        erl.eval("{P, R} = spawn_monitor(" + javaNode + ", nope, nothing, [1]),"
            + " receive {'DOWN', R, process, P, Why} -> Why after 5000 -> timeout end"));
  }

  @Test
  void rpcCallRunsAnExportedJavaFunction() {
    assertEquals(new Int(5), erl.eval("rpc:call(" + javaNode + ", jmaths, add, [2, 3])"));
    assertEquals(new Int(9), erl.eval("erpc:call(" + javaNode + ", jmaths, add, [4, 5])"));
    Tuple who = assertInstanceOf(Tuple.class,
        erl.eval("rpc:call(" + javaNode + ", jmaths, whoami, [])"));
    assertEquals(node.name(), who.get(1));
    assertEquals(Atom.UNDEFINED, erl.eval("rpc:call(" + javaNode + ", jmaths, nothing, [])"));
  }

  @Test
  void rpcCallOfAnUndefinedFunctionGivesUndefAsErlangDoes() {
    Term fromJava = erl.eval("rpc:call(" + javaNode + ", jmaths, no_such_fun, [1])");
    assertEquals(Tuple.of(Atom.of("badrpc"), Tuple.of(Atom.of("EXIT"), Tuple.of(Atom.of("undef"),
        ListTerm.of(Tuple.of(Atom.of("jmaths"), Atom.of("no_such_fun"), ListTerm.of(new Int(1)),
            ListTerm.NIL))))), fromJava);
    assertEquals(Tuple.of(Atom.of("badrpc"), Tuple.of(Atom.of("EXIT"), Tuple.of(Atom.of("undef"),
        ListTerm.of(Tuple.of(Atom.of("jmaths"), Atom.of("add"), ListTerm.of(new Int(1)),
            ListTerm.NIL))))), erl.eval("rpc:call(" + javaNode + ", jmaths, add, [1])"),
        "the arity is part of the function's name");
    assertEquals(Atom.of("error"), erl.eval("try erpc:call(" + javaNode
        + ", jmaths, no_such_fun, []) catch error:{exception, undef, _} -> error end"));
  }

  @Test
  void rpcCallReportsExitsAndExceptionsOfTheJavaFunction() {
    assertEquals(Tuple.of(Atom.of("badrpc"), Tuple.of(Atom.of("EXIT"), Atom.of("quitting"))),
        erl.eval("rpc:call(" + javaNode + ", jmaths, quit, [quitting])"));
    Tuple failed = assertInstanceOf(Tuple.class,
        erl.eval("rpc:call(" + javaNode + ", jmaths, fail, [])"));
    assertEquals(Atom.of("badrpc"), failed.get(0));
    Tuple exit = (Tuple) failed.get(1);
    Tuple crash = (Tuple) ((Tuple) exit.get(1)).get(0);
    assertEquals(Atom.of("exception"), crash.get(0));
    assertEquals(Atom.of("java.lang.IllegalStateException"), crash.get(1));
    assertEquals(Binary.of("failed on purpose"), crash.get(2));
  }

  @Test
  void rpcCastRunsAnExportedJavaFunction() {
    erl.eval("register(cast_sink, self())");
    try {
      erl.eval("true = rpc:cast(" + javaNode + ", jmaths, greet, [self()])");
      Tuple hello = assertInstanceOf(Tuple.class, erl.eval(
          "receive {hello_from_java, _} = M -> M after 5000 -> timeout end"));
      Processes.send((Pid) hello.get(1), Atom.of("stop"));
    } finally {
      erl.eval("unregister(cast_sink)");
    }
  }

  @Test
  void anUnexportedFunctionIsUndefinedAgain() {
    node.export(MATHS, Atom.of("temporary"), 0, args -> Atom.of("here"));
    assertEquals(Atom.of("here"), erl.eval("rpc:call(" + javaNode + ", jmaths, temporary, [])"));
    assertEquals(true, node.unexport(MATHS, Atom.of("temporary"), 0));
    assertFalse(node.unexport(MATHS, Atom.of("temporary"), 0));
    Tuple gone = (Tuple) erl.eval("rpc:call(" + javaNode + ", jmaths, temporary, [])");
    assertEquals(Atom.of("badrpc"), gone.get(0));
  }

  @Test
  void spawnOnThisNodeRunsTheExportedFunctionLocally() {
    try (Mailbox box = Processes.openMailbox()) {
      SpawnedMonitor sm = node.spawnMonitor(node.name(), MATHS, Atom.of("quit"),
          List.of(Atom.of("local_quit")));
      assertEquals(node.name(), sm.pid().node());
      Down down = (Down) Processes.receive(m -> m instanceof Down d ? d : null,
          Duration.ofSeconds(5)).orElseThrow();
      assertEquals(new Down(sm.ref(), sm.pid(), Atom.of("local_quit")), down);
    }
  }

  @Test
  void anErlProcessSpawnedFromJavaCanWriteOutputWithoutHanging() {
    try (Mailbox box = Processes.openMailbox()) {
      SpawnedMonitor formats = node.spawnMonitor(erl.name(), Atom.of("io"), Atom.of("format"),
          List.of(Binary.of("formatted ~p~n"), ListTerm.of(new Int(1))));
      SpawnedMonitor writes = node.spawnMonitor(erl.name(), Atom.of("io"), Atom.of("put_chars"),
          List.of(Binary.of("written by erl\n")));
      for (SpawnedMonitor sm : List.of(formats, writes)) {
        Down down = (Down) Processes.receive(m -> m instanceof Down d && d.ref().equals(sm.ref())
            ? d : null, Duration.ofSeconds(5)).orElseThrow();
        assertEquals(ExitReason.NORMAL, down.reason(), "the group leader answered its output");
      }
    }
  }

  @Test
  void anErpcCallThatTimesOutLeavesTheConnectionWorking() {
    assertEquals(Tuple.of(Atom.of("erpc"), Atom.of("timeout")), erl.eval("try erpc:call("
        + javaNode + ", jmaths, sleep, [1000], 100) catch error:E -> E end"));
    assertEquals(Atom.of("slept"), erl.eval("rpc:call(" + javaNode + ", jmaths, sleep, [1])"));
  }

  private static Object receive() {
    return Processes.receive(m -> m, Duration.ofSeconds(5))
        .orElseThrow(() -> new AssertionError("no message within 5 s"));
  }
}
