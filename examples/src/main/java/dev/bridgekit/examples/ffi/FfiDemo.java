package dev.bridgekit.examples.ffi;

import dev.bridgekit.ffi.Backend;
import dev.bridgekit.ffi.Binding;
import dev.bridgekit.ffi.Callback;
import dev.bridgekit.ffi.CallbackMessage;
import dev.bridgekit.ffi.Clean;
import dev.bridgekit.ffi.DirtyCpu;
import dev.bridgekit.ffi.LibrarySource;
import dev.bridgekit.ffi.LongCalls;
import dev.bridgekit.ffi.NativeCallback;
import dev.bridgekit.ffi.NativeHostCrashedException;
import dev.bridgekit.ffi.Symbol;
import dev.bridgekit.runtime.Mailbox;
import dev.bridgekit.runtime.NativeDir;
import dev.bridgekit.runtime.Processes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The FFI demo: the demo C library ({@code native/src/demo/bk_demo.h}) bound to Java interfaces.
 * Hello from C; a long C computation run on the dirty CPU executor while a heartbeat keeps
 * ticking, and the same computation inline, which stalls it; a C thread's callbacks arriving as
 * mailbox messages; and the library hosted out of process, where a segfault kills the host, not
 * the JVM.
 */
public final class FfiDemo {
  /** The C functions the demo calls in-process, one Java method each. */
  public interface DemoLibrary {
    /** {@code const char *bk_demo_greeting(void)}: a C string out. */
    @Symbol("bk_demo_greeting")
    String greeting();

    /** {@code int32_t bk_demo_hello(char *buf, int32_t cap, const char *name)}: in and out. */
    @Symbol("bk_demo_hello")
    int hello(byte[] buf, int cap, String name);

    /** Counts primes by trial division: long, CPU-bound, so declared dirty CPU. */
    @DirtyCpu
    @Symbol("bk_demo_count_primes")
    long countPrimes(long n);

    /** The same C function declared clean: it runs on the caller's (virtual) thread. */
    @Clean
    @Symbol("bk_demo_count_primes")
    long countPrimesInline(long n);

    /** Calls {@code cb(i)} for i in 0..n-1 from a C thread it starts, after a delay. */
    @Symbol("bk_demo_call_back_later")
    int callBackLater(NativeCallback<Tick> cb, int n, int delayMs);
  }

  /** {@code int32_t (*bk_demo_callback)(int32_t i)}: what C calls back. */
  @Callback
  @FunctionalInterface
  public interface Tick {
    int apply(int i);
  }

  /** The C functions the demo calls out of process: the host dies instead of the JVM. */
  public interface HostedLibrary extends AutoCloseable {
    @Symbol("bk_demo_add_i32")
    int add(int a, int b);

    /** Writes through a NULL pointer. */
    @Symbol("bk_demo_crash")
    void crash();

    @Override
    void close();
  }

  private static final long PRIMES_UP_TO = 1_500_000;

  private FfiDemo() {}

  /** Runs the demo, printing what happens. */
  public static void run() {
    say("ffi: C functions bound to Java interfaces, scheduled as BEAM schedules NIFs.");
    LibrarySource library = LibrarySource.path(NativeDir.resolve("libbkdemo.so"));
    DemoLibrary c = Binding.of(DemoLibrary.class).library(library).bind();

    say("  greeting() -> \"%s\"", c.greeting());
    byte[] buf = new byte[64];
    int n = c.hello(buf, buf.length, "newcomer");
    say("  hello(buf, 64, \"newcomer\") -> %d; buf holds \"%s\"", n,
        new String(buf, 0, n, StandardCharsets.UTF_8));

    int cores = Runtime.getRuntime().availableProcessors();
    int callers = cores;
    say("  %d virtual threads each count the primes up to %,d in C, while a heartbeat virtual"
        + " thread ticks every 1 ms (%d cores):", callers, PRIMES_UP_TO, cores);
    long dirty = heartbeatLateness(callers, () -> c.countPrimes(PRIMES_UP_TO));
    say("    @DirtyCpu: the calls ran on the dirty CPU threads, which the OS shares the cores"
        + " with; heartbeat late by %.1f ms at worst", dirty / 1e6);
    long before = LongCalls.count("bk_demo_count_primes");
    long inline = heartbeatLateness(callers, () -> c.countPrimesInline(PRIMES_UP_TO));
    say("    @Clean:    the calls pinned every carrier; heartbeat late by %.1f ms at worst (the"
        + " long-call monitor flagged %d of them)", inline / 1e6,
        LongCalls.count("bk_demo_count_primes") - before);

    try (Mailbox me = Processes.openMailbox()) {
      NativeCallback<Tick> tick = NativeCallback.sendingTo(Tick.class, me.pid());
      c.callBackLater(tick, 3, 20);
      say("  callBackLater(tick, 3, 20) returned at once; a C thread calls back later:");
      for (int i = 0; i < 3; i++) {
        CallbackMessage m = Processes.receive(
            msg -> msg instanceof CallbackMessage cm ? cm : null, Duration.ofSeconds(5))
            .orElseThrow(() -> new IllegalStateException("no callback within 5 s"));
        say("    our mailbox got a CallbackMessage: %s.apply(%s) called on a C thread",
            m.callback().getSimpleName(), m.args().getFirst());
      }
      tick.close();
    }

    say("  the same library hosted out of process (Backend.ISOLATED):");
    try (HostedLibrary hosted = Binding.of(HostedLibrary.class).library(library)
        .backend(Backend.ISOLATED).bind()) {
      say("    add(40, 2) -> %d, computed in the host process", hosted.add(40, 2));
      try {
        hosted.crash();
      } catch (NativeHostCrashedException e) {
        say("    crash() failed: %s", e.getMessage());
      }
      say("    add(1, 2) -> %d: the supervisor restarted the host, and this JVM never noticed",
          hosted.add(1, 2));
    }
  }

  /**
   * Runs {@code callers} virtual threads each making {@code call} while a virtual thread beats
   * every millisecond; returns the heartbeat's worst lateness in nanoseconds.
   */
  private static long heartbeatLateness(int callers, Runnable call) {
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong worst = new AtomicLong();
    Thread heartbeat = Thread.ofVirtual().start(() -> {
      long next = System.nanoTime();
      while (!done.get()) {
        next += 1_000_000;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          try {
            Thread.sleep(Duration.ofNanos(wait));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        long late = System.nanoTime() - next;
        worst.accumulateAndGet(late, Math::max);
        if (late > 0) {
          next = System.nanoTime();
        }
      }
    });
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      threads.add(Thread.ofVirtual().start(call));
    }
    try {
      for (Thread t : threads) {
        t.join();
      }
      done.set(true);
      heartbeat.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the demo's threads ran", e);
    }
    return worst.get();
  }

  private static void say(String format, Object... args) {
    System.out.println(String.format(format, args));
  }
}
