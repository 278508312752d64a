package dev.bridgekit.bench.ffi;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/** Runs a timed window on a fresh virtual thread, where the FFI rows' callers live. */
final class OnVirtualThread {
  private OnVirtualThread() {}

  /** Runs {@code body} on a new virtual thread, waits for it, and returns what it returned. */
  static <T> T call(String name, Callable<T> body) throws Exception {
    AtomicReference<T> value = new AtomicReference<>();
    AtomicReference<Exception> error = new AtomicReference<>();
    Thread thread = Thread.ofVirtual().name(name).start(() -> {
      try {
        value.set(body.call());
      } catch (Exception e) {
        error.set(e);
      }
    });
    thread.join();
    if (error.get() != null) {
      throw error.get();
    }
    return value.get();
  }
}
