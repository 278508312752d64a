package dev.bridgekit.runtime.internal; // not exported

import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.ProcessBody;
import dev.bridgekit.term.Ref;
import java.util.concurrent.ThreadFactory;

/** Starts processes on virtual threads (each ends itself: see {@link LocalProcess#run}). */
public final class ProcessRunner {
  private ProcessRunner() {}

  /** Unnamed and without inherited thread locals: a process inherits nothing, and stays small. */
  private static final ThreadFactory THREADS =
      Thread.ofVirtual().inheritInheritableThreadLocals(false).factory();

  /**
   * Starts a process running {@code body}. With a {@code parent}, links it ({@code link}) and/or
   * makes the parent monitor it ({@code monitor}, whose ref lands in {@code monitorRef[0]}) before
   * its thread starts, so that no exit of the child can slip between.
   */
  public static LocalProcess spawn(
      ProcessBody body, LocalProcess parent, boolean link, Ref[] monitorRef) {
    LocalProcess p = new LocalProcess(ProcessTable.newPid(), body);
    Thread thread = THREADS.newThread(p);
    p.owner = thread;
    ProcessTable.add(p); // its thread binds itself, off the spawner's path
    if (link) {
      Signals.link(parent, p.pid());
    }
    if (monitorRef != null) {
      monitorRef[0] = Signals.monitor(parent, p.pid());
    }
    try {
      thread.start();
    } catch (Throwable e) { // OutOfMemoryError, a scheduler shut down: the process never ran
      Signals.terminate(p, ExitReason.crash(e));
      throw e;
    }
    return p;
  }
}
