package dev.bridgekit.ports;

import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Term;
import java.util.concurrent.CompletableFuture;

/** What a port's own threads and its callers tell the port's process, as messages. */
sealed interface PortEvent {
  /** Every output stream (stdout, and the stderr connection) reached its end, all delivered. */
  record StreamsEnded() implements PortEvent {}

  /** Output was bad (a framing error) or unreadable; complete frames before it were delivered. */
  record ReadFailed(Term reason) implements PortEvent {}

  /** Writing to the program failed; the port fails with {@code reason} once its output ends. */
  record WriteFailed(Term reason) implements PortEvent {}

  /** The program exited. */
  record ChildExited(int status) implements PortEvent {}

  /** The launcher died, so no exit status will come. */
  record LauncherLost() implements PortEvent {}

  /** {@link Port#close()}: flush, close, tell the owner. */
  record Close() implements PortEvent {}

  /** {@link Port#connect}: link the new owner and make it the owner. */
  record Connect(Pid newOwner, CompletableFuture<Void> done) implements PortEvent {}

  /** The opener handed the running program to the port's process (see {@link PortCore#open}). */
  record Started() implements PortEvent {}

  /** The opener could not start the program: the port's process ends, unlinked. */
  record Aborted() implements PortEvent {}

  /** The port's process to the opener: it traps exits and is linked to the opener. */
  record Linked(Port port) {}
}
