package dev.bridgekit.ffi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Backend.ISOLATED: the demo library in a host process, crashes included. */
class IsolatedBindingTest {
  private HostedDemo demo;

  @BeforeEach
  void bind() {
    demo = Binding.of(HostedDemo.class).library(DemoLibrary.source()).backend(Backend.ISOLATED)
        .bind();
  }

  @AfterEach
  void close() {
    demo.close();
  }

  @Test
  void integersFloatsAndBooleansCrossThePipeAsInProcess() {
    assertEquals((byte) -128, demo.addByte((byte) 127, (byte) 1));
    assertEquals((short) -32768, demo.addShort((short) 32767, (short) 1));
    assertEquals(Integer.MIN_VALUE, demo.addInt(Integer.MAX_VALUE, 1));
    assertEquals(-5, demo.addInt(-2, -3));
    assertEquals(Long.MIN_VALUE, demo.addLong(Long.MAX_VALUE, 1));
    assertEquals(0.75f, demo.addFloat(0.5f, 0.25f));
    assertEquals(0.1 + 0.2, demo.addDouble(0.1, 0.2));
    assertTrue(demo.isEven(42));
    assertFalse(demo.isEven(-7));
    assertTrue(demo.not(false));
    assertFalse(demo.not(true));
  }

  @Test
  void stringsGoInAndComeBackAsUtf8() {
    assertEquals("hello from C", demo.greeting());
    assertEquals(6, demo.strlen("héllo")); // bytes, not characters
    assertNull(demo.allocAsString(-1));
  }

  @Test
  void byteArraysAreCopiedInAndBackOut() {
    byte[] buf = new byte[32];
    int n = demo.hello(buf, buf.length, "Zoë");
    assertEquals("hello, Zoë", new String(buf, 0, n, StandardCharsets.UTF_8));
    byte[] data = {1, 2, 3, 4};
    demo.reverse(data, data.length);
    assertArrayEquals(new byte[] {4, 3, 2, 1}, data);
    assertEquals(0x811c9dc5, demo.fnv1a(new byte[0], 0));
  }

  @Test
  void concurrentCallersEachGetTheirOwnAnswer() throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    java.util.List<Thread> callers = new java.util.ArrayList<>();
    for (int t = 0; t < 16; t++) {
      int base = t * 1_000;
      callers.add(Thread.ofVirtual().start(() -> {
        for (int i = 0; i < 50; i++) {
          int got = demo.addInt(base, i);
          if (got != base + i) {
            failure.compareAndSet(null, new AssertionError(base + " + " + i + " gave " + got));
          }
        }
      }));
    }
    for (Thread t : callers) {
      t.join(10_000);
    }
    assertNull(failure.get());
  }

  @Test
  void aSegfaultKillsTheHostNotTheJvmAndTheNextCallWorks() {
    var e = assertThrows(NativeHostCrashedException.class, demo::crash);
    assertEquals("bk_demo_crash", e.function());
    assertEquals(Optional.of("bk_demo_crash"), e.crashedIn());
    assertTrue(e.ran());
    assertEquals(11, e.signal());
    assertEquals("SIGSEGV", e.signalName());
    assertEquals(139, e.exitStatus());
    assertTrue(e.getMessage().contains("bk_demo_crash") && e.getMessage().contains("SIGSEGV"),
        e.getMessage());
    // The supervisor has started a new host: the next call goes there.
    assertEquals(42, demo.addInt(40, 2));
  }

  @Test
  void callsQueuedBehindACrashFailWithoutHavingRun() throws Exception {
    AtomicReference<Object> first = new AtomicReference<>();
    AtomicReference<Object> crash = new AtomicReference<>();
    AtomicReference<Object> queued = new AtomicReference<>();
    Thread t1 = Thread.ofVirtual().start(() -> first.set(outcome(() -> demo.sleep(300))));
    Thread.sleep(50);
    Thread t2 = Thread.ofVirtual().start(() -> crash.set(outcome(() -> {
      demo.crash();
      return null;
    })));
    Thread.sleep(50);
    Thread t3 = Thread.ofVirtual().start(() -> queued.set(outcome(() -> demo.addInt(1, 1))));
    for (Thread t : new Thread[] {t1, t2, t3}) {
      t.join(10_000);
    }
    assertEquals(300, first.get());
    assertTrue(assertInstanceOf(NativeHostCrashedException.class, crash.get()).ran());
    var notRun = assertInstanceOf(NativeHostCrashedException.class, queued.get());
    assertFalse(notRun.ran());
    assertEquals("bk_demo_add_i32", notRun.function());
    assertEquals(Optional.of("bk_demo_crash"), notRun.crashedIn());
    assertTrue(notRun.getMessage().contains("did not run"), notRun.getMessage());
    assertEquals(2, demo.addInt(1, 1));
  }

  private static Object outcome(java.util.concurrent.Callable<Object> call) {
    try {
      return call.call();
    } catch (Exception e) {
      return e;
    }
  }

  @Test
  void aHostThatKeepsCrashingStaysDownWithATypedError() {
    for (int i = 0; i <= Backend.ISOLATED_RESTARTS; i++) {
      assertThrows(NativeHostCrashedException.class, demo::crash);
    }
    var e = assertThrows(NativeHostException.class, () -> demo.addInt(1, 2));
    assertFalse(e instanceof NativeHostCrashedException);
    assertEquals("bk_demo_add_i32", e.function());
    assertTrue(e.getMessage().contains("down for good"), e.getMessage());
  }

  @Test
  void errnoIsCapturedInTheHost() {
    var e = assertThrows(NativeCallException.class, () -> demo.openClose("/nonexistent/x"));
    assertEquals(2, e.errno());
    assertEquals("bk_demo_open_close", e.function());
    assertEquals(0, demo.openClose("/"));
  }

  @Test
  void aTimeoutStopsWaitingWhileTheHostRunsOn() {
    long start = System.nanoTime();
    var e = assertThrows(NativeTimeoutException.class, () -> demo.sleepBriefly(300));
    assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(250));
    assertEquals("bk_demo_sleep_ms", e.function());
    // The host finishes the abandoned call first, then answers this one.
    assertEquals(3, demo.addInt(1, 2));
  }

  @Test
  void asyncMethodsReturnAFuture() throws Exception {
    CompletableFuture<Long> primes = demo.countPrimesAsync(100_000);
    assertEquals(9592L, primes.get(10, TimeUnit.SECONDS));
  }

  @Test
  void aClosedBindingFailsItsCalls() {
    demo.close();
    var e = assertThrows(NativeHostException.class, () -> demo.addInt(1, 2));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    demo.close(); // idempotent
  }

  /** Takes what only an in-process binding can pass. */
  public interface Pointers {
    @Symbol("bk_demo_sum_i32")
    long sum(MemorySegment ints, int n);
  }

  /** Returns what only an in-process binding can return. */
  public interface StructResult {
    @Symbol("bk_demo_point_add")
    Demo.Point add(Demo.Point p, Demo.Point q);
  }

  /** Names a symbol the library lacks. */
  public interface Missing {
    @Symbol("bk_demo_no_such_function")
    int nothing();
  }

  @Test
  void whatCannotCrossAPipeFailsAtBindTimeNamingTheMethod() {
    var e = assertThrows(UnsupportedBindingException.class, () -> Binding.of(Pointers.class)
        .library(DemoLibrary.source()).backend(Backend.ISOLATED).bind());
    assertEquals("Pointers.sum", e.method());
    assertEquals(Backend.ISOLATED, e.backend());
    assertTrue(e.getMessage().contains("MemorySegment"), e.getMessage());
    var s = assertThrows(UnsupportedBindingException.class, () -> Binding.of(StructResult.class)
        .library(DemoLibrary.source()).backend(Backend.ISOLATED).bind());
    assertEquals("StructResult.add", s.method());
  }

  @Test
  void aMissingSymbolOrLibraryFailsAtBindTime() {
    var e = assertThrows(SymbolNotFoundException.class, () -> Binding.of(Missing.class)
        .library(DemoLibrary.source()).backend(Backend.ISOLATED).bind());
    assertEquals("bk_demo_no_such_function", e.symbol());
    assertEquals("Missing.nothing", e.method());
    var l = assertThrows(LibraryNotFoundException.class, () -> Binding.of(Missing.class)
        .library(LibrarySource.path(Path.of("/nonexistent/libnothing.so")))
        .backend(Backend.ISOLATED).bind());
    assertTrue(l.getMessage().contains("/nonexistent/libnothing.so"), l.getMessage());
    var n = assertThrows(LibraryNotFoundException.class, () -> Binding.of(Missing.class)
        .library(LibrarySource.name("bridgekit_no_such_lib")).backend(Backend.ISOLATED).bind());
    assertTrue(n.tried().getLast().contains("bk_ffihost"), n.tried().toString());
  }
}
