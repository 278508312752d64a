package dev.bridgekit.ports;

import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Pid;

/**
 * A child OS process that exchanges framed messages with the process that opened it, as an Erlang
 * port ({@code erlang:open_port/2}) does.
 *
 * <p>The port is a process of the runtime: {@link #pid()} is linked to the owner, so when the port
 * dies the owner gets an exit signal with the reason ({@code normal}; a POSIX error such as {@code
 * epipe}; {@code {packet_too_large, Size}} or {@code truncated_packet} for bad frames), and when
 * the owner dies the port closes. The owner receives the program's output as {@link PortMessage}s.
 * The program runs in a process group of its own, under the launcher {@code native/bk_shim}, and
 * never outlives its port: when the port closes, for whatever reason, the group gets SIGTERM and
 * then SIGKILL after the spec's close grace; when the JVM dies, even by SIGKILL, the launcher does
 * the same.
 *
 * <p>Every method may be called from any thread, except {@link #open}, which needs a process (the
 * owner). A port is compared by identity.
 *
 * <p>Costs: a port holds no platform thread. One poll thread per JVM reads every port's output
 * (and writes what programs could not take at once); a command that finds nothing queued is
 * written on the caller's thread. After a command, the owner that opened the port polls its
 * output for a few microseconds ({@code -Dbridgekit.ports.spinMicros}, default 20, 0 for none)
 * so that a quick reply reaches it without a thread wake-up; a program that answers slowly or
 * not at all soon stops being waited for this way.
 */
public final class Port {
  private final PortCore core;

  private Port(PortSpec spec, Pid owner) {
    this.core = new PortCore(this, spec, owner);
  }

  /**
   * Starts {@code spec}'s program and returns its port, owned by and linked to the calling
   * process. Returns once the program runs (its exec succeeded) and is connected.
   *
   * @throws PortOpenException at once, naming the path, if the program is missing ({@code
   *     enoent}), not executable ({@code eacces}), or its working directory cannot be entered
   * @throws dev.bridgekit.runtime.NotAProcessException if the caller is not a process
   * @throws java.io.UncheckedIOException if the launcher cannot be started or is gone
   */
  public static Port open(PortSpec spec) {
    Port port = new Port(spec, Processes.self());
    port.core.open();
    return port;
  }

  /** Returns the port's process: link to it, monitor it, or send it an exit signal to close it. */
  public Pid pid() {
    return core.pid();
  }

  /** Returns the spec it was opened with. */
  public PortSpec spec() {
    return core.spec();
  }

  /** Returns the process that receives its messages. */
  public Pid owner() {
    return core.owner();
  }

  /** Returns the program's OS process id, which is also its process group id. */
  public long osPid() {
    return core.osPid();
  }

  /** Returns true until the port has closed. */
  public boolean isOpen() {
    return core.isOpen();
  }

  /**
   * Queues {@code data} for the program, framed (the array is copied), as {@code port_command/2}.
   * While the port is busy (its queue reached the high watermark, until it is down to the low
   * one) the caller parks.
   *
   * @throws PacketTooLargeException if {@code {packet,1}} or {@code {packet,2}} cannot carry the
   *     payload; nothing is written
   * @throws PortClosedException if the port, or the program's input, is closed
   * @throws InterruptedException if interrupted while parked; nothing was queued
   */
  public void command(byte[] data) throws InterruptedException {
    core.command(data, true);
  }

  /**
   * Queues {@code data} as {@link #command} does, unless the port is busy: returns false then,
   * without waiting or queueing anything.
   */
  public boolean tryCommand(byte[] data) {
    try {
      return core.command(data, false);
    } catch (InterruptedException e) {
      throw new AssertionError("tryCommand never waits", e);
    }
  }

  /**
   * Closes the program's input once what is queued is written: it reads end of file, while its
   * output keeps coming (a half-close, which Erlang ports cannot do). Later commands fail.
   *
   * @throws PortClosedException if the port is closed
   */
  public void closeInput() {
    core.closeInput();
  }

  /**
   * Closes the port: writes what is queued (waiting at most the close grace), closes the
   * program's input, sends SIGTERM to its process group and SIGKILL after the grace, and sends
   * the owner a {@link PortClosed}; the link's exit signal has reason {@code normal}. Returns once
   * the port is closed (the program may still be ending). Closing a closed port does nothing.
   * Interrupted, it returns early with the interrupt flag set; the port closes anyway.
   */
  public void close() {
    core.close();
  }

  /**
   * Makes {@code newOwner} the owner, linking it to the port, as {@code port_connect/2}; the old
   * owner gets a {@link PortConnected} and stays linked until it unlinks.
   *
   * Interrupted, it returns early with the interrupt flag set; the port connects anyway.
   *
   * @throws IllegalArgumentException if {@code newOwner} is not a live local process
   * @throws PortClosedException if the port closed first
   */
  public void connect(Pid newOwner) {
    core.connect(newOwner);
  }

  /**
   * Grants the owner {@code messages} more data messages, with {@link ReadMode#ON_DEMAND}; the
   * port reads only while it has credit.
   *
   * @throws IllegalStateException if the port reads {@link ReadMode#ACTIVE}
   */
  public void request(int messages) {
    core.request(messages);
  }

  /** Returns a snapshot of the port's state and counters. */
  public PortInfo info() {
    return core.info();
  }

  @Override
  public String toString() {
    return "#Port<" + core.pid() + " os_pid=" + core.osPid() + " " + core.spec().executable() + ">";
  }
}
