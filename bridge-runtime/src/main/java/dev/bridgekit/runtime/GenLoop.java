package dev.bridgekit.runtime;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Binary;
import dev.bridgekit.term.ListTerm;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Terms;
import dev.bridgekit.term.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link GenServer} in its process: the start handshake (register, {@code init}, answer the
 * starter), then the receive loop that dispatches each message to its callback, and the end
 * ({@code terminate}, the pending reply, the exit). As gen_server's {@code init_it} and {@code
 * loop}.
 */
final class GenLoop<S> {
  static final Logger LOG = LoggerFactory.getLogger(GenServer.class);
  private static final Atom ALREADY_STARTED = Atom.of("already_started");
  // sys's system messages and answers
  private static final Atom TERMINATE = Atom.of("terminate");
  private static final Atom GET_STATE = Atom.of("get_state");
  private static final Atom GET_STATUS = Atom.of("get_status");
  private static final Atom STATUS = Atom.of("status");
  private static final Atom MODULE = Atom.of("module");
  private static final Atom GEN_SERVER = Atom.of("gen_server");
  private static final Atom HEADER = Atom.of("header");
  private static final Atom DATA = Atom.of("data");
  private static final Atom RUNNING = Atom.of("running");
  private static final Atom SUSPENDED = Atom.of("suspended");
  private static final Atom SUSPEND = Atom.of("suspend");
  private static final Atom RESUME = Atom.of("resume");
  private static final Atom UNKNOWN_SYSTEM_MSG = Atom.of("unknown_system_msg");

  private final GenServer<S> server;

  /** The process that started this one with startLink, or null: its exit signal stops us. */
  private final Pid parent;

  private Pid self;
  /** The registered name, or null. */
  private String name;
  private S state;
  /** Suspended by {@code sys:suspend}: only system messages and the parent's exit are taken. */
  private boolean suspended;

  private GenLoop(GenServer<S> server, Pid parent) {
    this.server = server;
    this.parent = parent;
  }

  /** Returns the body of a server process that answers {@code starter} once it is up. */
  static <S> ProcessBody body(GenServer<S> server, String name, Pid starter, boolean linked) {
    return () -> new GenLoop<>(server, linked ? starter : null).run(name, starter);
  }

  private void run(String name, Pid starter) {
    self = Processes.self();
    this.name = name;
    if (name != null && !register(name, starter)) {
      return; // refused: exits normal, as gen_server does for a taken name
    }
    try {
      state = server.init();
    } catch (ProcessExitException e) {
      refuse(starter, e.reason(), null);
      throw e;
    } catch (StartException e) {
      refuse(starter, e.reason(), e);
      throw Processes.exit(e.reason());
    } catch (Throwable e) {
      Term reason = ExitReason.crash(e);
      refuse(starter, reason, e);
      throw Processes.exit(reason);
    }
    Processes.send(starter, new GenProtocol.Started(self, null, null));
    loop();
  }

  private boolean register(String name, Pid starter) {
    try {
      Processes.register(name, self);
      return true;
    } catch (IllegalArgumentException e) {
      Term owner = Processes.whereis(name).<Term>map(p -> p).orElse(Atom.UNDEFINED);
      refuse(starter, Tuple.of(ALREADY_STARTED, owner), e);
      return false;
    }
  }

  /**
   * Tells the starter the start failed. The link to a parent goes first, so that the failure
   * reaches the parent as this answer only, not also as an exit signal that would kill it or
   * leave a stale {@link Exit} in its mailbox.
   */
  private void refuse(Pid starter, Term reason, Throwable cause) {
    if (parent != null) {
      Processes.unlink(parent);
    }
    Processes.send(starter, new GenProtocol.Started(self, reason, cause));
  }

  /** The receive loop: one message, one callback; never returns (the process exits from it). */
  private void loop() {
    while (true) {
      Object message = suspended ? Processes.receive(this::systemOrParent) : Processes.receive();
      Ending end;
      try {
        end = dispatch(message);
      } catch (ProcessExitException e) {
        if (!Processes.isAlive(self)) {
          throw e; // killed: no terminate, as in Erlang
        }
        end = new Ending(e.reason()); // a callback called Processes.exit(reason), as exit/1
      } catch (Throwable e) {
        end = new Ending(ExitReason.crash(e), null, null, e);
      }
      if (end != null) {
        finish(end);
      }
    }
  }

  /** Returns {@code m} if a suspended server takes it (see {@link #suspended}), else null. */
  private Object systemOrParent(Object m) {
    return GenProtocol.remoteSystem(m) != null || m instanceof GenProtocol.SystemStop
        || (m instanceof Exit exit && exit.from().equals(parent)) ? m : null;
  }

  /**
   * How the server ends: the reason, a call to answer after terminate (from null if none), the
   * exception that crashed a callback (null if none).
   */
  private record Ending(Term reason, From from, Object reply, Throwable cause) {
    Ending(Term reason) {
      this(reason, null, null, null);
    }
  }

  /** Hands {@code message} to its callback; returns how the server ends, or null to go on. */
  private Ending dispatch(Object message) throws Exception {
    if (message instanceof Tuple t) {
      // A BEAM process's gen_server:call or gen_server:cast, as gen_server's own messages.
      GenProtocol.Call remote = GenProtocol.remoteCall(t);
      if (remote != null) {
        return call(remote);
      }
      Term cast = GenProtocol.remoteCast(t);
      if (cast != null) {
        return next(server.handleCast(cast, state), "handleCast");
      }
      GenProtocol.RemoteSystem system = GenProtocol.remoteSystem(t);
      if (system != null) {
        return system(system);
      }
    }
    switch (message) {
      case GenProtocol.Call call -> {
        return call(call);
      }
      case GenProtocol.Cast cast -> {
        return next(server.handleCast(cast.message(), state), "handleCast");
      }
      case GenProtocol.SystemStop stop -> {
        return new Ending(stop.reason());
      }
      case Exit exit when exit.from().equals(parent) -> {
        return new Ending(exit.reason()); // the parent (a supervisor) stops us
      }
      default -> {
        return next(server.handleInfo(message, state), "handleInfo");
      }
    }
  }

  /**
   * Answers a system message from a BEAM process, as {@code sys} does for a gen_server: {@code
   * {terminate, Reason}} ({@code sys:terminate}, {@code proc_lib:stop}, {@code gen_server:stop})
   * answers {@code ok}, runs terminate and exits with Reason; {@code get_state} ({@code
   * sys:get_state}) answers the state as {@link Terms#from} converts it (a state with no term form
   * as the binary of its {@code toString()}); {@code suspend} and {@code resume} answer {@code ok}
   * and stop and restart the handling of every other message; {@code get_status} ({@code
   * sys:get_status}) answers as a gen_server does (see {@link #status}); anything else answers
   * {@code {error, {unknown_system_msg, Request}}}, as {@code sys} does. That includes {@code
   * replace_state}, whose Erlang fun cannot run on this side.
   */
  private Ending system(GenProtocol.RemoteSystem system) {
    Term request = system.request();
    if (request instanceof Tuple t && t.arity() == 2 && TERMINATE.equals(t.get(0))) {
      // sys answers first, then terminates; proc_lib:stop needs the ok.
      system.from().reply(Atom.OK);
      return new Ending(t.get(1));
    }
    if (GET_STATE.equals(request)) {
      system.from().reply(stateAsTerm());
    } else if (GET_STATUS.equals(request)) {
      system.from().reply(status());
    } else if (SUSPEND.equals(request) || RESUME.equals(request)) {
      suspended = SUSPEND.equals(request);
      system.from().reply(Atom.OK);
    } else {
      system.from().reply(Tuple.of(Atom.ERROR, Tuple.of(UNKNOWN_SYSTEM_MSG, request)));
    }
    return null;
  }

  /**
   * What {@code sys:get_status} gives for a gen_server, {@code {status, Pid, {module, gen_server},
   * [PDict, SysState, Parent, Debug, Misc]}} with Misc as gen_server's default {@code
   * format_status} makes it (a header, then sys's data, then the state), so that the tools that
   * print it show a Java server as they show an Erlang one. A server with no parent is its own, as
   * in Erlang. A Java process has no process dictionary and no sys debug options: both are [].
   */
  private Term status() {
    Atom sysState = suspended ? SUSPENDED : RUNNING;
    Pid parentOrSelf = parent != null ? parent : self;
    Term header = Terms.charlist("Status for generic server " + (name != null ? name : self));
    Term sysData = ListTerm.of(
        Tuple.of(Terms.charlist("Status"), sysState),
        Tuple.of(Terms.charlist("Parent"), parentOrSelf),
        Tuple.of(Terms.charlist("Logged events"), ListTerm.of()));
    Term misc = ListTerm.of(
        Tuple.of(HEADER, header),
        Tuple.of(DATA, sysData),
        Tuple.of(DATA, ListTerm.of(Tuple.of(Terms.charlist("State"), stateAsTerm()))));
    return Tuple.of(STATUS, self, Tuple.of(MODULE, GEN_SERVER),
        ListTerm.of(ListTerm.of(), sysState, parentOrSelf, ListTerm.of(), misc));
  }

  private Term stateAsTerm() {
    try {
      return Terms.from(state);
    } catch (IllegalArgumentException e) {
      return Binary.of(String.valueOf(state));
    }
  }

  /** Hands a call to handleCall and answers it as the callback says. */
  private Ending call(GenProtocol.Call call) throws Exception {
    switch (server.handleCall(call.request(), call.from(), state)) {
      case GenServer.Reply<S> r -> {
        state = r.state();
        call.from().reply(r.reply());
      }
      case GenServer.NoReply<S> r -> state = r.state();
      case GenServer.Stop<S> r -> {
        state = r.state();
        return new Ending(r.reason());
      }
      case GenServer.StopReply<S> r -> {
        state = r.state();
        return new Ending(r.reason(), call.from(), r.reply(), null);
      }
      case null -> throw new IllegalStateException("handleCall returned null");
    }
    return null;
  }

  private Ending next(GenServer.Result<S> result, String callback) {
    switch (result) {
      case GenServer.NoReply<S> r -> {
        state = r.state();
        return null;
      }
      case GenServer.Stop<S> r -> {
        state = r.state();
        return new Ending(r.reason());
      }
      case null -> throw new IllegalStateException(callback + " returned null");
    }
  }

  /** Runs terminate, answers a pending call, exits; the reply goes even if terminate crashed. */
  private void finish(Ending end) {
    Term reason = end.reason();
    Throwable cause = end.cause();
    try {
      server.terminate(end.reason(), state);
    } catch (ProcessExitException e) {
      if (!Processes.isAlive(self)) {
        throw e;
      }
      reason = e.reason();
    } catch (Throwable e) {
      reason = ExitReason.crash(e);
      cause = e;
    } finally {
      if (end.from() != null) {
        end.from().reply(end.reply());
      }
    }
    if (!ExitReason.isOrderly(reason)) {
      LOG.error(
          "{} {} terminating: {}",
          server.getClass().getName(),
          self,
          GenReason.describe(reason),
          cause);
    }
    throw Processes.exit(reason);
  }
}
