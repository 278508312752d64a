package dev.bridgekit.runtime;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Term;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Implements a server process the way Erlang's {@code gen_server} does: this interface is the
 * callback contract (what a server does with a call, a cast, any other message, and how it ends),
 * and its static methods are the generic machinery (start handshake, calls with monitors and
 * timeouts, casts, stop) that runs every server the same way.
 *
 * <p>A server keeps a state of type {@code S}. {@link #init()} makes the first state in the new
 * process, before {@link #start} returns; each callback then gets the current state and returns
 * what to do next with the next state. All callbacks run on the server's own process, one message
 * at a time. A callback that throws crashes the server: {@link #terminate} runs with the crash
 * reason ({@link ExitReason#crash(Throwable)}) and the process exits with it.
 *
 * <pre>{@code
 * record Next() {}
 *
 * final class Counter implements GenServer<Integer> {
 *   public Integer init() { return 0; }
 *
 *   public CallResult<Integer> handleCall(Object request, From from, Integer n) {
 *     return switch (request) {
 *       case Next next -> new Reply<>(n, n + 1);          // answer n, keep n + 1
 *       default -> throw new IllegalArgumentException("unknown call: " + request);
 *     };
 *   }
 * }
 *
 * Pid sup = Supervisor.start(SupervisorFlags.oneForOne(),
 *     List.of(ChildSpec.worker("counter", ChildStart.genServer(new Counter(), "counter"))));
 * Object first = GenServer.call("counter", new Next());   // 0; if it crashes, it is restarted
 * }</pre>
 *
 * <p>Requests, casts and replies are any Java objects: servers are local. A server that traps
 * exits ({@code Processes.trapExit(true)} in {@code init}) and was started with {@link #startLink}
 * terminates when its parent sends it an exit signal, as a supervisor does to stop it; other
 * {@link Exit} and {@link Down} messages go to {@link #handleInfo}.
 *
 * <p>Processes of BEAM nodes reach a server through gen_server's own messages: {@code
 * gen_server:call} and {@code cast} to its pid or registered name, and {@code sys}'s system
 * messages: {@code gen_server:stop} and {@code proc_lib:stop} (terminate runs, the server exits
 * with the given reason), {@code sys:get_state} (the state as {@link
 * dev.bridgekit.term.Terms#from} converts it, else the binary of its {@code toString()}), {@code
 * sys:get_status} (shaped as a gen_server's, the state in it as above), {@code sys:suspend} and
 * {@code sys:resume}. {@code sys:replace_state} fails with {@code unknown_system_msg}: its Erlang
 * fun cannot run here.
 *
 * @param <S> the server's state
 */
public interface GenServer<S> {

  /** The default time {@link #call(Pid, Object)} waits for a reply, as gen_server's 5 seconds. */
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** A timeout that never expires (any duration of more than about 292 years is treated so). */
  Duration INFINITY = ChronoUnit.FOREVER.getDuration();

  // ---- the callbacks ----

  /**
   * Makes the initial state, in the new server process, while the caller of {@link #start} waits.
   * Throwing fails the start: the caller gets a {@link StartException} with the reason ({@link
   * StartException}'s own reason if it is one, the reason of {@code Processes.exit(reason)}, else
   * {@link ExitReason#crash(Throwable)}), and the server exits with it without calling {@link
   * #terminate}. (There is no {@code ignore}: a server that must not run throws.)
   */
  S init() throws Exception;

  /**
   * Handles a {@link #call}: returns {@link Reply} to answer now, {@link NoReply} to answer later
   * with {@link #reply(From, Object)} (from this or any process) or never, {@link Stop} or {@link
   * StopReply} to terminate.
   */
  CallResult<S> handleCall(Object request, From from, S state) throws Exception;

  /**
   * Handles a {@link #cast}. The default crashes the server, as a gen_server without {@code
   * handle_cast} does: a server that takes casts implements this.
   */
  default Result<S> handleCast(Object message, S state) throws Exception {
    throw new UnsupportedOperationException(
        getClass().getName() + " does not handle casts; got: " + message);
  }

  /**
   * Handles any other message: {@link Exit} from linked processes when the server traps exits,
   * {@link Down} from its monitors, plain sends. The default logs the message and ignores it.
   */
  default Result<S> handleInfo(Object message, S state) throws Exception {
    GenLoop.LOG.warn("{} ignored an unexpected message: {}", getClass().getName(), message);
    return new NoReply<>(state);
  }

  /**
   * Cleans up before the server exits with {@code reason}: after a {@link Stop}, a crash of a
   * callback (or its {@code Processes.exit(reason)}), {@link #stop}, or an exit signal from the
   * parent. Not called when the server is
   * killed, nor (as in Erlang) on an exit signal when the server does not trap exits.
   */
  default void terminate(Term reason, S state) throws Exception {}

  // ---- what callbacks return ----

  /**
   * What {@link #handleCall} returns: {@link Reply}, {@link NoReply}, {@link Stop}, {@link
   * StopReply}.
   */
  sealed interface CallResult<S> permits Reply, NoReply, Stop, StopReply {}

  /** What {@link #handleCast} and {@link #handleInfo} return: {@link NoReply} or {@link Stop}. */
  sealed interface Result<S> permits NoReply, Stop {}

  /**
   * Answers the caller with {@code reply} and goes on with {@code state}.
   *
   * @param reply what {@link #call} returns (may be null)
   * @param state the next state
   */
  record Reply<S>(Object reply, S state) implements CallResult<S> {}

  /** Goes on with {@code state}, without answering (yet). */
  record NoReply<S>(S state) implements CallResult<S>, Result<S> {}

  /**
   * Terminates with {@code reason}: {@link #terminate} runs with {@code state}, then the server
   * exits.
   */
  record Stop<S>(Term reason, S state) implements CallResult<S>, Result<S> {
    public Stop {
      if (reason == null) {
        throw new IllegalArgumentException("stop reason: null");
      }
    }
  }

  /** As {@link Stop}, then answers the caller with {@code reply} (after {@link #terminate}). */
  record StopReply<S>(Term reason, Object reply, S state) implements CallResult<S> {
    public StopReply {
      if (reason == null) {
        throw new IllegalArgumentException("stop reason: null");
      }
    }
  }

  // ---- the machinery ----

  /**
   * Starts {@code server} in a new process, not linked to the caller, and returns its pid once
   * {@link #init()} has returned. Callable from any thread.
   *
   * @throws StartException if {@code init} failed
   */
  static <S> Pid start(GenServer<S> server) {
    return GenClient.start(server, null, false);
  }

  /**
   * As {@link #start(GenServer)}, registering the server as {@code name} before {@code init} runs.
   *
   * @throws StartException with reason {@code {already_started, Pid}} if the name is taken
   */
  static <S> Pid start(GenServer<S> server, String name) {
    return GenClient.start(server, GenClient.requireName(name), false);
  }

  /**
   * Starts {@code server} in a new process linked to the calling process, which becomes its
   * parent, and returns its pid once {@link #init()} has returned. A failed {@code init} does not
   * propagate through the link (unlike Erlang): the caller gets the {@link StartException} only.
   *
   * @throws NotAProcessException if the caller is not a process: a parent must outlive the call
   */
  static <S> Pid startLink(GenServer<S> server) {
    return GenClient.start(server, null, true);
  }

  /** As {@link #startLink(GenServer)}, registering the server as {@code name}. */
  static <S> Pid startLink(GenServer<S> server, String name) {
    return GenClient.start(server, GenClient.requireName(name), true);
  }

  /**
   * Calls {@code server} with {@code request} and returns its reply, waiting up to {@link
   * #DEFAULT_TIMEOUT}. Callable from any thread (outside a process, a mailbox is opened for the
   * call).
   *
   * @throws CallException with reason {@code noproc} at once if the server does not exist, the
   *     server's exit reason if it exits before it replies, {@code timeout} if no reply came in
   *     time (a reply that comes later is dropped, never left in the caller's mailbox)
   */
  static Object call(Pid server, Object request) {
    return GenClient.call(server, server, request, DEFAULT_TIMEOUT);
  }

  /** As {@link #call(Pid, Object)}, waiting up to {@code timeout} ({@link #INFINITY} for ever). */
  static Object call(Pid server, Object request, Duration timeout) {
    return GenClient.call(server, server, request, timeout);
  }

  /** As {@link #call(Pid, Object)}, to the server registered as {@code name}. */
  static Object call(String name, Object request) {
    return GenClient.call(name, GenClient.resolve(name), request, DEFAULT_TIMEOUT);
  }

  /** As {@link #call(Pid, Object, Duration)}, to the server registered as {@code name}. */
  static Object call(String name, Object request, Duration timeout) {
    return GenClient.call(name, GenClient.resolve(name), request, timeout);
  }

  /**
   * Calls the server registered as {@code name} on {@code node}, as {@code gen_server:call({Name,
   * Node}, Request)}: a project GenServer or a BEAM gen_server there (the request and its reply
   * then travel as terms). Waits {@link #DEFAULT_TIMEOUT}.
   *
   * @throws CallException {@code noproc} if no process has the name there, {@code noconnection}
   *     if the node cannot be reached or goes down, the server's exit reason if it dies, or {@code
   *     timeout}
   * @throws IllegalArgumentException if the request has no term form (another node only)
   */
  static Object call(String name, Atom node, Object request) {
    return GenClient.call(name, node, request, DEFAULT_TIMEOUT);
  }

  /** As {@link #call(String, Atom, Object)}, waiting up to {@code timeout}. */
  static Object call(String name, Atom node, Object request, Duration timeout) {
    return GenClient.call(name, node, request, timeout);
  }

  /**
   * Casts {@code message} to the server registered as {@code name} on {@code node}, as {@code
   * gen_server:cast({Name, Node}, Message)}; never fails nor blocks, and is dropped if no process
   * has the name.
   *
   * @throws IllegalArgumentException if the message has no term form (another node only)
   */
  static void cast(String name, Atom node, Object message) {
    Objects.requireNonNull(node, "node");
    if (node.equals(Processes.node()) || node.equals(Atom.NONODE)) {
      cast(name, message);
    } else {
      Processes.send(GenClient.requireName(name), node, GenClient.remoteCast(message));
    }
  }

  /**
   * Sends {@code message} to {@code server}'s {@link #handleCast}; never fails nor blocks. A server
   * of another node (a BEAM gen_server) gets gen_server's {@code {'$gen_cast', Message}}.
   *
   * @throws IllegalArgumentException if the server is remote and {@code message} has no term form
   */
  static void cast(Pid server, Object message) {
    Processes.send(server, GenClient.castMessage(server, message));
  }

  /** As {@link #cast(Pid, Object)}, to {@code name}; a cast to a free name is dropped. */
  static void cast(String name, Object message) {
    Objects.requireNonNull(message, "message");
    Pid pid = GenClient.resolve(name);
    if (pid != null) {
      Processes.send(pid, new GenProtocol.Cast(message));
    }
  }

  /**
   * Answers a call that {@link #handleCall} returned {@link NoReply} for; callable from any thread.
   *
   * @return false if the call was answered already or its caller gave up waiting (timed out): the
   *     reply is dropped then
   */
  static boolean reply(From from, Object reply) {
    return from.reply(reply);
  }

  /** Stops {@code server} with reason {@code normal}, waiting as long as it takes. */
  static void stop(Pid server) {
    GenClient.stop(server, server, ExitReason.NORMAL, INFINITY);
  }

  /**
   * Stops {@code server}: it handles the messages before this one, then runs {@link #terminate}
   * with {@code reason} and exits. Returns when it has exited. Callable from any thread.
   *
   * @throws CallException with reason {@code noproc} if it does not exist, {@code timeout} if it
   *     did not exit within {@code timeout} (it goes on stopping), or the reason it exited with if
   *     that is not {@code reason} (its {@code terminate} crashed)
   */
  static void stop(Pid server, Term reason, Duration timeout) {
    GenClient.stop(server, server, reason, timeout);
  }

  /** As {@link #stop(Pid, Term, Duration)}, for the server registered as {@code name}. */
  static void stop(String name, Term reason, Duration timeout) {
    GenClient.stop(name, GenClient.resolve(name), reason, timeout);
  }
}
