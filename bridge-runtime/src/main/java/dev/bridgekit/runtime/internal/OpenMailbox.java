package dev.bridgekit.runtime.internal; // not exported

import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.Mailbox;
import dev.bridgekit.term.Pid;
import java.util.function.Function;

/** A process bound to the thread that opened it, until closed. */
public final class OpenMailbox implements Mailbox {
  private final LocalProcess process;

  private OpenMailbox(LocalProcess process) {
    this.process = process;
  }

  /**
   * Makes the calling thread a process.
   *
   * @throws IllegalStateException if the thread is a process already
   */
  public static Mailbox open() {
    Thread thread = Thread.currentThread();
    LocalProcess current = ProcessTable.current();
    if (current != null) {
      if (current.isAlive()) {
        throw new IllegalStateException("this thread is already process " + current.pid()
            + (current.isMailbox() ? " (an open mailbox)" : "")
            + ": close it first, or use it");
      }
      ProcessTable.unbind(thread, current); // a mailbox killed before its thread noticed
    }
    LocalProcess p = new LocalProcess(ProcessTable.newPid());
    p.owner = thread;
    ProcessTable.add(p);
    ProcessTable.bind(thread, p);
    return new OpenMailbox(p);
  }

  /**
   * Runs {@code body} with the calling thread's pid: its process's or, when the thread is no
   * process (a main thread, a test), that of a mailbox opened for the call and closed after.
   *
   * @throws dev.bridgekit.runtime.ProcessExitException if the thread's process has exited
   */
  public static <T> T asProcess(Function<Pid, T> body) {
    LocalProcess self = ProcessTable.selfIfAny();
    if (self != null) {
      return body.apply(self.pid());
    }
    try (Mailbox mailbox = open()) {
      return body.apply(mailbox.pid());
    }
  }

  @Override
  public Pid pid() {
    return process.pid();
  }

  @Override
  public void close() {
    if (Thread.currentThread() != process.owner) {
      throw new IllegalStateException(
          "mailbox " + process.pid() + " can be closed only by the thread that opened it, "
              + process.owner);
    }
    Signals.terminate(process, ExitReason.NORMAL);
    ProcessTable.unbind(process.owner, process);
  }

  @Override
  public String toString() {
    return "Mailbox " + process.pid() + (process.isAlive() ? "" : " (closed)");
  }
}
