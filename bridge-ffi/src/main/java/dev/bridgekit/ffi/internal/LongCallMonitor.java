package dev.bridgekit.ffi.internal;

import dev.bridgekit.ffi.LongNativeCall;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and reports clean calls that ran over their threshold, as BEAM's {@code long_schedule}
 * system monitor: a WARN log at most once per {@link #LOG_INTERVAL_NANOS} per function (with the
 * number of calls since the last line) and a {@link LongNativeCall} JFR event for every one.
 */
public final class LongCallMonitor {
  private static final Logger LOG = LoggerFactory.getLogger("dev.bridgekit.ffi.LongNativeCall");
  static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final LongAdder TOTAL = new LongAdder();
  private static final ConcurrentHashMap<String, Counter> BY_FUNCTION = new ConcurrentHashMap<>();

  private static final class Counter {
    final LongAdder count = new LongAdder();
    final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    final AtomicLong unlogged = new AtomicLong();
  }

  private LongCallMonitor() {}

  /** The check after one function's clean calls. */
  record Check(String function, long thresholdNanos) {
    /** Returns the time to pass to {@link #after(long)}. */
    static long start() {
      return CoarseClock.now();
    }

    /**
     * Reports the call that started at {@code start} if it ran over the threshold: the check of
     * the clean calls that copy arguments (a direct call has the same check written into its
     * bound class by ClassGen). Kept under the JIT's always-inline size (35 bytes of bytecode).
     */
    void after(long start) {
      if (CoarseClock.endNow() - start > thresholdNanos) {
        looksLong(start);
      }
    }

    /** Reports the call that started at {@code start}: called when it looked long. */
    void looksLong(long start) {
      // Looked long on the coarse clock, which a late tick can fool, and which makes every call
      // look long while it asks whether calls run or idles: bound the duration from below with a precise reading, and
      // report only what surely ran over.
      CoarseClock.callEnded();
      long atLeast = System.nanoTime() - CoarseClock.publishedBy(start);
      if (atLeast > thresholdNanos) {
        report(function, atLeast);
      }
    }
  }

  static void report(String function, long nanos) {
    TOTAL.increment();
    Counter counter = BY_FUNCTION.computeIfAbsent(function, f -> new Counter());
    counter.count.increment();
    LongNativeCall event = new LongNativeCall();
    if (event.isEnabled()) {
      event.function = function;
      event.callDuration = nanos;
      event.commit();
    }
    long now = System.nanoTime();
    long last = counter.lastLog.get();
    if (now - last >= LOG_INTERVAL_NANOS && counter.lastLog.compareAndSet(last, now)) {
      long others = counter.unlogged.getAndSet(0);
      LOG.warn("clean native call {} took at least {} ms (> threshold), pinning its thread; declare"
              + " it @DirtyCpu or @DirtyIo{}", function, TimeUnit.NANOSECONDS.toMillis(nanos),
          others == 0 ? "" : " (" + others + " more such calls since the last report)");
    } else {
      counter.unlogged.incrementAndGet();
    }
  }

  /** Returns the number of long clean calls reported so far, all functions. */
  public static long total() {
    return TOTAL.sum();
  }

  /** Returns the number of long clean calls of {@code function} reported so far. */
  public static long count(String function) {
    Counter c = BY_FUNCTION.get(function);
    return c == null ? 0 : c.count.sum();
  }
}
