package dev.bridgekit.ffi;

import java.util.Optional;

/**
 * Says that the host program of an {@link Backend#ISOLATED isolated} binding died while a call
 * was in its hands: a signal (a segfault in the library, an abort) or an exit. The JVM is
 * unharmed and the host is restarted for later calls. {@link #ran()} tells the call that was
 * running (its function is {@link #crashedIn()}) from calls queued behind it, which never ran and
 * may be retried.
 */
public final class NativeHostCrashedException extends NativeHostException {
  private final String crashedIn;
  private final int exitStatus;

  /**
   * Creates one for the call of {@code function}, whose host died with {@code exitStatus} (128 +
   * the signal number for a signal) while running {@code crashedIn} (null if it was between
   * calls).
   */
  public NativeHostCrashedException(String function, String crashedIn, int exitStatus) {
    super(function, message(function, crashedIn, exitStatus));
    this.crashedIn = crashedIn;
    this.exitStatus = exitStatus;
  }

  private static String message(String function, String crashedIn, int exitStatus) {
    String death = signal(exitStatus) > 0
        ? "was killed by " + signalName(signal(exitStatus)) + " (signal " + signal(exitStatus) + ")"
        : "exited with status " + exitStatus;
    if (function.equals(crashedIn)) {
      return function + ": the native host " + death + " during this call; the JVM is unharmed"
          + " and the host restarts";
    }
    return function + " did not run: the native host " + death
        + (crashedIn == null ? "" : " in " + crashedIn) + " before this call's turn; the host"
        + " restarts";
  }

  /** Returns the function that was running when the host died, if one was. */
  public Optional<String> crashedIn() {
    return Optional.ofNullable(crashedIn);
  }

  /** Returns true if this call was the one running when the host died. */
  public boolean ran() {
    return function().equals(crashedIn);
  }

  /** Returns the host's exit status: 128 + the signal number when a signal killed it. */
  public int exitStatus() {
    return exitStatus;
  }

  /** Returns the signal that killed the host, or 0 if it exited. */
  public int signal() {
    return signal(exitStatus);
  }

  /** Returns the signal's name on Linux ({@code SIGSEGV}), or {@code signal N}; empty if none. */
  public String signalName() {
    return signal() == 0 ? "" : signalName(signal());
  }

  private static int signal(int exitStatus) {
    return exitStatus > 128 && exitStatus < 128 + 65 ? exitStatus - 128 : 0;
  }

  private static String signalName(int signal) {
    return switch (signal) {
      case 1 -> "SIGHUP";
      case 2 -> "SIGINT";
      case 3 -> "SIGQUIT";
      case 4 -> "SIGILL";
      case 5 -> "SIGTRAP";
      case 6 -> "SIGABRT";
      case 7 -> "SIGBUS";
      case 8 -> "SIGFPE";
      case 9 -> "SIGKILL";
      case 11 -> "SIGSEGV";
      case 13 -> "SIGPIPE";
      case 15 -> "SIGTERM";
      default -> "signal " + signal;
    };
  }
}
