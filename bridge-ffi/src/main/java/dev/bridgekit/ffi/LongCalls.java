package dev.bridgekit.ffi;

import dev.bridgekit.ffi.internal.LongCallMonitor;

/**
 * Reads the long-call counters: clean native calls that took longer than their binding's
 * threshold (1 ms by default), counted for the whole JVM since it started. Calls are timed on a
 * clock that ticks every millisecond, and only calls surely over the threshold count: one over
 * the threshold by more than a millisecond always does, one over it by less may not. After a
 * second or so in which no clean call ended, the clock idles, ticking every 20 ms, until the next
 * call ends and wakes it (so that an idle JVM does not wake a thousand times a second): a call
 * that starts while the clock idles counts when it is over the threshold by more than 20 ms. The
 * time is
 * wall-clock time from just before the call until just after it, as BEAM's {@code long_schedule}
 * counts: a short call whose thread is held up around it (a GC pause that began while it was in C
 * and blocks its return to Java, or the OS running something else on its core) can count too.
 * Each is also logged (WARN, at most once a second per function, on the logger {@code
 * dev.bridgekit.ffi.LongNativeCall}) and recorded as a {@link LongNativeCall} JFR event.
 */
public final class LongCalls {
  private LongCalls() {}

  /** Returns the number of long clean calls so far, all functions. */
  public static long total() {
    return LongCallMonitor.total();
  }

  /** Returns the number of long clean calls to the C function {@code symbol} so far. */
  public static long count(String symbol) {
    return LongCallMonitor.count(symbol);
  }
}
