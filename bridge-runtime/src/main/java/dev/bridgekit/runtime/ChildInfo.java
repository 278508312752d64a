package dev.bridgekit.runtime;

import dev.bridgekit.term.Pid;
import java.util.Optional;

/**
 * Describes one child, as an entry of Erlang's {@code which_children}: its id, its pid while it
 * runs, its type.
 *
 * @param id the child's id
 * @param pid its process while {@link Status#RUNNING}, else empty
 * @param status whether it runs
 * @param type worker or supervisor
 */
public record ChildInfo(String id, Optional<Pid> pid, Status status, ChildType type) {
  /** Whether a child runs, as Erlang's pid, {@code restarting} or {@code undefined}. */
  public enum Status {
    RUNNING,
    /** Its restart failed; the supervisor is trying again. */
    RESTARTING,
    /** Not running: terminated, or a transient child that ended normally. */
    UNDEFINED
  }
}
