package dev.bridgekit.runtime;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Term;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * One child as its supervisor keeps it: the spec and, while it runs, the pid. Owned by the
 * supervisor's process, which alone reads and changes it.
 */
final class SupChild {
  private static final Atom BAD_START_RETURN = Atom.of("bad_start_return");

  final ChildSpec spec;

  /** The running process, or null. */
  Pid pid;

  /** True while a failed restart waits for its retry. */
  boolean restarting;

  SupChild(ChildSpec spec) {
    this.spec = spec;
  }

  String id() {
    return spec.id();
  }

  /**
   * Records that the child's process exited with {@code reason}, and logs to {@code log} an exit
   * that is not orderly ({@code normal}, {@code shutdown}, {@code {shutdown, _}}), as OTP's
   * supervisors report a child's crash. Returns whether it was orderly.
   */
  boolean exited(Term reason, Logger log) {
    pid = null;
    boolean orderly = ExitReason.isOrderly(reason);
    if (!orderly) {
      log.warn("supervisor {}: child {} exited: {}", Processes.self(), id(),
          GenReason.describe(reason));
    }
    return orderly;
  }

  /** Logs to {@code log} that restarting the child failed, and marks it waiting for a retry. */
  void restartFailed(StartException e, Logger log) {
    log.error("supervisor {}: restarting child {} failed: {}", Processes.self(), id(),
        GenReason.describe(e.reason()), e.getCause());
    restarting = true;
  }

  /**
   * Starts the child from the calling supervisor process and records its pid.
   *
   * @throws StartException carrying the start's reason if it failed, in whatever way
   */
  void start() {
    Pid started;
    try {
      started = spec.start().start();
    } catch (StartException e) {
      throw e;
    } catch (ProcessExitException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartException(ExitReason.crash(e), e);
    } catch (Throwable e) {
      throw new StartException(ExitReason.crash(e), e);
    }
    if (started == null) {
      throw new StartException(BAD_START_RETURN);
    }
    pid = started;
    restarting = false;
  }

  /** Stops the child as its spec says, if it runs; returns the reason it exited with, or null. */
  Term stop() {
    Pid running = pid;
    pid = null;
    return running == null ? null : ChildShutdown.stop(running, spec.shutdown(), spec.id());
  }

  ChildInfo info() {
    ChildInfo.Status status =
        pid != null
            ? ChildInfo.Status.RUNNING
            : restarting ? ChildInfo.Status.RESTARTING : ChildInfo.Status.UNDEFINED;
    return new ChildInfo(spec.id(), Optional.ofNullable(pid), status, spec.type());
  }
}
