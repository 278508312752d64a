package dev.bridgekit.runtime;

import dev.bridgekit.term.Pid;

/**
 * A process for code that runs outside any process (a main method, a test, a request thread), as
 * an IEx shell or a jinterface {@code OtpMbox} is: while it is open, {@link Processes#self()} and
 * every other call of {@link Processes} made on the thread that opened it act for it. It has a pid,
 * receives messages, links, monitors and traps exits like any process.
 *
 * <p>Closing it exits the process with reason {@code normal}: its links and monitors fire as for
 * any exit. If a link kills it first, the next runtime call on its thread throws {@link
 * ProcessExitException}. Only the thread that opened it may receive from it or close it.
 */
public interface Mailbox extends AutoCloseable {
  /** Returns the pid of this mailbox's process. */
  Pid pid();

  /** Exits the process with reason {@code normal}, if it has not exited already. */
  @Override
  void close();
}
