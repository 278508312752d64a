package dev.bridgekit.runtime;

import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;

/**
 * The message a monitor delivers when the monitored process exits, as {@code {'DOWN', Ref,
 * process, Pid, Reason}} is in Erlang. Monitoring a process that is already dead delivers one at
 * once with reason {@code noproc}.
 *
 * @param ref the monitor's reference, as {@link Processes#monitor(Pid)} returned it
 * @param pid the monitored process
 * @param reason its exit reason
 */
public record Down(Ref ref, Pid pid, Term reason) {}
