package dev.bridgekit.runtime;

import dev.bridgekit.term.Pid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the top-level supervisors in reverse order of their start, within a bound: the JVM's
 * equivalent of stopping an Erlang node's applications. Top-level means started with {@link
 * Supervisor#start} or {@link DynamicSupervisor#start}: without a parent, so no supervisor stops
 * them. Those started with {@code startLink} belong to their parent and stop with it.
 *
 * <p>When the first top-level supervisor starts, a JVM shutdown hook is installed (once) that
 * calls {@link #stop(Duration)} with the bound in the system property {@value #BOUND_PROPERTY}
 * (milliseconds; default {@link #DEFAULT_BOUND}): on SIGTERM, Ctrl-C or {@code System.exit}, each
 * supervisor stops its children in reverse order, each child as its {@link ShutdownPolicy} says,
 * and terminate callbacks run.
 */
public final class SupervisionRoot {
  private static final Logger LOG = LoggerFactory.getLogger(SupervisionRoot.class);

  /** The system property holding the shutdown hook's bound, in milliseconds. */
  public static final String BOUND_PROPERTY = "bridgekit.shutdown.millis";

  /** The shutdown hook's bound unless {@value #BOUND_PROPERTY} says otherwise. */
  public static final Duration DEFAULT_BOUND = Duration.ofSeconds(10);

  /** The top-level supervisors in start order; guarded by itself. */
  private static final List<Pid> SUPERVISORS = new ArrayList<>();

  private static final AtomicBoolean HOOK_INSTALLED = new AtomicBoolean();

  private SupervisionRoot() {}

  /**
   * What {@link #stop(Duration)} did.
   *
   * @param stopped the supervisors that exited within the bound, in the order they stopped
   * @param notStopped those still running when the bound passed; they were killed then (their
   *     children that trap exits and ignore the signal may still run)
   */
  public record StopReport(List<Pid> stopped, List<Pid> notStopped) {
    public StopReport {
      stopped = List.copyOf(stopped);
      notStopped = List.copyOf(notStopped);
    }

    /** Returns true if every supervisor stopped within the bound. */
    public boolean complete() {
      return notStopped.isEmpty();
    }
  }

  /** Returns the live top-level supervisors, in start order. */
  public static List<Pid> supervisors() {
    synchronized (SUPERVISORS) {
      SUPERVISORS.removeIf(pid -> !Processes.isAlive(pid));
      return List.copyOf(SUPERVISORS);
    }
  }

  /**
   * Stops the top-level supervisors, last started first, each with {@link GenServer#stop} and
   * reason {@code shutdown}, and returns within {@code bound} (plus the time to kill): a
   * supervisor still running when the bound has passed is killed and reported. Callable from any
   * thread.
   */
  public static StopReport stop(Duration bound) {
    if (bound == null || bound.isNegative()) {
      throw new IllegalArgumentException("bound < 0: " + bound);
    }
    long deadline = System.nanoTime() + Math.min(bound.toNanos(), Long.MAX_VALUE / 2);
    List<Pid> supervisors;
    synchronized (SUPERVISORS) {
      supervisors = new ArrayList<>(SUPERVISORS);
      SUPERVISORS.clear();
    }
    List<Pid> stopped = new ArrayList<>();
    List<Pid> notStopped = new ArrayList<>();
    for (Pid supervisor : supervisors.reversed()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        notStopped.add(supervisor);
        continue;
      }
      try {
        GenServer.stop(supervisor, ExitReason.SHUTDOWN, Duration.ofNanos(left));
        stopped.add(supervisor);
      } catch (CallException e) {
        if (e.reason().equals(GenClient.TIMEOUT)) {
          notStopped.add(supervisor);
        } else if (!e.reason().equals(ExitReason.NOPROC)) {
          stopped.add(supervisor); // it exited, with another reason than shutdown
        }
      }
    }
    for (Pid supervisor : notStopped) {
      Processes.exit(supervisor, ExitReason.KILL);
    }
    return new StopReport(stopped, notStopped);
  }

  /** Records a top-level supervisor that just started; the first one installs the shutdown hook. */
  static void add(Pid supervisor) {
    synchronized (SUPERVISORS) {
      SUPERVISORS.removeIf(pid -> !Processes.isAlive(pid));
      SUPERVISORS.add(supervisor);
    }
    if (HOOK_INSTALLED.compareAndSet(false, true)) {
      try {
        Runtime.getRuntime()
            .addShutdownHook(new Thread(SupervisionRoot::onShutdown, "bridgekit-shutdown"));
      } catch (IllegalStateException e) {
        LOG.debug("JVM already shutting down: no shutdown hook for the supervisors", e);
      }
    }
  }

  private static void onShutdown() {
    Duration bound = DEFAULT_BOUND;
    String property = System.getProperty(BOUND_PROPERTY);
    if (property != null) {
      try {
        bound = Duration.ofMillis(Math.max(0, Long.parseLong(property.trim())));
      } catch (NumberFormatException e) {
        LOG.warn(
            "{} is not a number of milliseconds: {}; using {}",
            BOUND_PROPERTY,
            property,
            DEFAULT_BOUND);
      }
    }
    StopReport report = stop(bound);
    if (!report.complete()) {
      LOG.warn("supervisors still running after {}, killed: {}", bound, report.notStopped());
    }
  }
}
