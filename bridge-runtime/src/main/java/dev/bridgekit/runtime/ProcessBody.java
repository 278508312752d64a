package dev.bridgekit.runtime;

/**
 * The code a process runs. When it returns, the process exits with reason {@code normal}; when it
 * throws, the process exits with a crash reason that carries the exception (see {@link
 * ExitReason#crash(Throwable)}).
 */
@FunctionalInterface
public interface ProcessBody {
  /** Runs the process, on the process's own virtual thread. */
  void run() throws Exception;
}
