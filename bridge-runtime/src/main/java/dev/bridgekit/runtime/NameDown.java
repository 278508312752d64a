package dev.bridgekit.runtime;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;

/**
 * The message a monitor on a registered name of another node delivers ({@link
 * Processes#monitor(String, Atom)}), as {@code {'DOWN', Ref, process, {Name, Node}, Reason}} is
 * in Erlang: when the process registered under the name exits (with its reason), when no process
 * had the name as the monitor was set up ({@code noproc}), or when the connection to the node is
 * lost or cannot be made ({@code noconnection}).
 *
 * @param ref the monitor's reference
 * @param name the registered name monitored
 * @param node the node it was looked up on
 * @param reason why the monitor fired
 */
public record NameDown(Ref ref, Atom name, Atom node, Term reason) {}
