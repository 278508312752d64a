package dev.bridgekit.runtime;

import dev.bridgekit.runtime.internal.LocalNode;
import dev.bridgekit.runtime.internal.OpenMailbox;
import dev.bridgekit.runtime.internal.ProcessTable;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.ListTerm;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Terms;
import dev.bridgekit.term.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The caller's side of {@link GenServer}: the start handshake, calls, stop. As gen.erl's {@code
 * do_call}: monitor the server, send, selectively receive the reply or the monitor's {@link Down},
 * demonitor with flush. Calls made outside any process open a mailbox for their duration.
 */
final class GenClient {
  private GenClient() {}

  static final Atom TIMEOUT = Atom.of("timeout");
  static final Atom CALLING_SELF = Atom.of("calling_self");
  private static final Atom STOP = Atom.of("stop");
  private static final Atom ALIAS = Atom.of("alias");

  /**
   * How long a caller that lost the race to a replier (see {@link From}) waits for the reply's
   * message to take it out of its mailbox. The replier sends right after it won, so this only
   * bounds the case of a replier killed between the two.
   */
  private static final Duration IN_FLIGHT = Duration.ofSeconds(1);

  /** Beyond this, Duration.toNanos overflows: such timeouts mean for ever. */
  private static final long INFINITE_SECONDS = Long.MAX_VALUE / 1_000_000_000L;

  static String requireName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("invalid server name: " + (name == null ? null : "\"\""));
    }
    return name;
  }

  /** Returns the pid registered as {@code name}, or null. */
  static Pid resolve(String name) {
    return Processes.whereis(requireName(name)).orElse(null);
  }

  static boolean isInfinite(Duration timeout) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout < 0: " + timeout);
    }
    return timeout.getSeconds() >= INFINITE_SECONDS;
  }

  // ---- start ----

  static <S> Pid start(GenServer<S> server, String name, boolean link) {
    Objects.requireNonNull(server, "server");
    if (link) {
      ProcessTable.self("GenServer.startLink"); // a link needs a process to link to
    }
    return OpenMailbox.asProcess(self -> awaitStart(server, name, link, self));
  }

  private static <S> Pid awaitStart(GenServer<S> server, String name, boolean link, Pid self) {
    ProcessBody body = GenLoop.body(server, name, self, link);
    Pid pid = link ? Processes.spawnLink(body) : Processes.spawn(body);
    // The monitor catches a server that dies without answering (killed during init).
    Ref ref = Processes.monitor(pid);
    Object answer =
        Processes.receive(
            m ->
                (m instanceof GenProtocol.Started s && s.pid().equals(pid))
                        || (m instanceof Down d && d.ref().equals(ref))
                    ? m
                    : null);
    Processes.demonitor(ref, true);
    return switch (answer) {
      case GenProtocol.Started s when s.failure() == null -> pid;
      case GenProtocol.Started s -> throw new StartException(s.failure(), s.cause());
      case Down d -> throw new StartException(d.reason());
      default -> throw new IllegalStateException("unexpected start answer: " + answer);
    };
  }

  // ---- call ----

  /**
   * Calls {@code pid} ({@code null} when {@code server}, a name, is not registered); {@code server}
   * is what the caller named, for the exception.
   */
  static Object call(Object server, Pid pid, Object request, Duration timeout) {
    Objects.requireNonNull(request, "request");
    boolean infinite = isInfinite(timeout);
    if (pid == null) {
      throw new CallException(ExitReason.NOPROC, server, request);
    }
    return OpenMailbox.asProcess(self -> call(server, pid, request, timeout, infinite, self));
  }

  private static Object call(
      Object server, Pid pid, Object request, Duration timeout, boolean infinite, Pid self) {
    if (pid.equals(self)) {
      throw new CallException(CALLING_SELF, server, request);
    }
    if (!LocalNode.isLocal(pid)) {
      Term term = Terms.from(request);
      Ref ref = Processes.monitor(pid);
      return remoteCall(server, ref, msg -> Processes.send(pid, msg), term, timeout, infinite,
          self);
    }
    Ref ref = Processes.monitor(pid);
    From from = new From(self, ref);
    Processes.send(pid, new GenProtocol.Call(from, request));
    // The reply is the From itself (identity, no tag comparison); the Down ends a dead server's
    // call at once (noproc when it did not exist, since monitoring a dead process says so).
    Matcher<Object> replyOrDown =
        m -> m == from || (m instanceof Down d && ref.equals(d.ref())) ? m : null;
    Object got;
    if (infinite) {
      got = Processes.receive(replyOrDown);
    } else {
      got = Processes.receive(replyOrDown, timeout).orElse(null);
    }
    Processes.demonitor(ref, true);
    if (got == from) {
      return from.value();
    }
    if (!from.abandon()) {
      // A reply won the race against our giving up: it is ours, and its message must not stay.
      Processes.receive(m -> m == from ? m : null, IN_FLIGHT);
      return from.value();
    }
    Term reason = got instanceof Down d ? d.reason() : TIMEOUT;
    throw new CallException(reason, server, request);
  }

  /**
   * Calls a gen_server of another node as OTP 24's gen.erl does: monitor it, send {@code
   * {'$gen_call', {Self, [alias|Alias]}, Request}}, and take the reply {@code {Tag, Reply}} that
   * comes through the alias, or the monitor's Down. Removing the alias before giving up makes the
   * peer drop a late reply; one that got in first is taken out of the mailbox.
   */
  private static Object remoteCall(Object server, Ref ref, Consumer<Term> send, Term request,
      Duration timeout, boolean infinite, Pid self) {
    Ref alias = Processes.alias(AliasOption.REPLY);
    Term tag = ListTerm.improper(List.of(ALIAS), alias);
    send.accept(Tuple.of(GenProtocol.GEN_CALL, Tuple.of(self, tag), request));
    Matcher<Object> reply =
        m -> m instanceof Tuple t && t.arity() == 2 && tag.equals(t.get(0)) ? t : null;
    Matcher<Object> replyOrDown =
        m -> (m instanceof Down d && ref.equals(d.ref()))
                || (m instanceof NameDown n && ref.equals(n.ref()))
            ? m
            : reply.match(m);
    Object got = infinite
        ? Processes.receive(replyOrDown)
        : Processes.receive(replyOrDown, timeout).orElse(null);
    Processes.unalias(alias);
    Processes.demonitor(ref, true);
    if (got == null) {
      got = Processes.receive(reply, Duration.ZERO).orElse(null);
    }
    if (got instanceof Tuple t) {
      return t.get(1);
    }
    Term reason = switch (got) {
      case Down d -> d.reason();
      case NameDown n -> n.reason();
      case null, default -> TIMEOUT;
    };
    throw new CallException(reason, server, request);
  }

  /**
   * Calls the server registered as {@code name} on {@code node}, as {@code gen_server:call({Name,
   * Node}, Request)}: on this node by its pid; on another, by name (REG_SEND), with a monitor on
   * {@code {Name, Node}}, so that a free name gives {@code noproc} at once.
   */
  static Object call(String name, Atom node, Object request, Duration timeout) {
    requireName(name);
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(request, "request");
    Tuple server = Tuple.of(Atom.of(name), node);
    if (node.equals(LocalNode.name()) || node.equals(Atom.NONODE)) {
      return call(server, resolve(name), request, timeout);
    }
    boolean infinite = isInfinite(timeout);
    Term term = Terms.from(request);
    return OpenMailbox.asProcess(self -> remoteCall(server, Processes.monitor(name, node),
        msg -> Processes.send(name, node, msg), term, timeout, infinite, self));
  }

  /** Returns the cast of {@code message} to {@code pid}, in gen_server's form for a remote pid. */
  static Object castMessage(Pid pid, Object message) {
    Objects.requireNonNull(message, "message");
    return LocalNode.isLocal(pid) ? new GenProtocol.Cast(message) : remoteCast(message);
  }

  /** Returns gen_server's {@code {'$gen_cast', Message}}, for a server of another node. */
  static Tuple remoteCast(Object message) {
    return Tuple.of(GenProtocol.GEN_CAST, Terms.from(Objects.requireNonNull(message, "message")));
  }

  // ---- stop ----

  /** As proc_lib:stop: monitor, ask it to terminate, wait for its Down. */
  static void stop(Object server, Pid pid, Term reason, Duration timeout) {
    Objects.requireNonNull(reason, "reason");
    boolean infinite = isInfinite(timeout);
    Tuple request = Tuple.of(STOP, reason);
    if (pid == null) {
      throw new CallException(ExitReason.NOPROC, server, request);
    }
    OpenMailbox.asProcess(self -> {
      stop(server, pid, reason, timeout, infinite, self, request);
      return null;
    });
  }

  private static void stop(
      Object server,
      Pid pid,
      Term reason,
      Duration timeout,
      boolean infinite,
      Pid self,
      Tuple request) {
    if (pid.equals(self)) {
      throw new CallException(CALLING_SELF, server, request);
    }
    Ref ref = Processes.monitor(pid);
    Processes.send(pid, new GenProtocol.SystemStop(reason));
    Matcher<Down> down = m -> m instanceof Down d && ref.equals(d.ref()) ? d : null;
    Optional<Down> got =
        infinite ? Optional.of(Processes.receive(down)) : Processes.receive(down, timeout);
    if (got.isEmpty()) {
      Processes.demonitor(ref, true);
      throw new CallException(TIMEOUT, server, request);
    }
    Term exited = got.get().reason();
    if (!exited.equals(reason)) {
      throw new CallException(exited, server, request);
    }
  }
}
