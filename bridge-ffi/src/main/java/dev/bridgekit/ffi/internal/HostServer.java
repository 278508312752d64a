package dev.bridgekit.ffi.internal;

import dev.bridgekit.ports.Framing;
import dev.bridgekit.ports.Port;
import dev.bridgekit.ports.PortData;
import dev.bridgekit.ports.PortExitStatus;
import dev.bridgekit.ports.PortOpenException;
import dev.bridgekit.ports.PortServer;
import dev.bridgekit.ports.PortSpec;
import dev.bridgekit.runtime.Exit;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.From;
import dev.bridgekit.runtime.GenServer;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.runtime.StartException;
import dev.bridgekit.term.Binary;
import dev.bridgekit.term.Int;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Tuple;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one host program ({@code bk_ffihost}) as a port and relays calls to it: the supervised
 * worker of an isolated binding. Requests go to the host in arrival order and its replies come
 * back in the same order, so the server keeps the callers in a queue. When the host dies, the
 * server answers every waiting caller (the first was running: its function took the host down;
 * the others never ran) and stops with the host's exit status as its reason, for its supervisor
 * to start a new one.
 */
final class HostServer implements GenServer<HostServer.State> {
  private static final Logger LOG = LoggerFactory.getLogger(HostServer.class);

  /** A call to relay: the request bytes and, for messages, the function they call. */
  record Request(byte[] bytes, String function) {}

  /** The answer to callers when the host died: which function it was running, its exit status. */
  record HostDied(String crashedIn, int exitStatus) {}

  /** The answer to callers when the server stopped for another reason (the binding closed). */
  record HostStopped(Term reason) {}

  private record Waiting(From from, String function) {}

  static final class State {
    final Port port;
    final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

    State(Port port) {
      this.port = port;
    }
  }

  private final PortSpec spec;
  private final String library;
  private final AtomicReference<Pid> published;

  /**
   * Makes the server of {@code host} serving {@code library} (as the host opens it) and the
   * {@code symbols}; a started server stores its pid in {@code published}, where callers look.
   */
  HostServer(Path host, String library, List<String> symbols, AtomicReference<Pid> published) {
    this.spec = PortSpec.program(host)
        .args(library)
        .args(symbols)
        .framing(Framing.packet(4))
        .exitStatus()
        .closeGrace(Duration.ofSeconds(1))
        .build();
    this.library = library;
    this.published = published;
  }

  @Override
  public State init() {
    Processes.trapExit(true);
    Port port;
    try {
      port = Port.open(spec);
    } catch (PortOpenException e) {
      throw new StartException(Tuple.of(e.posix(), Binary.of(e.path())), e);
    }
    published.set(Processes.self());
    return new State(port);
  }

  @Override
  public CallResult<State> handleCall(Object request, From from, State s) throws Exception {
    Request r = (Request) request;
    s.port.command(r.bytes());
    s.waiting.add(new Waiting(from, r.function()));
    return new NoReply<>(s);
  }

  @Override
  public Result<State> handleInfo(Object message, State s) {
    switch (message) {
      case PortData d when d.port() == s.port -> {
        Waiting w = s.waiting.poll();
        if (w != null) {
          GenServer.reply(w.from(), d.data()); // false if that caller gave up: dropped
        }
      }
      case PortExitStatus st when st.port() == s.port -> {
        String running = s.waiting.isEmpty() ? null : s.waiting.peek().function();
        LOG.info("native host of {} died with status {} while running {}; restarting", library,
            st.status(), running == null ? "nothing" : running);
        answerAll(s, new HostDied(running, st.status()));
        return new Stop<>(st.status() == 0 ? ExitReason.NORMAL
            : Tuple.of(PortServer.EXIT_STATUS, Int.of(st.status())), s);
      }
      case Exit e when e.from().equals(s.port.pid()) -> {
        answerAll(s, new HostStopped(e.reason()));
        return new Stop<>(e.reason(), s);
      }
      default -> {
        // Strays: nothing to answer.
      }
    }
    return new NoReply<>(s);
  }

  private static void answerAll(State s, Object answer) {
    for (Waiting w; (w = s.waiting.poll()) != null; ) {
      GenServer.reply(w.from(), answer);
    }
  }

  @Override
  public void terminate(Term reason, State s) {
    answerAll(s, new HostStopped(reason));
    s.port.close();
  }
}
