package dev.bridgekit.ports;

import dev.bridgekit.runtime.CallException;
import dev.bridgekit.runtime.ChildSpec;
import dev.bridgekit.runtime.Exit;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.From;
import dev.bridgekit.runtime.GenServer;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.runtime.StartException;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Int;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Tuple;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Runs a request-reply port program as a server process: the supervisable unit of the ports
 * bridge, and the worker of a {@link PortPool}. The server owns the port; each {@link #call} sends
 * one request and returns the program's next reply, requests answered in order. The program must
 * answer every request with exactly one message: a {@code {packet,N}} frame, or with {@code
 * {line,L}} framing one line (pieces of a long line are joined).
 *
 * <p>The server lives as long as its program: when the program exits, the server stops with reason
 * {@code normal} for status 0 and {@code {exit_status, Status}} otherwise (137 for SIGKILL); when
 * the port fails (a framing error, {@code epipe}), with the port's reason. Calls waiting then fail
 * with that reason. Under a supervisor a crashing program is thus restarted, within the
 * supervisor's intensity. When the server stops, its port closes and the program's process group
 * is ended.
 */
public final class PortServer {
  private PortServer() {}

  /** The reason of a server whose program exited with a non-zero status: {@code {exit_status, S}}. */
  public static final Atom EXIT_STATUS = Atom.of("exit_status");

  /**
   * Starts a server linked to the calling process, opening {@code spec}'s port (asking for its exit
   * status), and returns once the program runs.
   *
   * @throws StartException with reason {@code {Posix, Path}} (say {@code {enoent,
   *     "/no/such"}}) if the program cannot be started
   * @throws IllegalArgumentException for stream framing, which has no message boundaries
   */
  public static Pid startLink(PortSpec spec) {
    return GenServer.startLink(new Server(check(spec)));
  }

  /** As {@link #startLink}, not linked to the caller. */
  public static Pid start(PortSpec spec) {
    return GenServer.start(new Server(check(spec)));
  }

  /** Returns a worker child spec that runs {@code spec}'s program under a supervisor. */
  public static ChildSpec childSpec(String id, PortSpec spec) {
    PortSpec checked = check(spec);
    return ChildSpec.worker(id, () -> GenServer.startLink(new Server(checked)));
  }

  /** As {@link #call(Pid, byte[], Duration)} with {@link GenServer#DEFAULT_TIMEOUT}. */
  public static byte[] call(Pid server, byte[] request) {
    return call(server, request, GenServer.DEFAULT_TIMEOUT);
  }

  /**
   * Sends {@code request} to the program and returns its reply.
   *
   * @throws CallException with the server's exit reason if it stops first (the program exited or
   *     failed), {@code timeout} if no reply came within {@code timeout}
   * @throws PacketTooLargeException if the request does not fit the framing (the server goes on)
   */
  public static byte[] call(Pid server, byte[] request, Duration timeout) {
    Object reply = GenServer.call(server, new Request(request.clone()), timeout);
    if (reply instanceof PacketTooLargeException e) {
      throw new PacketTooLargeException(e);
    }
    return (byte[]) reply;
  }

  /** Returns the server's port (for {@link Port#info()}, its OS pid, ...). */
  public static Port port(Pid server) {
    return (Port) GenServer.call(server, PortQuery.INSTANCE);
  }

  private static PortSpec check(PortSpec spec) {
    Objects.requireNonNull(spec, "spec");
    if (spec.framing() instanceof Framing.Stream) {
      throw new IllegalArgumentException("a PortServer needs {packet,N} or {line,L} framing to"
          + " tell replies apart, not stream: " + spec);
    }
    return spec.withExitStatus();
  }

  private record Request(byte[] data) {}

  private enum PortQuery { INSTANCE }

  /** The server's state: its port, the callers waiting for replies in order, a partial line. */
  static final class State {
    final Port port;
    final ArrayDeque<From> waiting = new ArrayDeque<>();
    final ByteArrayOutputStream partialLine = new ByteArrayOutputStream();

    State(Port port) {
      this.port = port;
    }
  }

  private record Server(PortSpec spec) implements GenServer<State> {
    @Override
    public State init() {
      Processes.trapExit(true);
      try {
        return new State(Port.open(spec));
      } catch (PortOpenException e) {
        throw new StartException(Tuple.of(e.posix(), dev.bridgekit.term.Binary.of(e.path())), e);
      }
    }

    @Override
    public CallResult<State> handleCall(Object request, From from, State s) throws Exception {
      return switch (request) {
        case Request r -> {
          try {
            s.port.command(r.data());
          } catch (PacketTooLargeException e) {
            yield new Reply<>(e, s); // the caller's mistake: it gets the exception, the server goes on
          }
          s.waiting.add(from);
          yield new NoReply<>(s);
        }
        case PortQuery q -> new Reply<>(s.port, s);
        default -> throw new IllegalArgumentException("unknown call: " + request);
      };
    }

    @Override
    public Result<State> handleInfo(Object message, State s) {
      switch (message) {
        case PortData d when d.port() == s.port -> answer(s, d.data());
        case PortLine l when l.port() == s.port -> {
          s.partialLine.writeBytes(l.data());
          if (l.eol()) {
            answer(s, s.partialLine.toByteArray());
            s.partialLine.reset();
          }
        }
        case PortExitStatus st when st.port() == s.port -> {
          return new Stop<>(st.status() == 0 ? ExitReason.NORMAL
              : Tuple.of(EXIT_STATUS, Int.of(st.status())), s);
        }
        case Exit e when e.from().equals(s.port.pid()) -> {
          return new Stop<>(e.reason(), s);
        }
        default -> {
          // Stderr chunks with StderrMode.OWNER, and strays: nothing to answer.
        }
      }
      return new NoReply<>(s);
    }

    private static void answer(State s, byte[] reply) {
      From from = s.waiting.poll();
      if (from != null) {
        GenServer.reply(from, reply); // false if that caller gave up: the reply is dropped
      }
    }

    @Override
    public void terminate(Term reason, State s) {
      s.port.close();
    }
  }
}
