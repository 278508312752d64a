package dev.bridgekit.ffi.internal;

import dev.bridgekit.ffi.Backend;
import dev.bridgekit.ffi.NativeHostCrashedException;
import dev.bridgekit.ffi.NativeHostException;
import dev.bridgekit.ffi.NativeInterruptedException;
import dev.bridgekit.ffi.NativeTimeoutException;
import dev.bridgekit.runtime.CallException;
import dev.bridgekit.runtime.ChildSpec;
import dev.bridgekit.runtime.GenServer;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.runtime.Supervisor;
import dev.bridgekit.runtime.SupervisorFlags;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The host of one isolated binding at run time: a supervisor (top-level, one-for-one) over a
 * {@link HostServer}, and the way calls reach whichever server is current. A call that finds the
 * server gone (the host just crashed) never reached a host, so it waits for the restarted server
 * and goes there; a call the host had taken fails with what happened to the host.
 */
final class IsolatedHost {
  /** How long a call waits for a crashed host's successor before it gives up. */
  static final Duration RESTART_WAIT = Duration.ofSeconds(5);
  private static final Duration RESTART_PERIOD = Duration.ofSeconds(5);
  private static final Atom TIMEOUT = Atom.of("timeout");

  private final String library;
  private final Pid supervisor;
  private final AtomicReference<Pid> server;
  private volatile boolean closed;

  private IsolatedHost(String library, Pid supervisor, AtomicReference<Pid> server) {
    this.library = library;
    this.supervisor = supervisor;
    this.server = server;
  }

  /**
   * Starts {@code host} serving {@code library} and its {@code symbols} under a new supervisor;
   * returns once the host runs. The caller checks the library loaded (a hello).
   *
   * @throws dev.bridgekit.runtime.StartException if the host program cannot be started
   */
  static IsolatedHost start(Path host, String library, List<String> symbols) {
    AtomicReference<Pid> server = new AtomicReference<>();
    ChildSpec child = ChildSpec.worker("bk_ffihost",
        () -> GenServer.startLink(new HostServer(host, library, symbols, server)));
    Pid supervisor = Supervisor.start(
        SupervisorFlags.oneForOne().withIntensity(Backend.ISOLATED_RESTARTS, RESTART_PERIOD),
        List.of(child));
    return new IsolatedHost(library, supervisor, server);
  }

  /**
   * Sends {@code request} (a call of {@code function}) to the host and returns its reply, waiting
   * up to {@code timeout} ({@link GenServer#INFINITY} for as long as it takes).
   *
   * @throws NativeHostCrashedException if the host died with the call in its hands
   * @throws NativeHostException if the binding is closed or the host stays down
   * @throws NativeTimeoutException if no reply came in time; the call runs on in the host
   */
  byte[] call(String function, byte[] request, Duration timeout) {
    long deadline = System.nanoTime() + RESTART_WAIT.toNanos();
    Pid gone = null;
    while (true) {
      if (closed) {
        throw new NativeHostException(function, function + ": the isolated binding of " + library
            + " is closed");
      }
      Pid pid = server.get();
      if (pid == null || pid.equals(gone)) {
        awaitRestart(function, deadline);
        continue;
      }
      Object reply;
      try {
        reply = GenServer.call(pid, new HostServer.Request(request, function), timeout);
      } catch (CallException e) {
        if (TIMEOUT.equals(e.reason())) {
          throw new NativeTimeoutException(function, timeout);
        }
        // The server was gone before it took the request (it answers every request it took):
        // nothing ran, so the call goes to its successor.
        gone = pid;
        continue;
      }
      return switch (reply) {
        case byte[] bytes -> bytes;
        case HostServer.HostDied died ->
            throw new NativeHostCrashedException(function, died.crashedIn(), died.exitStatus());
        case HostServer.HostStopped stopped -> throw new NativeHostException(function,
            function + ": the native host of " + library + " stopped (" + stopped.reason()
                + ") before it answered");
        default -> throw new IllegalStateException("unexpected host reply " + reply);
      };
    }
  }

  private void awaitRestart(String function, long deadline) {
    if (!Processes.isAlive(supervisor)) {
      throw new NativeHostException(function, function + ": the native host of " + library
          + " is down for good: it died more than " + Backend.ISOLATED_RESTARTS + " times in "
          + RESTART_PERIOD.toSeconds() + " s");
    }
    if (System.nanoTime() - deadline > 0) {
      throw new NativeHostException(function, function + ": no native host of " + library
          + " came back within " + RESTART_WAIT.toMillis() + " ms");
    }
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NativeInterruptedException(function, e);
    }
  }

  /** Stops the host and its supervisor; later calls fail. Idempotent. */
  void close() {
    closed = true;
    try {
      GenServer.stop(supervisor);
    } catch (CallException e) {
      // noproc: down already (it gave up, or another close won).
    }
  }
}
