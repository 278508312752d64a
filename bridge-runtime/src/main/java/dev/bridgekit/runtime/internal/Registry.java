package dev.bridgekit.runtime.internal; // not exported

import dev.bridgekit.term.Pid;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps registered names to local processes. A name is freed when its process exits, as part of
 * the release {@link Signals} does, before the exit's signals go out.
 */
public final class Registry {
  private Registry() {}

  private static final ConcurrentHashMap<String, LocalProcess> NAMES = new ConcurrentHashMap<>();

  /**
   * Registers {@code pid} under {@code name}.
   *
   * @throws IllegalArgumentException if the name is taken or {@code undefined}, or the pid is not
   *     a live local process or already has a name
   */
  public static void register(String name, Pid pid) {
    if (name == null || pid == null) {
      throw new NullPointerException(name == null ? "name" : "pid");
    }
    if (name.equals("undefined")) {
      throw new IllegalArgumentException("'undefined' cannot be registered as a name");
    }
    LocalProcess p = ProcessTable.get(pid);
    if (p == null) {
      throw new IllegalArgumentException(
          "cannot register " + name + ": " + pid + " is not a live local process");
    }
    for (;;) {
      LocalProcess holder = NAMES.putIfAbsent(name, p);
      if (holder == null) {
        break;
      }
      if (holder.isAlive()) {
        throw new IllegalArgumentException(
            "name already registered: " + name + " (to " + holder.pid() + ")");
      }
      // Its holder has just died and its release is under way: the name is as good as free.
      NAMES.remove(name, holder);
    }
    if (!p.setName(name)) {
      NAMES.remove(name, p);
      String held = p.name();
      throw new IllegalArgumentException(held != null
          ? "cannot register " + name + ": " + pid + " is already registered as " + held
          : "cannot register " + name + ": " + pid + " is not a live local process");
    }
  }

  /** Frees {@code name}; returns false if it was not registered. */
  public static boolean unregister(String name) {
    LocalProcess p = NAMES.remove(name);
    if (p == null) {
      return false;
    }
    p.clearName(name);
    return true;
  }

  /** Returns the live process registered as {@code name}, or null. */
  public static LocalProcess whereis(String name) {
    LocalProcess p = NAMES.get(name);
    return p != null && p.isAlive() ? p : null;
  }

  static void release(String name, LocalProcess p) {
    NAMES.remove(name, p);
  }
}
