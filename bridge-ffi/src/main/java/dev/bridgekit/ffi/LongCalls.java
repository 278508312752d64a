package dev.bridgekit.ffi;

import dev.bridgekit.ffi.internal.LongCallMonitor;

/**
 * Reads the long-call counters: clean native calls that took longer than their binding's
 * threshold (1 ms by default), counted for the whole JVM since it started. Calls are timed on a
 * clock that ticks every millisecond, and only calls surely over the threshold count: one over
 * the threshold by more than a millisecond always does, one over it by less may not. Each is also logged
 * (WARN, at most once a second per function, on the logger {@code dev.bridgekit.ffi.LongNativeCall})
 * and recorded as a {@link LongNativeCall} JFR event.
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
