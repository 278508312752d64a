package dev.bridgekit.ports;

import dev.bridgekit.runtime.CallException;
import dev.bridgekit.runtime.ChildSpec;
import dev.bridgekit.runtime.ChildStart;
import dev.bridgekit.runtime.GenServer;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A pool of {@link PortServer} workers running the same program, as poolboy is for Erlang: {@code
 * size} workers always, up to {@code maxOverflow} more while demand lasts. A process checks a
 * worker out, uses it alone ({@link PortServer#call}), and checks it in; {@link #transaction}
 * does all three.
 *
 * <p>Checking out parks while every worker is busy and the overflow is used up, until one is
 * checked in or the timeout passes. A worker whose program dies is replaced. A worker checked out
 * by a process that dies comes back to the pool (the pool monitors it), its pending reply dropped.
 * An overflow worker checked in while nobody waits is stopped. Stopping the pool stops its
 * workers, whose programs are ended.
 *
 * <p>A pool is a process ({@link #pid()}); the handle may be used from any thread.
 */
public final class PortPool {
  private static final Atom TIMEOUT = Atom.of("timeout");

  private final Pid pid;

  private PortPool(Pid pid) {
    this.pid = pid;
  }

  /**
   * Starts a pool (not linked to the caller) and its {@code size} workers, returning once they
   * run.
   *
   * @throws IllegalArgumentException if {@code size < 0}, {@code maxOverflow < 0}, both are 0,
   *     or the framing is stream
   * @throws dev.bridgekit.runtime.StartException if a worker's program cannot be started
   */
  public static PortPool start(PortSpec spec, int size, int maxOverflow) {
    return new PortPool(GenServer.start(server(spec, size, maxOverflow)));
  }

  /** As {@link #start}, linked to the calling process. */
  public static PortPool startLink(PortSpec spec, int size, int maxOverflow) {
    return new PortPool(GenServer.startLink(server(spec, size, maxOverflow)));
  }

  /** Returns a child spec running the pool under a supervisor; {@link #of} wraps its pid. */
  public static ChildSpec childSpec(String id, PortSpec spec, int size, int maxOverflow) {
    PoolServer server = server(spec, size, maxOverflow);
    return ChildSpec.worker(id, ChildStart.genServer(server));
  }

  /** Returns the handle of the pool whose process is {@code pid}. */
  public static PortPool of(Pid pid) {
    return new PortPool(Objects.requireNonNull(pid, "pid"));
  }

  private static PoolServer server(PortSpec spec, int size, int maxOverflow) {
    if (size < 0 || maxOverflow < 0 || size + maxOverflow == 0) {
      throw new IllegalArgumentException(
          "pool needs size >= 0, maxOverflow >= 0, and one of them > 0: size=" + size
              + " maxOverflow=" + maxOverflow);
    }
    PortServer.childSpec("check", spec); // validates the framing now
    return new PoolServer(spec, size, maxOverflow);
  }

  /** Returns the pool's process. */
  public Pid pid() {
    return pid;
  }

  /**
   * Checks a worker out for the calling process, parking up to {@code timeout} while none is free.
   *
   * @throws PoolTimeoutException if none came free in time
   * @throws CallException if the pool is not running ({@code noproc}) or stops meanwhile
   */
  public Pid checkout(Duration timeout) {
    try {
      return (Pid) GenServer.call(pid, new PoolProtocol.Checkout(true), timeout);
    } catch (CallException e) {
      if (e.reason().equals(TIMEOUT)) {
        throw new PoolTimeoutException(pid, timeout);
      }
      throw e;
    }
  }

  /** Checks a worker out if one is free (or the overflow allows one more), without waiting. */
  public Optional<Pid> tryCheckout() {
    Object r = GenServer.call(pid, new PoolProtocol.Checkout(false));
    return r instanceof Pid w ? Optional.of(w) : Optional.empty();
  }

  /** Gives {@code worker} back; never blocks. A worker the pool does not have out is ignored. */
  public void checkin(Pid worker) {
    GenServer.cast(pid, new PoolProtocol.Checkin(Objects.requireNonNull(worker, "worker")));
  }

  /**
   * Checks a worker out (waiting up to {@code timeout}), runs {@code work} with it and checks it
   * in again, even when {@code work} throws.
   */
  public <T> T transaction(Duration timeout, Function<Pid, T> work) {
    Pid worker = checkout(timeout);
    try {
      return work.apply(worker);
    } finally {
      checkin(worker);
    }
  }

  /** Sends {@code request} to a worker's program and returns its reply, in a {@link #transaction}. */
  public byte[] call(byte[] request, Duration timeout) {
    return transaction(timeout, w -> PortServer.call(w, request, timeout));
  }

  /** Returns how the pool stands now. */
  public PoolStatus status() {
    return (PoolStatus) GenServer.call(pid, PoolProtocol.Status.INSTANCE);
  }

  /** Stops the pool and its workers, waiting until it has exited. */
  public void stop() {
    GenServer.stop(pid);
  }

  /**
   * A snapshot of a pool.
   *
   * @param idle workers ready to be checked out
   * @param overflow overflow workers running, out of the maximum
   * @param checkedOut workers checked out
   * @param waiting processes parked in {@link #checkout}
   */
  public record PoolStatus(int idle, int overflow, int checkedOut, int waiting) {}
}
