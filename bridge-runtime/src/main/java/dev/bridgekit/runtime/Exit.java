package dev.bridgekit.runtime;

import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Term;

/**
 * An exit signal turned into a message, as {@code {'EXIT', From, Reason}} is in Erlang: a process
 * that traps exits receives one when a linked process exits or when {@link Processes#exit(Pid,
 * Term)} is called on it (except with {@code kill}, which cannot be trapped).
 *
 * @param from the process (or port) the signal came from
 * @param reason the exit reason
 */
public record Exit(Pid from, Term reason) {}
