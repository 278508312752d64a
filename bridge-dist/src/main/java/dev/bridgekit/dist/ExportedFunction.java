package dev.bridgekit.dist;

import dev.bridgekit.term.Term;
import java.util.List;

/**
 * Implements a function that processes of other nodes may run on this node by module, function
 * and arity, as if it were an exported Erlang function: {@code spawn(JavaNode, M, F, Args)} runs
 * it in a new runtime process, and {@code rpc:call(JavaNode, M, F, Args)} (or {@code erpc:call})
 * runs it and returns its value. Register one with {@link Node#export}.
 *
 * <p>It runs on the new process's own thread, so it may use everything {@code Processes} offers
 * (receive, link, spawn, ...). What it returns is converted with {@link
 * dev.bridgekit.term.Terms#from(Object)} (null becomes {@code undefined}). Ending it with {@code
 * throw Processes.exit(reason)} is an exit, as {@code exit(Reason)} in Erlang ({@code rpc:call}
 * gives {@code {badrpc, {'EXIT', Reason}}}); any other exception is an error whose reason is
 * {@link dev.bridgekit.runtime.ExitReason#crash(Throwable)} of it.
 */
@FunctionalInterface
public interface ExportedFunction {
  /** Runs the function on {@code args}, as many as it was exported with. */
  Object apply(List<Term> args) throws Exception;
}
