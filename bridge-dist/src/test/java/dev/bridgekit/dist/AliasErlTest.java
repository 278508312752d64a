package dev.bridgekit.dist;

import static dev.bridgekit.dist.ErlNode.literal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.runtime.CallException;
import dev.bridgekit.runtime.Down;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.From;
import dev.bridgekit.runtime.GenServer;
import dev.bridgekit.runtime.Mailbox;
import dev.bridgekit.runtime.MonitorAlias;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Binary;
import dev.bridgekit.term.Int;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Tuple;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Process aliases across a real erl node (OTP 25), both ways, and the gen_server calls that ride
 * on them: erl's {@code gen_server:call} to a Java {@link GenServer}, and {@link
 * GenServer#call(Pid, Object)} to an erl gen_server; and the system messages of erl's {@code sys}
 * and {@code proc_lib:stop} to a Java GenServer.
 */
@SuppressWarnings("try") // a mailbox makes the test thread a process
class AliasErlTest {
  private static final String COOKIE = "aliaserltest";
  private static NodeWithErl peers;
  private static Node node;
  private static ErlNode erl;
  private static String javaNode;
  private static Pid counter;

  /** Counts: {@code {add, N}} adds and answers the total; casts {@code {add, N}} add silently. */
  static final class Counter implements GenServer<Long> {
    @Override
    public Long init() {
      return 0L;
    }

    @Override
    public CallResult<Long> handleCall(Object request, From from, Long n) {
      if (request instanceof Tuple t && t.arity() == 2 && Atom.of("add").equals(t.get(0))
          && t.get(1) instanceof Int(long k)) {
        return new Reply<>(new Int(n + k), n + k);
      }
      if (Atom.of("later").equals(request)) {
        // Answered from another process, after handleCall returned.
        Processes.spawn(() -> GenServer.reply(from, Atom.of("answered_later")));
        return new NoReply<>(n);
      }
      return new Reply<>(Tuple.of(Atom.of("unknown"), (Term) request), n);
    }

    @Override
    public Result<Long> handleCast(Object message, Long n) {
      if (message instanceof Tuple t && t.get(1) instanceof Int(long k)) {
        return new NoReply<>(n + k);
      }
      return new NoReply<>(n);
    }
  }

  @BeforeAll
  static void start() {
    peers = NodeWithErl.start("javaalias", "erlalias", COOKIE);
    node = peers.node();
    javaNode = peers.javaNode();
    erl = peers.erl();
    ErlModules.load(erl, "test_kv", ErlModules.KV);
    counter = GenServer.start(new Counter(), "counter");
  }

  @AfterAll
  static void stop() {
    if (counter != null) {
      Processes.exit(counter, ExitReason.KILL);
    }
    if (peers != null) {
      peers.close();
    }
  }

  @Test
  void erlSendsToAJavaAliasUntilItIsRemoved() {
    try (Mailbox box = Processes.openMailbox()) {
      Ref alias = Processes.alias();
      erl.eval("A = " + literal(alias) + ", A ! {via_alias, 1}");
      assertEquals(Tuple.of(Atom.of("via_alias"), new Int(1)), receive());
      assertTrue(Processes.unalias(alias));
      erl.eval("A = " + literal(alias) + ", A ! {via_alias, 2}, " + literal(box.pid())
          + " ! marker");
      assertEquals(Atom.of("marker"), receive(), "the message to the removed alias was dropped");
    }
  }

  @Test
  void javaSendsToAnErlAliasUntilErlRemovesIt() {
    Ref alias = (Ref) erl.eval("A = alias(), put(alias, A), A");
    Processes.send(alias, Atom.of("hello_alias"));
    assertEquals(Atom.of("hello_alias"),
        erl.eval("receive hello_alias = M -> M after 5000 -> timeout end"));
    erl.eval("unalias(get(alias))");
    Pid shell = (Pid) erl.eval("self()");
    Processes.send(alias, Atom.of("dropped"));
    Processes.send(shell, Atom.of("marker"));
    assertEquals(Atom.of("marker"), erl.eval("receive M -> M after 5000 -> timeout end"),
        "erl dropped the message to its removed alias");
  }

  @Test
  void aReplyAliasOfJavaTakesOneMessageFromErl() {
    try (Mailbox box = Processes.openMailbox()) {
      Ref alias = Processes.alias(dev.bridgekit.runtime.AliasOption.REPLY);
      erl.eval("A = " + literal(alias) + ", A ! first, A ! second, " + literal(box.pid())
          + " ! marker");
      assertEquals(Atom.of("first"), receive());
      assertEquals(Atom.of("marker"), receive());
    }
  }

  @Test
  void anErlProcessRepliesThroughAJavaMonitorAlias() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid replier = (Pid) erl.eval("spawn(fun() -> receive {To, Q} -> To ! {answer, Q},"
          + " receive stop -> ok end end end)");
      Ref ref = Processes.monitor(replier, MonitorAlias.REPLY_DEMONITOR);
      Processes.send(replier, Tuple.of(ref, Atom.of("q")));
      assertEquals(Tuple.of(Atom.of("answer"), Atom.of("q")), receive());
      assertFalse(Processes.demonitor(ref), "the reply ended the monitor");
      Ref watch = Processes.monitor(replier);
      Processes.send(replier, Atom.of("stop"));
      Down down = assertInstanceOf(Down.class, receive());
      assertEquals(watch, down.ref(), "no Down of the monitor the reply ended");
    }
  }

  @Test
  void erlGenServerCallReachesAJavaGenServerByPidAndByName() {
    assertEquals(new Int(5), erl.eval("gen_server:call(" + literal(counter) + ", {add, 5})"));
    assertEquals(new Int(7), erl.eval("gen_server:call({counter, " + javaNode + "}, {add, 2})"));
    erl.eval("gen_server:cast({counter, " + javaNode + "}, {add, 10})");
    assertEquals(new Int(17), erl.eval("gen_server:call({counter, " + javaNode + "}, {add, 0})"));
    assertEquals(Atom.of("answered_later"),
        erl.eval("gen_server:call(" + literal(counter) + ", later)"));
    assertEquals(Atom.TRUE, erl.eval("{messages, Ms} = process_info(self(), messages),"
        + " Ms =:= []"), "no stray reply left in erl's mailbox");
  }

  @Test
  void erlSysReadsStatusSuspendsAndResumesAJavaGenServer() {
    Pid server = GenServer.start(new Counter());
    try {
      String s = literal(server);
      assertEquals(new Int(3), erl.eval("gen_server:call(" + s + ", {add, 3})"));
      assertEquals(new Int(3), erl.eval("sys:get_state(" + s + ")"));
      // sys:get_status, taken apart as a tool would: a gen_server's shape, the state in its data.
      assertEquals(Tuple.of(Atom.TRUE, Atom.of("running"), new Int(3)), erl.eval(
          "{status, P, {module, gen_server}, [[], SysState, P, [], Misc]} = sys:get_status(" + s
              + "), {header, \"Status for generic server \" ++ _} = hd(Misc),"
              + " [State] = [V || {data, D} <- Misc, {\"State\", V} <- D],"
              + " {P =:= " + s + ", SysState, State}"));
      assertEquals(Atom.of("ok"), erl.eval("sys:suspend(" + s + ")"));
      // Suspended: the cast waits, a call times out, system messages are still answered.
      erl.eval("gen_server:cast(" + s + ", {add, 4})");
      assertEquals(Atom.of("timeout"), erl.eval("try gen_server:call(" + s + ", {add, 0}, 300)"
          + " catch exit:{timeout, _} -> timeout end"));
      assertEquals(new Int(3), erl.eval("sys:get_state(" + s + ")"));
      assertEquals(Atom.of("suspended"),
          erl.eval("{status, _, _, [_, SysState | _]} = sys:get_status(" + s + "), SysState"));
      assertEquals(Atom.of("ok"), erl.eval("sys:resume(" + s + ")"));
      assertEquals(new Int(7), erl.eval("gen_server:call(" + s + ", {add, 0})"),
          "the cast sent while suspended was handled after resume");
      assertEquals(Tuple.of(Atom.of("error"), Tuple.of(Atom.of("unknown_system_msg"),
          Atom.of("what"))), erl.eval("{ok, R} = gen:call(" + s + ", system, what, 2000), R"));
    } finally {
      Processes.exit(server, ExitReason.KILL);
    }
  }

  @Test
  void sysGetStateGivesAStateWithNoTermFormAsItsText() {
    Pid server = GenServer.start(new GenServer<AtomicLong>() {
      @Override
      public AtomicLong init() {
        return new AtomicLong(42);
      }

      @Override
      public CallResult<AtomicLong> handleCall(Object request, From from, AtomicLong n) {
        return new Reply<>(Atom.of("ok"), n);
      }
    });
    try {
      assertEquals(Binary.of("42"), erl.eval("sys:get_state(" + literal(server) + ")"));
    } finally {
      GenServer.stop(server);
    }
  }

  @Test
  void erlStopsAJavaGenServerByNameWithItsReason() {
    Pid server = GenServer.start(new Counter(), "stoppable");
    try (Mailbox box = Processes.openMailbox()) {
      Ref monitor = Processes.monitor(server);
      assertEquals(Atom.of("ok"),
          erl.eval("gen_server:stop({stoppable, " + javaNode + "}, {shutdown, done}, 5000)"));
      Down down = assertInstanceOf(Down.class, receive());
      assertEquals(monitor, down.ref());
      assertEquals(Tuple.of(Atom.of("shutdown"), Atom.of("done")), down.reason());
      assertEquals(Optional.empty(), Processes.whereis("stoppable"));
    }
  }

  @Test
  void erlGenServerCallToADeadJavaServerExitsWithNoproc() {
    Pid dead = GenServer.start(new Counter());
    GenServer.stop(dead);
    assertEquals(Atom.of("noproc"), erl.eval("try gen_server:call(" + literal(dead)
        + ", {add, 1}, 2000) catch exit:{R, _} -> R end"));
  }

  @Test
  void javaGenServerCallReachesAnErlGenServer() {
    Pid kv = (Pid) erl.eval("{ok, P} = gen_server:start(test_kv, empty, []), P");
    assertEquals(Tuple.of(Atom.of("echoed"), Atom.of("hi")),
        GenServer.call(kv, Tuple.of(Atom.of("echo"), Atom.of("hi"))));
    GenServer.cast(kv, Tuple.of(Atom.of("put"), new Int(42)));
    assertEquals(new Int(42), GenServer.call(kv, Atom.of("get")));
    try (Mailbox box = Processes.openMailbox()) {
      assertEquals(new Int(42), GenServer.call(kv, Atom.of("get")));
      assertEquals(Optional.empty(), Processes.receive(m -> m, Duration.ofMillis(200)),
          "the call leaves nothing in the caller's mailbox");
    }
  }

  @Test
  void javaGenServerCallReachesAnErlGenServerByNameAndNode() {
    erl.eval("{ok, _} = gen_server:start({local, named_kv}, test_kv, empty, []), ok");
    Atom erlNode = erl.name();
    assertEquals(Tuple.of(Atom.of("echoed"), Atom.of("hi")),
        GenServer.call("named_kv", erlNode, Tuple.of(Atom.of("echo"), Atom.of("hi"))));
    GenServer.cast("named_kv", erlNode, Tuple.of(Atom.of("put"), new Int(7)));
    assertEquals(new Int(7), GenServer.call("named_kv", erlNode, Atom.of("get")));
    CallException crashed = assertThrows(CallException.class, () -> GenServer.call("named_kv",
        erlNode, Tuple.of(Atom.of("crash"), Atom.of("boom"))));
    assertEquals(Atom.of("boom"), crashed.reason());
    CallException free = assertThrows(CallException.class,
        () -> GenServer.call("named_kv", erlNode, Atom.of("get")));
    assertEquals(ExitReason.NOPROC, free.reason(), "the name is free once its server died");
  }

  @Test
  void javaSendsToANameOnAnErlNode() {
    // The question comes over erl's stdin and may overtake our message: take it first, by
    // pattern, then wait for ours.
    erl.eval("register(name_inbox, spawn(fun() -> receive {From, get} ->"
        + " receive M -> From ! M after 4000 -> From ! nothing end end end)), ok");
    Processes.send("name_inbox", erl.name(), Atom.of("hello"));
    assertEquals(Atom.of("hello"),
        erl.eval("name_inbox ! {self(), get}, receive M -> M after 5000 -> timeout end"));
  }

  @Test
  void javaGenServerCallToAnErlServerTimesOutAndDropsTheLateReply() {
    Pid kv = (Pid) erl.eval("{ok, P} = gen_server:start(test_kv, empty, []), P");
    try (Mailbox box = Processes.openMailbox()) {
      CallException e = assertThrows(CallException.class, () -> GenServer.call(kv,
          Tuple.of(Atom.of("sleep"), new Int(500)), Duration.ofMillis(100)));
      assertEquals(Atom.of("timeout"), e.reason());
      assertEquals(Optional.empty(), Processes.receive(m -> m, Duration.ofMillis(800)),
          "the late reply went to a removed alias and was dropped");
      assertEquals(Atom.of("slept"), GenServer.call(kv, Tuple.of(Atom.of("sleep"), new Int(1))));
    }
  }

  @Test
  void javaGenServerCallToAnErlServerThatDiesGivesItsReason() {
    Pid kv = (Pid) erl.eval("{ok, P} = gen_server:start(test_kv, empty, []), P");
    CallException e = assertThrows(CallException.class,
        () -> GenServer.call(kv, Tuple.of(Atom.of("crash"), Atom.of("boom"))));
    assertEquals(Atom.of("boom"), e.reason());
    CallException gone = assertThrows(CallException.class,
        () -> GenServer.call(kv, Atom.of("get")));
    assertEquals(ExitReason.NOPROC, gone.reason());
    assertFalse(Processes.isAlive(kv));
  }

  @Test
  void aRequestWithNoTermFormFailsBeforeAnythingIsSent() {
    Pid kv = (Pid) erl.eval("{ok, P} = gen_server:start(test_kv, empty, []), P");
    assertThrows(IllegalArgumentException.class, () -> GenServer.call(kv, new Object()));
    assertInstanceOf(Tuple.class, GenServer.call(kv, Tuple.of(Atom.of("echo"), new Int(1))));
  }

  private static Object receive() {
    return Processes.receive(m -> m, Duration.ofSeconds(5))
        .orElseThrow(() -> new AssertionError("no message within 5 s"));
  }
}
