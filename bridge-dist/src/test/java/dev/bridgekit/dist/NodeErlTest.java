package dev.bridgekit.dist;

import static dev.bridgekit.dist.ErlNode.literal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.dist.internal.Carriers;
import dev.bridgekit.dist.internal.Cookie;
import dev.bridgekit.dist.internal.DistFlags;
import dev.bridgekit.dist.internal.EpmdClient;
import dev.bridgekit.dist.internal.Handshake;
import dev.bridgekit.dist.internal.HandshakeException;
import dev.bridgekit.runtime.Down;
import dev.bridgekit.runtime.Exit;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.Mailbox;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.runtime.SpawnedMonitor;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Binary;
import dev.bridgekit.term.Int;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Tuple;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A project node and one real erl node (OTP 25), connected both ways: messages, registered names,
 * links, monitors and exit signals in both directions, and messages of several megabytes. The erl
 * node's evaluator traps exits, so that tests may link it.
 */
// Resources opened for their effect: a mailbox makes the test thread a process, a registration
// holds a name in EPMD.
@SuppressWarnings("try")
class NodeErlTest {
  private static final String COOKIE = "nodeerltest";
  private static final Atom BOOM = Atom.of("boom");
  private static final Atom BANG = Atom.of("bang");
  private static NodeWithErl peers;
  private static Node node;
  private static ErlNode erl;
  private static String javaNode;
  private static Pid echo;

  @BeforeAll
  static void start() {
    peers = NodeWithErl.start("java", "erl1", COOKIE);
    node = peers.node();
    javaNode = peers.javaNode();
    erl = peers.erl();
    erl.eval("process_flag(trap_exit, true)");
    echo = Processes.spawn(NodeErlTest::echoLoop);
    Processes.register("echo", echo);
  }

  @AfterAll
  static void stop() {
    if (echo != null) {
      Processes.exit(echo, ExitReason.KILL);
    }
    if (peers != null) {
      peers.close();
    }
  }

  /** Answers {From, Msg} with {self(), Msg}: the echo server of the issue. */
  static void echoLoop() {
    for (;;) {
      Object m = Processes.receive();
      if (m instanceof Tuple t && t.arity() == 2 && t.get(0) instanceof Pid from) {
        Processes.send(from, Tuple.of(Processes.self(), t.get(1)));
      }
    }
  }

  /** A process that exits with {@code boom} on its first message. */
  private static Pid victim() {
    return Processes.spawn(() -> {
      Processes.receive();
      throw Processes.exit(BOOM);
    });
  }

  /** A process on erl that exits with {@code bang} when sent {@code stop}. */
  private static Pid erlVictim() {
    return (Pid) erl.eval("spawn(fun() -> receive stop -> exit(bang) end end)");
  }

  @Test
  void erlConnectsAndTheEchoProcessAnswers() {
    Term reply = erl.eval("{echo, " + javaNode + "} ! {self(), hello},"
        + " receive R -> R after 5000 -> timeout end");
    Tuple t = assertInstanceOf(Tuple.class, reply);
    assertEquals(Atom.of("hello"), t.get(1));
    assertEquals(node.name(), ((Pid) t.get(0)).node());
    assertEquals(Atom.TRUE, erl.eval("lists:member(" + javaNode + ", nodes())"),
        "a visible node is in nodes()");
  }

  /** Dials erl with this module's handshake alone, as node {@code raw@host}. */
  private static Handshake.Result rawHandshake(String cookie, boolean oldName) throws Exception {
    int port = EpmdClient.lookup(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        node.options().epmdPort()), "erl1", Duration.ofSeconds(5)).orElseThrow().port();
    Atom raw = Atom.of("raw@" + node.name().name().split("@")[1]);
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return new Handshake(raw, DistFlags.ours(true), 99, new Cookie(cookie),
          Duration.ofSeconds(5)).initiate(Carriers.of(s), erl.name(), oldName);
    }
  }

  /**
   * The version 6 name only: OTP 25.0 to 25.2 (Debian has 25.2.3) refuse the old version 5 name,
   * a bug the Distribution Protocol document notes as fixed in 25.3. The old name and its
   * complement are tested against this module's own acceptor (HandshakeTest).
   */
  @Test
  void erlTakesOurHandshakeAndRefusesAWrongCookie() throws Exception {
    Handshake.Result v6 = rawHandshake(COOKIE, false);
    assertEquals(DistFlags.REQUIRED, v6.flags() & DistFlags.REQUIRED);
    assertTrue((v6.flags() & DistFlags.UNLINK_ID) != 0 && (v6.flags() & DistFlags.V4_NC) != 0,
        DistFlags.names(v6.flags()).toString());
    HandshakeException e = assertThrows(HandshakeException.class,
        () -> rawHandshake("wrong", false));
    assertEquals(HandshakeException.Kind.CLOSED, e.kind(), "erl hangs up on a bad digest");
  }

  @Test
  void netAdmPingAnswersPong() {
    assertEquals(Atom.of("pong"), erl.eval("net_adm:ping(" + javaNode + ")"));
  }

  @Test
  void javaConnectsToErlAndSendsToARegisteredName() {
    assertTrue(node.connect(erl.name()));
    assertTrue(node.nodes().contains(erl.name()));
    erl.eval("register(sink, self())");
    try {
      node.send("sink", erl.name(), Tuple.of(Atom.of("hi"), Atom.of("there")));
      assertEquals(Tuple.of(Atom.of("hi"), Atom.of("there")),
          erl.eval("receive {hi, _} = M -> M after 5000 -> timeout end"));
    } finally {
      erl.eval("unregister(sink)");
    }
  }

  @Test
  void pidsWorkBothWays() {
    try (Mailbox mb = Processes.openMailbox()) {
      Pid shell = (Pid) erl.eval("self()");
      Processes.send(shell, Tuple.of(Atom.of("from_java"), mb.pid()));
      Term replyTo = erl.eval("receive {from_java, P} -> P ! {from_erl, 42}, P"
          + " after 5000 -> timeout end");
      assertEquals(mb.pid(), replyTo, "our pid came back unchanged");
      Expect.exactly(Tuple.of(Atom.of("from_erl"), new Int(42)));
    }
  }

  @Test
  void erlLinksToAJavaProcessAndGetsItsExitReason() {
    Pid jp = victim();
    Term reason = erl.eval("JP = " + literal(jp) + ", link(JP), JP ! go,"
        + " receive {'EXIT', JP, R} -> R after 5000 -> timeout end");
    assertEquals(BOOM, reason);
  }

  @Test
  void javaLinksToAnErlProcessAndGetsItsExitReason() {
    Pid ep = erlVictim();
    try (Mailbox mb = Processes.openMailbox()) {
      Processes.trapExit(true);
      Processes.link(ep);
      Processes.send(ep, Atom.of("stop"));
      assertEquals(BANG, Expect.exit(ep));
    }
  }

  @Test
  void aJavaProcessLinkedToAnErlProcessDiesWithIt() throws Exception {
    Pid ep = erlVictim();
    try (Mailbox mb = Processes.openMailbox()) {
      SpawnedMonitor jp = Processes.spawnMonitor(() -> {
        Processes.link(ep);
        Processes.send(ep, Atom.of("stop"));
        Processes.receive(m -> null);
      });
      assertEquals(BANG, Expect.down(jp.ref()).reason());
    }
  }

  @Test
  void javaMonitorsAnErlProcess() {
    Pid ep = erlVictim();
    try (Mailbox mb = Processes.openMailbox()) {
      Ref ref = Processes.monitor(ep);
      Processes.send(ep, Atom.of("stop"));
      Down down = Expect.down(ref);
      assertEquals(ep, down.pid());
      assertEquals(BANG, down.reason());
      Ref late = Processes.monitor(ep);
      assertEquals(ExitReason.NOPROC, Expect.down(late).reason(), "a dead erl process: noproc");
    }
  }

  @Test
  void erlMonitorsAJavaProcessByPidAndByName() {
    Pid jp = victim();
    assertEquals(BOOM, erl.eval("JP = " + literal(jp) + ", R = monitor(process, JP), JP ! go,"
        + " receive {'DOWN', R, process, JP, Reason} -> Reason after 5000 -> timeout end"));
    assertEquals(ExitReason.NOPROC, erl.eval("R = monitor(process, " + literal(jp) + "),"
        + " receive {'DOWN', R, process, _, Reason} -> Reason after 5000 -> timeout end"));
    Processes.register("named_victim", victim());
    Term down = erl.eval("R = monitor(process, {named_victim, " + javaNode + "}),"
        + " {named_victim, " + javaNode + "} ! go,"
        + " receive {'DOWN', R, process, Who, Reason} -> {Who, Reason} after 5000 -> timeout end");
    assertEquals(Tuple.of(Tuple.of(Atom.of("named_victim"), node.name()), BOOM), down);
    assertEquals(ExitReason.NOPROC, erl.eval("R = monitor(process, {nobody, " + javaNode + "}),"
        + " receive {'DOWN', R, process, _, Reason} -> Reason after 5000 -> timeout end"));
  }

  @Test
  void demonitorsAndUnlinksTakeEffectBothWays() {
    Pid ep = erlVictim();
    try (Mailbox mb = Processes.openMailbox()) {
      Processes.trapExit(true);
      Ref ref = Processes.monitor(ep);
      Processes.link(ep);
      assertTrue(Processes.demonitor(ref));
      Processes.unlink(ep);
      Processes.send(ep, Atom.of("stop"));
      Expect.nothing(m -> m instanceof Down || m instanceof Exit ? m : null,
          Duration.ofMillis(300));
    }
    Pid jp = victim();
    assertEquals(Atom.of("none"), erl.eval("JP = " + literal(jp) + ","
        + " R = monitor(process, JP), link(JP), demonitor(R, [flush]), unlink(JP), JP ! go,"
        + " receive {'DOWN', R, _, _, _} -> down; {'EXIT', JP, _} -> exit"
        + " after 300 -> none end"));
  }

  @Test
  void exitSignalsCrossBothWays() {
    Pid jp = Processes.spawn(() -> Processes.receive(m -> null));
    try (Mailbox mb = Processes.openMailbox()) {
      Ref ref = Processes.monitor(jp);
      erl.eval("exit(" + literal(jp) + ", kill)");
      assertEquals(ExitReason.KILLED, Expect.down(ref).reason());

      Pid trapper = (Pid) erl.eval("Parent = self(), spawn(fun() -> process_flag(trap_exit, true),"
          + " receive X -> Parent ! {trapped, X} end end)");
      Processes.exit(trapper, Atom.of("bye"));
      assertEquals(Tuple.of(Atom.of("trapped"), Tuple.of(Atom.of("EXIT"), mb.pid(),
          Atom.of("bye"))), erl.eval("receive {trapped, _} = T -> T after 5000 -> timeout end"));
    }
  }

  @Test
  void messagesOfEightMegabytesCrossBothWays() throws Exception {
    assertEquals(Atom.TRUE, erl.eval("B = crypto:strong_rand_bytes(8 * 1024 * 1024),"
        + " {echo, " + javaNode + "} ! {self(), {big, B}},"
        + " receive {_, {big, B2}} -> B2 =:= B after 20000 -> timeout end"));

    byte[] bytes = new byte[9 * 1024 * 1024 + 7];
    new Random(42).nextBytes(bytes);
    Pid shell = (Pid) erl.eval("self()");
    Processes.send(shell, Tuple.of(Atom.of("big"), Binary.of(bytes)));
    Term got = erl.eval("receive {big, Bin} -> {byte_size(Bin), erlang:md5(Bin)}"
        + " after 20000 -> timeout end");
    assertEquals(Tuple.of(new Int(bytes.length),
        Binary.of(MessageDigest.getInstance("MD5").digest(bytes))), got);
  }

  @Test
  void aMessageToANameNobodyHoldsIsDroppedAndTheConnectionStays() {
    erl.eval("{nobody_here, " + javaNode + "} ! hello");
    Term reply = erl.eval("{echo, " + javaNode + "} ! {self(), still_there},"
        + " receive {_, still_there} -> ok after 5000 -> timeout end");
    assertEquals(Atom.OK, reply);
    assertFalse(node.nodes().isEmpty());
  }
}
