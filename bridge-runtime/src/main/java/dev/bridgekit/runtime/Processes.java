package dev.bridgekit.runtime;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;
import java.time.Duration;
import java.util.Optional;

/**
 * The process runtime's calls, named after Erlang's BIFs ({@code spawn}, {@code spawn_link},
 * {@code send}, {@code receive}, {@code link}, {@code monitor}, {@code exit}, {@code register}).
 *
 * <p>A process is a virtual thread with a mailbox. Messages between local processes are any Java
 * object, delivered in the order each sender sent them. Calls that act for "the calling process"
 * need one: a spawned process, or a thread holding an open {@link Mailbox}; elsewhere they throw
 * {@link NotAProcessException}.
 *
 * <p>Exit signals follow Erlang's rules: a process that exits sends its reason to every linked
 * process; a process that does not trap exits dies of any reason but {@code normal} (and {@code
 * kill} becomes {@code killed}); one that traps exits receives an {@link Exit} message instead,
 * except for {@code kill}. A killed process ends at once, even blocked in a receive; its links,
 * monitors and registered name are released before the signal's sender continues.
 */
public final class Processes {
  private Processes() {}

  /** Starts a process running {@code body} and returns its pid. */
  public static Pid spawn(ProcessBody body) {
    throw new UnsupportedOperationException("runtime helper writes this");
  }

  /** Starts a process linked to the calling process, atomically (no window without the link). */
  public static Pid spawnLink(ProcessBody body) {
    throw new UnsupportedOperationException("runtime helper writes this");
  }

  /** Starts a process monitored by the calling process, atomically. */
  public static SpawnedMonitor spawnMonitor(ProcessBody body) {
    throw new UnsupportedOperationException("runtime helper writes this");
  }

  /** Returns the calling process's pid. */
  public static Pid self() {
    throw new UnsupportedOperationException("runtime helper writes this");
  }

  /**
   * Sends {@code message} to {@code to}. Never blocks and never fails: a message to a process that
   * is dead is dropped, as in Erlang. Callable from any thread.
   */
  public static void send(Pid to, Object message) {
    throw new UnsupportedOperationException("runtime helper writes this");
  }

  /**
   * Sends {@code message} to the process registered as {@code name}.
   *
   * @throws NoSuchProcessException if no process is registered under {@code name} ({@code badarg}
   *     in Erlang)
   */
  public static void send(String name, Object message) {
    throw new UnsupportedOperationException("runtime helper writes this");
  }

  /** Takes the oldest message, waiting for one as long as it takes. */
  public static Object receive() {
    throw new UnsupportedOperationException("runtime helper writes this");
  }

  /**
   * Takes the oldest message {@code matcher} accepts and returns what it returned, waiting as long
   * as it takes. Messages it leaves stay in the mailbox, in order.
   */
  public static <T> T receive(Matcher<T> matcher) {
    throw new UnsupportedOperationException("runtime helper writes this");
  }

  /**
   * As {@link #receive(Matcher)}, giving up after {@code timeout} ({@code Duration.ZERO} looks at
   * the messages already there and does not wait).
   *
   * @return what the matcher returned, or empty on timeout
   */
  public static <T> Optional<T> receive(Matcher<T> matcher, Duration timeout) {
    throw new UnsupportedOperationException("runtime helper writes this");
  }

  /**
   * Links the calling process and {@code pid}. Linking a process that is dead (or does not exist)
   * gives the caller an exit signal with reason {@code noproc} at once, as in Erlang: an {@link
   * Exit} message if it traps exits, else its death.
   */
  public static void link(Pid pid) {
    throw new UnsupportedOperationException("runtime helper writes this");
  }

  /** Removes the link between the calling process and {@code pid}, if any. */
  public static void unlink(Pid pid) {
    throw new UnsupportedOperationException("runtime helper writes this");
  }

  /**
   * Monitors {@code pid}: when it exits, the caller receives a {@link Down} with this reference. If
   * it is dead already, the {@code Down} (reason {@code noproc}) arrives at once.
   */
  public static Ref monitor(Pid pid) {
    throw new UnsupportedOperationException("runtime helper writes this");
  }

  /** Removes a monitor; with {@code flush}, also removes its {@link Down} if it already arrived. */
  public static boolean demonitor(Ref ref, boolean flush) {
    throw new UnsupportedOperationException("runtime helper writes this");
  }

  /**
   * Sends an exit signal with {@code reason} to {@code pid}, as {@code exit/2}: {@code kill} kills
   * it, {@code normal} is ignored unless it traps exits (or is the caller itself), any other reason
   * kills it unless it traps exits. Callable from any thread.
   */
  public static void exit(Pid pid, Term reason) {
    throw new UnsupportedOperationException("runtime helper writes this");
  }

  /** Ends the calling process with {@code reason}, as {@code exit/1}; never returns. */
  public static ProcessExitException exit(Term reason) {
    throw new UnsupportedOperationException("runtime helper writes this");
  }

  /** Sets whether the calling process traps exits; returns the previous setting. */
  public static boolean trapExit(boolean trap) {
    throw new UnsupportedOperationException("runtime helper writes this");
  }

  /** Returns true while {@code pid} is a live local process. */
  public static boolean isAlive(Pid pid) {
    throw new UnsupportedOperationException("runtime helper writes this");
  }

  /**
   * Registers {@code pid} under {@code name}; the name is freed when the process exits.
   *
   * @throws IllegalArgumentException naming the name if it is taken, the pid if it is dead or
   *     already has a name
   */
  public static void register(String name, Pid pid) {
    throw new UnsupportedOperationException("runtime helper writes this");
  }

  /** Frees {@code name}; returns false if it was not registered. */
  public static boolean unregister(String name) {
    throw new UnsupportedOperationException("runtime helper writes this");
  }

  /** Returns the process registered under {@code name}. */
  public static Optional<Pid> whereis(String name) {
    throw new UnsupportedOperationException("runtime helper writes this");
  }

  /** Opens a mailbox that makes the calling thread a process until it is closed. */
  public static Mailbox openMailbox() {
    throw new UnsupportedOperationException("runtime helper writes this");
  }

  /** Returns this runtime's node name ({@code nonode@nohost} until distribution starts). */
  public static Atom node() {
    throw new UnsupportedOperationException("runtime helper writes this");
  }
}
