package dev.bridgekit.runtime;

import static dev.bridgekit.runtime.SupProbe.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GenServerTest {
  private static final Duration SHORT = Duration.ofMillis(100);

  // ---- the server under test: a counter with a few extra tricks ----

  record Get() {}

  record Add(int n) {}

  /** Call: not answered now; the From is kept for {@link AnswerParked}. */
  record Park() {}

  /** Call: answers the parked call with "late", replies with what GenServer.reply returned. */
  record AnswerParked() {}

  /** Call: hands the From to {@code helper}, which answers it. */
  record HandOff(Pid helper) {}

  record Fail() {}

  /** Call: blocks the server for {@code millis} before answering. */
  record Block(long millis) {}

  record StopWith(Term reason) {}

  /** Call: the callback calls Processes.exit(reason). */
  record ExitWith(Term reason) {}

  record StopAnswering(Term reason, Object reply) {}

  record Terminated(Term reason, int count) {}

  record Count(int n, From parked) {}

  static final class Counter implements GenServer<Count> {
    private final Pid observer;
    private final boolean trapExits;

    Counter(Pid observer) {
      this(observer, false);
    }

    Counter(Pid observer, boolean trapExits) {
      this.observer = observer;
      this.trapExits = trapExits;
    }

    @Override
    public Count init() {
      Processes.trapExit(trapExits);
      return new Count(0, null);
    }

    @Override
    public CallResult<Count> handleCall(Object request, From from, Count state) {
      return switch (request) {
        case Get g -> new Reply<>(state.n(), state);
        case Add(int n) -> new Reply<>(state.n() + n, new Count(state.n() + n, state.parked()));
        case Park p -> new NoReply<>(new Count(state.n(), from));
        case AnswerParked a -> new Reply<>(GenServer.reply(state.parked(), "late"), state);
        case HandOff(Pid helper) -> {
          Processes.send(helper, from);
          yield new NoReply<>(state);
        }
        case Fail f -> throw new IllegalStateException("asked to fail");
        case Block(long millis) -> {
          Processes.send(observer, "blocking");
          Processes.receive(m -> null, Duration.ofMillis(millis));
          yield new Reply<>("unblocked", state);
        }
        case StopWith(Term reason) -> new Stop<>(reason, state);
        case ExitWith(Term reason) -> throw Processes.exit(reason);
        case StopAnswering(Term reason, Object reply) -> new StopReply<>(reason, reply, state);
        default -> throw new IllegalArgumentException("unknown call: " + request);
      };
    }

    @Override
    public Result<Count> handleCast(Object message, Count state) {
      return switch (message) {
        case Add(int n) -> new NoReply<>(new Count(state.n() + n, state.parked()));
        default -> new NoReply<>(state);
      };
    }

    @Override
    public Result<Count> handleInfo(Object message, Count state) {
      return switch (message) {
        case Integer n -> new NoReply<>(new Count(state.n() + n, state.parked()));
        default -> new NoReply<>(state);
      };
    }

    @Override
    public void terminate(Term reason, Count state) {
      Processes.send(observer, new Terminated(reason, state.n()));
    }
  }

  private Mailbox mailbox;

  @BeforeEach
  void openMailbox() {
    mailbox = Processes.openMailbox();
  }

  @AfterEach
  void closeMailbox() {
    mailbox.close();
  }

  private Pid startCounter() {
    return GenServer.start(new Counter(mailbox.pid()));
  }

  // ---- call, cast, info, terminate ----

  @Test
  void callReturnsTheReplyAndKeepsTheNewState() {
    Pid server = startCounter();
    assertEquals(2, GenServer.call(server, new Add(2)));
    assertEquals(5, GenServer.call(server, new Add(3)));
    assertEquals(5, GenServer.call(server, new Get()));
  }

  @Test
  void castAndPlainMessagesChangeTheStateInOrder() {
    Pid server = startCounter();
    GenServer.cast(server, new Add(10));
    Processes.send(server, 7); // handleInfo
    assertEquals(17, GenServer.call(server, new Get()));
  }

  @Test
  void stopRunsTerminateWithTheReasonAndReturnsOnceTheServerExited() {
    Pid server = startCounter();
    GenServer.call(server, new Add(4));
    GenServer.stop(server, Atom.of("done"), SupProbe.WAIT);
    assertEquals(
        new Terminated(Atom.of("done"), 4), await(m -> m instanceof Terminated t ? t : null));
    assertFalse(Processes.isAlive(server));
  }

  @Test
  void stopOfADeadServerFailsWithNoproc() {
    Pid server = startCounter();
    GenServer.stop(server);
    CallException e = assertThrows(CallException.class, () -> GenServer.stop(server));
    assertEquals(ExitReason.NOPROC, e.reason());
  }

  @Test
  void stopReplyAnswersTheCallAfterTerminateAndExits() {
    Pid server = startCounter();
    Monitor monitor = new Monitor(server);
    assertEquals("bye", GenServer.call(server, new StopAnswering(ExitReason.NORMAL, "bye")));
    assertEquals(
        new Terminated(ExitReason.NORMAL, 0), await(m -> m instanceof Terminated t ? t : null));
    assertEquals(ExitReason.NORMAL, monitor.down().reason());
  }

  @Test
  void aServerThatTrapsExitsTerminatesWhenItsParentSendsAnExitSignal() {
    Pid observer = mailbox.pid();
    Pid parent =
        Processes.spawn(
            () -> {
              Pid server = GenServer.startLink(new Counter(observer, true));
              Processes.send(observer, server);
              Processes.receive(); // until killed by the test's exit signal
            });
    Pid server = await(m -> m instanceof Pid p ? p : null);
    Monitor monitor = new Monitor(server);
    Processes.exit(parent, ExitReason.SHUTDOWN);
    assertEquals(
        new Terminated(ExitReason.SHUTDOWN, 0), await(m -> m instanceof Terminated t ? t : null));
    assertEquals(ExitReason.SHUTDOWN, monitor.down().reason());
  }

  @Test
  void anExitSignalFromANonParentGoesToHandleInfo() {
    Pid server = GenServer.start(new Counter(mailbox.pid(), true));
    Processes.exit(server, ExitReason.SHUTDOWN); // we are not its parent: an Exit message
    assertEquals(0, GenServer.call(server, new Get()));
    assertTrue(Processes.isAlive(server));
  }

  // ---- replies later, and never ----

  @Test
  void anotherProcessCanAnswerACallWithItsFrom() {
    Pid helper =
        Processes.spawn(
            () -> {
              From from = Processes.receive(m -> m instanceof From f ? f : null);
              GenServer.reply(from, "from the helper");
            });
    Pid server = startCounter();
    assertEquals("from the helper", GenServer.call(server, new HandOff(helper)));
  }

  @Test
  void aCallThatIsNeverAnsweredTimesOutAndItsLateReplyIsDropped() {
    Pid server = startCounter();
    CallException e =
        assertThrows(CallException.class, () -> GenServer.call(server, new Park(), SHORT));
    assertEquals(Atom.of("timeout"), e.reason());
    assertEquals(new Park(), e.request());
    // The server answers the parked call now, too late: the reply must not reach our mailbox.
    assertEquals(false, GenServer.call(server, new AnswerParked()));
    assertTrue(Processes.receive(Matcher.any(), Duration.ZERO).isEmpty());
  }

  @Test
  void eachCallIsAnsweredAtMostOnce() {
    Pid observer = mailbox.pid();
    Pid helper =
        Processes.spawn(
            () -> {
              From from = Processes.receive(m -> m instanceof From f ? f : null);
              boolean first = GenServer.reply(from, "first");
              boolean second = GenServer.reply(from, "second");
              Processes.send(observer, List.of(first, second));
            });
    Pid server = startCounter();
    assertEquals("first", GenServer.call(server, new HandOff(helper)));
    assertEquals(List.of(true, false), await(m -> m instanceof List<?> l ? l : null));
    assertTrue(Processes.receive(m -> m instanceof From ? m : null, Duration.ZERO).isEmpty());
  }

  @Test
  void aNullReplyIsReturnedAsNull() {
    Pid helper =
        Processes.spawn(
            () -> GenServer.reply(Processes.receive(m -> m instanceof From f ? f : null), null));
    assertNull(GenServer.call(startCounter(), new HandOff(helper)));
  }

  @Test
  void aReplyLosesTheRaceToAnAbandonedCallAndAnAbandonLosesItToAReply() {
    Ref tag = Processes.monitor(mailbox.pid()); // any reference will do for a tag
    From abandoned = new From(mailbox.pid(), tag);
    assertTrue(abandoned.abandon());
    assertFalse(GenServer.reply(abandoned, "too late"));
    assertTrue(Processes.receive(Matcher.any(), Duration.ZERO).isEmpty());

    From answered = new From(mailbox.pid(), tag);
    assertTrue(GenServer.reply(answered, "in time"));
    assertFalse(answered.abandon(), "the caller learns a reply is on its way");
    assertEquals("in time", answered.value());
    assertSame(answered, Processes.receive(Matcher.any(), Duration.ZERO).orElseThrow());
  }

  @Test
  void callsThatTimeOutRacingTheirRepliesNeverLeaveARepliesBehind() {
    Pid server = startCounter();
    int answered = 0;
    for (int i = 0; i < 2000; i++) {
      try {
        GenServer.call(server, new Add(1), Duration.ofNanos((i % 20) * 1000L));
        answered++;
      } catch (CallException e) {
        assertEquals(Atom.of("timeout"), e.reason());
      }
    }
    assertEquals(2000, GenServer.call(server, new Get()), "every call was handled");
    assertTrue(
        Processes.receive(m -> m instanceof From || m instanceof Down ? m : null, Duration.ZERO)
            .isEmpty(),
        "no late reply and no Down left (" + answered + " calls answered in time)");
  }

  @Test
  void aStopThatTimesOutFailsButTheServerStopsLater() {
    Pid server = startCounter();
    Pid observer = mailbox.pid();
    Processes.spawn(() -> Processes.send(observer, GenServer.call(server, new Block(300))));
    assertEquals("blocking", await(m -> "blocking".equals(m) ? m : null));
    CallException e =
        assertThrows(
            CallException.class,
            () -> GenServer.stop(server, ExitReason.SHUTDOWN, Duration.ofMillis(50)));
    assertEquals(Atom.of("timeout"), e.reason());
    assertEquals("unblocked", await(m -> "unblocked".equals(m) ? m : null));
    assertEquals(
        new Terminated(ExitReason.SHUTDOWN, 0), await(m -> m instanceof Terminated t ? t : null));
  }

  // ---- failures ----

  @Test
  void aCallToADeadServerFailsAtOnceWithNoproc() {
    Pid server = startCounter();
    GenServer.stop(server);
    long start = System.nanoTime();
    CallException e = assertThrows(CallException.class, () -> GenServer.call(server, new Get()));
    long took = System.nanoTime() - start;
    assertEquals(ExitReason.NOPROC, e.reason());
    assertSame(server, e.server());
    assertTrue(took < TimeUnit.SECONDS.toNanos(1), "took " + took + " ns");
    assertTrue(
        Processes.receive(m -> m instanceof Down ? m : null, Duration.ZERO).isEmpty(),
        "no Down left behind");
  }

  @Test
  void aCallToAFreeNameFailsWithNoproc() {
    CallException e =
        assertThrows(CallException.class, () -> GenServer.call("no-such-server-here", new Get()));
    assertEquals(ExitReason.NOPROC, e.reason());
    assertEquals("no-such-server-here", e.server());
  }

  @Test
  void aCallToANameOnThisNodeByNameAndNodeReachesItsServer() {
    Pid server = GenServer.start(new Counter(mailbox.pid()), "counter_by_node");
    try {
      GenServer.cast("counter_by_node", Processes.node(), new Add(3));
      assertEquals(3, GenServer.call("counter_by_node", Processes.node(), new Get()));
      CallException e = assertThrows(CallException.class,
          () -> GenServer.call("no-such-server-here", Processes.node(), new Get()));
      assertEquals(ExitReason.NOPROC, e.reason());
    } finally {
      GenServer.stop(server);
    }
  }

  @Test
  void aCallWhoseServerCrashesFailsWithTheServersExitReason() {
    Pid server = startCounter();
    Monitor monitor = new Monitor(server);
    CallException e = assertThrows(CallException.class, () -> GenServer.call(server, new Fail()));
    Down down = monitor.down();
    assertEquals(down.reason(), e.reason());
    assertFalse(ExitReason.isOrderly(e.reason()));
    Terminated terminated = await(m -> m instanceof Terminated t ? t : null);
    assertEquals(down.reason(), terminated.reason(), "terminate saw the crash reason");
  }

  @Test
  void aCallWhoseServerStopsFailsWithTheStopReason() {
    Pid server = startCounter();
    Term reason = Tuple.of(Atom.of("custom"), Atom.of("reason"));
    CallException e =
        assertThrows(CallException.class, () -> GenServer.call(server, new StopWith(reason)));
    assertEquals(reason, e.reason());
  }

  @Test
  void aCallbackThatCallsExitTerminatesTheServerWithThatReason() {
    Pid server = startCounter();
    Term reason = Atom.of("quitting");
    CallException e =
        assertThrows(CallException.class, () -> GenServer.call(server, new ExitWith(reason)));
    assertEquals(reason, e.reason());
    assertEquals(new Terminated(reason, 0), await(m -> m instanceof Terminated t ? t : null));
  }

  @Test
  void aServerCallingItselfFailsInsteadOfDeadlocking() {
    Pid observer = mailbox.pid();
    Processes.spawn(
        () -> {
          try {
            GenServer.call(Processes.self(), new Get());
          } catch (CallException e) {
            Processes.send(observer, e.reason());
          }
        });
    assertEquals(Atom.of("calling_self"), await(m -> m instanceof Atom a ? a : null));
  }

  @Test
  void anInitThatThrowsFailsTheStartWithTheCrash() {
    GenServer<Object> failing =
        new GenServer<>() {
          @Override
          public Object init() {
            throw new IllegalStateException("no config");
          }

          @Override
          public CallResult<Object> handleCall(Object request, From from, Object state) {
            return new Reply<>(request, state);
          }
        };
    StartException e = assertThrows(StartException.class, () -> GenServer.start(failing));
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertEquals("no config", e.getCause().getMessage());
    assertFalse(ExitReason.isOrderly(e.reason()));
  }

  @Test
  void aLinkedStartWhoseInitFailsLeavesTheCallerAliveAndItsMailboxClean() {
    GenServer<Object> refusing =
        new GenServer<>() {
          @Override
          public Object init() {
            throw new StartException(Atom.of("bad_config"));
          }

          @Override
          public CallResult<Object> handleCall(Object request, From from, Object state) {
            return new Reply<>(request, state);
          }
        };
    StartException e = assertThrows(StartException.class, () -> GenServer.startLink(refusing));
    assertEquals(Atom.of("bad_config"), e.reason());
    assertTrue(Processes.isAlive(mailbox.pid()));
    assertTrue(Processes.receive(Matcher.any(), Duration.ZERO).isEmpty());
  }

  @Test
  void startLinkOutsideAProcessIsRefused() throws Exception {
    Throwable thrown =
        CompletableFuture.supplyAsync(
                () -> {
                  try {
                    GenServer.startLink(new Counter(mailbox.pid()));
                    return null;
                  } catch (RuntimeException e) {
                    return e;
                  }
                })
            .get(5, TimeUnit.SECONDS);
    assertInstanceOf(NotAProcessException.class, thrown);
  }

  // ---- names, plain threads ----

  @Test
  void aNamedServerIsCalledByNameAndItsNameCannotBeTakenTwice() {
    String name = "counter-" + System.nanoTime();
    Pid server = GenServer.start(new Counter(mailbox.pid()), name);
    assertEquals(server, Processes.whereis(name).orElseThrow());
    GenServer.cast(name, new Add(3));
    assertEquals(3, GenServer.call(name, new Get()));

    StartException e =
        assertThrows(StartException.class, () -> GenServer.start(new Counter(mailbox.pid()), name));
    assertEquals(Tuple.of(Atom.of("already_started"), server), e.reason());

    GenServer.stop(name, ExitReason.NORMAL, SupProbe.WAIT);
    assertTrue(Processes.whereis(name).isEmpty());
    GenServer.cast(name, new Add(1)); // a cast to a free name is dropped, not an error
  }

  @Test
  void callsAndStartsWorkFromAPlainThread() throws Exception {
    Object reply =
        CompletableFuture.supplyAsync(
                () -> {
                  Pid server = GenServer.start(new Counter(mailbox.pid()));
                  GenServer.call(server, new Add(20));
                  Object answer = GenServer.call(server, new Add(22));
                  GenServer.stop(server);
                  return answer;
                })
            .get(5, TimeUnit.SECONDS);
    assertEquals(42, reply);
  }

  @Test
  void manyConcurrentCallersEachGetTheirOwnReply() throws Exception {
    Pid server = startCounter();
    Pid observer = mailbox.pid();
    int callers = 50;
    for (int i = 0; i < callers; i++) {
      Processes.spawn(
          () -> {
            int sum = 0;
            for (int k = 0; k < 100; k++) {
              GenServer.call(server, new Add(1));
              sum++;
            }
            Processes.send(observer, sum);
          });
    }
    int total = 0;
    for (int i = 0; i < callers; i++) {
      total += await(m -> m instanceof Integer n ? n : null);
    }
    assertEquals(callers * 100, total);
    assertEquals(callers * 100, GenServer.call(server, new Get()));
  }

  @Test
  void theJavadocCounterWorksUnderASupervisor() {
    String name = "javadoc-counter-" + System.nanoTime();
    Pid sup =
        Supervisor.startLink(
            SupervisorFlags.oneForOne(),
            List.of(ChildSpec.worker("counter", ChildStart.genServer(new JavadocCounter(), name))));
    assertEquals(0, GenServer.call(name, new Next()));
    assertEquals(1, GenServer.call(name, new Next()));
    Pid first = Processes.whereis(name).orElseThrow();
    Monitor monitor = new Monitor(first);
    Processes.exit(first, Atom.of("boom"));
    monitor.down();
    Pid second =
        SupProbe.pidOf(
            SupProbe.awaitChildren(
                sup,
                c -> {
                  Pid p = SupProbe.pidOf(c, "counter");
                  return p != null && !p.equals(first);
                }),
            "counter");
    assertNotEquals(first, second);
    assertEquals(0, GenServer.call(name, new Next()), "a fresh counter");
  }

  record Next() {}

  /** The example of GenServer's Javadoc, as written there. */
  static final class JavadocCounter implements GenServer<Integer> {
    public Integer init() {
      return 0;
    }

    public CallResult<Integer> handleCall(Object request, From from, Integer n) {
      return switch (request) {
        case Next next -> new Reply<>(n, n + 1);
        default -> throw new IllegalArgumentException("unknown call: " + request);
      };
    }
  }

  /** A monitor taken by the test's mailbox. */
  private record Monitor(Ref ref, Pid pid) {
    Monitor(Pid pid) {
      this(Processes.monitor(pid), pid);
    }

    Down down() {
      return await(m -> m instanceof Down d && d.ref().equals(ref) ? d : null);
    }
  }
}
