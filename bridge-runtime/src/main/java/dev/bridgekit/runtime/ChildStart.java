package dev.bridgekit.runtime;

import dev.bridgekit.term.Pid;
import java.util.Objects;

/**
 * Starts a supervisor's child: runs in the supervisor's process, starts the child linked to it and
 * returns the child's pid, as the {@code {M, F, A}} of an Erlang child spec does. Called again for
 * each restart. Throwing fails the start; a {@link StartException}'s reason is kept as it is.
 */
@FunctionalInterface
public interface ChildStart {
  /** Starts the child, linked to the calling (supervisor) process. */
  Pid start() throws Exception;

  /** Returns a start that runs {@code server} with {@link GenServer#startLink(GenServer)}. */
  static ChildStart genServer(GenServer<?> server) {
    Objects.requireNonNull(server, "server");
    return () -> GenServer.startLink(server);
  }

  /** As {@link #genServer(GenServer)}, registering the server as {@code name}. */
  static ChildStart genServer(GenServer<?> server, String name) {
    Objects.requireNonNull(server, "server");
    GenClient.requireName(name);
    return () -> GenServer.startLink(server, name);
  }

  /**
   * Returns a start that runs {@code body} in a process with {@link
   * Processes#spawnLink(ProcessBody)}. To be stopped by {@code shutdown} rather than killed, the
   * body traps exits and ends when its parent's {@link Exit} arrives.
   */
  static ChildStart process(ProcessBody body) {
    Objects.requireNonNull(body, "body");
    return () -> Processes.spawnLink(body);
  }
}
