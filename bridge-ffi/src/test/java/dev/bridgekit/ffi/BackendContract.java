package dev.bridgekit.ffi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.ffi.Demo.Pair;
import dev.bridgekit.ffi.Demo.Point;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The binding contract, run against each backend by a subclass, on the demo library: what a
 * binding passes and returns must not depend on the backend.
 */
abstract class BackendContract {
  abstract Backend backend();

  Demo demo;

  @BeforeEach
  void bind() {
    demo = Binding.of(Demo.class).library(DemoLibrary.source()).backend(backend()).bind();
  }

  @Test
  void integersOfEveryWidthWrapAsInC() {
    assertEquals((byte) 3, demo.addByte((byte) 1, (byte) 2));
    assertEquals((byte) -128, demo.addByte((byte) 127, (byte) 1));
    assertEquals((short) -32768, demo.addShort((short) 32767, (short) 1));
    assertEquals(Integer.MIN_VALUE, demo.addInt(Integer.MAX_VALUE, 1));
    assertEquals(-5, demo.addInt(-2, -3));
    assertEquals(Long.MIN_VALUE, demo.addLong(Long.MAX_VALUE, 1));
    assertEquals(1L << 40, demo.addLong(1L << 39, 1L << 39));
  }

  @Test
  void floatsAndDoublesKeepTheirPrecision() {
    assertEquals(0.75f, demo.addFloat(0.5f, 0.25f));
    assertEquals(0.1 + 0.2, demo.addDouble(0.1, 0.2));
  }

  @Test
  void booleansAreCBools() {
    assertTrue(demo.isEven(42));
    assertFalse(demo.isEven(-7));
    assertTrue(demo.not(false));
    assertFalse(demo.not(true));
  }

  @Test
  void stringsGoInAsUtf8() {
    assertEquals(5, demo.strlen("hello"));
    assertEquals("héllo €".getBytes(StandardCharsets.UTF_8).length, demo.strlen("héllo €"));
    assertEquals(0, demo.strlen(""));
  }

  @Test
  void stringsComeBackFromStaticAndAllocatedMemory() {
    assertEquals("hello from C", demo.greeting());
    NativePointer upper = demo.upper("abc é");
    try {
      assertEquals("ABC é", upper.readString());
    } finally {
      demo.free(upper);
    }
  }

  @Test
  void byteArraysAreCopiedInAndOut() {
    byte[] buf = new byte[32];
    int needed = demo.hello(buf, buf.length, "wörld");
    String text = new String(buf, 0, needed, StandardCharsets.UTF_8);
    assertEquals("hello, wörld", text);
    assertEquals(0, buf[needed]);

    byte[] data = {1, 2, 3, 4, 5};
    demo.reverse(data, data.length);
    assertArrayEquals(new byte[] {5, 4, 3, 2, 1}, data);
  }

  @Test
  void byteArraysReachCUnchanged() {
    // FNV-1a of "a" is 0xe40c292c.
    assertEquals(0xe40c292c, demo.fnv1a("a".getBytes(StandardCharsets.US_ASCII), 1));
  }

  @Test
  void directBuffersArePassedAtTheirPosition() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(6);
    buffer.put(new byte[] {9, 1, 2, 3, 4, 9}).position(1);
    demo.reverse(buffer, 4);
    byte[] out = new byte[6];
    buffer.position(0).get(out);
    assertArrayEquals(new byte[] {9, 4, 3, 2, 1, 9}, out);
  }

  @Test
  void heapBuffersAreRefusedWithTheBuffer() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> demo.reverse(ByteBuffer.allocate(4), 4));
    assertTrue(e.getMessage().contains("heap ByteBuffer"), e.getMessage());
  }

  @Test
  void segmentsArePointers() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment ints = arena.allocateFrom(ValueLayout.JAVA_INT, 1, 2, 3, 40);
      assertEquals(46, demo.sum(ints, 4));
      MemorySegment buf = arena.allocate(8);
      MemorySegment returned = demo.fill(buf, 0x7f, 8);
      assertEquals(buf.address(), returned.address());
      assertEquals(0x7f7f7f7f7f7f7f7fL, buf.get(ValueLayout.JAVA_LONG, 0));
    }
  }

  @Test
  void structsPassByReference() {
    assertEquals(5.0, demo.norm(new Point(3, 4)));
  }

  @Test
  void structRefsReadBackWhatCChanged() {
    StructRef<Point> p = StructRef.of(new Point(1.5, -2));
    demo.scale(p, 2);
    assertEquals(new Point(3, -4), p.get());

    StructRef<Pair> pair = StructRef.of(new Pair(41, (1L << 33) - 1));
    demo.increment(pair);
    assertEquals(new Pair(42, 1L << 33), pair.get());
  }

  @Test
  void callbacksAreCalledWithTheirArgumentsAndTheirResultsReachC() {
    List<Integer> seen = new CopyOnWriteArrayList<>();
    long sum = demo.callBack(i -> {
      seen.add(i);
      return i * 10;
    }, 4);
    assertEquals(List.of(0, 1, 2, 3), seen);
    assertEquals(60, sum);
  }

  @Test
  void callbacksRunOnNativeThreads() {
    List<String> threads = new CopyOnWriteArrayList<>();
    assertEquals(0, demo.callBackFromThread(i -> {
      threads.add(Thread.currentThread().getName());
      return 0;
    }, 3));
    assertEquals(3, threads.size());
    assertFalse(threads.contains(Thread.currentThread().getName()), threads.toString());
  }

  @Test
  void callbacksTakePointersAndBoolsAndReturnPointers() {
    List<Object> seen = new CopyOnWriteArrayList<>();
    NativePointer back = demo.callBackPointer((p, flag) -> {
      seen.add(p);
      seen.add(flag);
      return new NativePointer(p.address() + 8);
    }, new NativePointer(0x1000), true);
    assertEquals(new NativePointer(0x1008), back);
    NativePointer none = demo.callBackPointer((p, flag) -> {
      seen.add(p);
      seen.add(flag);
      return null;
    }, NativePointer.NULL, false);
    assertEquals(NativePointer.NULL, none);
    assertEquals(List.of(new NativePointer(0x1000), true, NativePointer.NULL, false), seen);
  }

  @Test
  void callbacksReturnCBools() {
    assertEquals(4, demo.countIf(i -> i % 3 == 0, 10));
  }

  @Test
  void callbacksGoThroughTheBackendsOwnMechanism() {
    List<String> frames = new CopyOnWriteArrayList<>();
    demo.callBack(i -> {
      StackWalker.getInstance().forEach(f -> frames.add(f.getClassName()));
      return 0;
    }, 1);
    // JNA calls back through CallbackReference, jnr-ffi through its closure proxies, FFM through
    // an upcall stub whose frames are hidden: no other backend's classes are on the way.
    assertEquals(backend() == Backend.JNA,
        frames.stream().anyMatch(c -> c.startsWith("com.sun.jna.CallbackReference")),
        frames.toString());
    assertEquals(backend() == Backend.JNR,
        frames.stream().anyMatch(c -> c.startsWith("jnr.ffi.provider.jffi.NativeClosure")),
        frames.toString());
  }

  @Test
  void aCallbackThatThrowsGivesCZeroAndTheCallerGoesOn() {
    long sum = demo.callBack(i -> {
      if (i == 1) {
        throw new IllegalStateException("test: callback failure on purpose");
      }
      return 5;
    }, 3);
    assertEquals(10, sum);
  }

  @Test
  void errnoBecomesAnExceptionNamingTheFunction() {
    var e = assertThrows(NativeCallException.class,
        () -> demo.openClose("/nonexistent/bridgekit/" + backend()));
    assertEquals("bk_demo_open_close", e.function());
    assertEquals(2, e.errno()); // ENOENT
    assertTrue(e.errnoText().contains("No such file"), e.errnoText());
    assertTrue(e.getMessage().contains("bk_demo_open_close"), e.getMessage());

    var eacces = assertThrows(NativeCallException.class, () -> demo.failWith(13));
    assertEquals(13, eacces.errno());
  }

  @Test
  void successWithErrnoCaptureReturnsTheValue() {
    assertEquals(0, demo.openClose("/dev/null"));
  }

  @Test
  void withoutCaptureErrnoIsNotAFailure() {
    assertEquals(-1, demo.failWithoutCapture(2));
  }

  @Test
  void aCancellationFlagIsPolledByC() throws Exception {
    CancellationFlag flag = new CancellationFlag();
    assertEquals(0, demo.waitCancellable(flag, 5));
    flag.cancel();
    assertEquals(1, demo.waitCancellable(flag, 10_000));
  }

  @Test
  void structsByValueBindOnlyWhereTheBackendHasThem() {
    if (backend() == Backend.FFM) {
      DemoByValue byValue =
          Binding.of(DemoByValue.class).library(DemoLibrary.source()).backend(backend()).bind();
      assertEquals(new Point(4, 6), byValue.add(new Point(1, 2), new Point(3, 4)));
      assertEquals(new Pair(-1, 1L << 40), byValue.makePair(-1, 1L << 40));
      assertEquals((1L << 40) + 7, byValue.pairSum(new Pair(7, 1L << 40)));
    } else {
      var e = assertThrows(UnsupportedBindingException.class,
          () -> Binding.of(DemoByValue.class).library(DemoLibrary.source()).backend(backend())
              .bind());
      assertEquals(backend(), e.backend());
      assertTrue(e.getMessage().contains("DemoByValue."), e.getMessage());
      assertTrue(e.getMessage().contains(backend().name()), e.getMessage());
      assertTrue(e.getMessage().contains("by value"), e.getMessage());
    }
  }

  @Test
  void aMissingSymbolFailsAtBindTimeNamingIt() {
    var e = assertThrows(SymbolNotFoundException.class,
        () -> Binding.of(Missing.class).library(DemoLibrary.source()).backend(backend()).bind());
    assertEquals("bk_demo_no_such_function", e.symbol());
    assertTrue(e.library().endsWith("libbkdemo.so"), e.library());
    assertEquals("Missing.nothing", e.method());
  }

  @Test
  void aNullCharPointerReturnIsANullString() {
    assertNull(demo.allocAsString(-1)); // calloc refused: NULL
    assertNull(NativePointer.NULL.readString());
    NativePointer empty = demo.upper("");
    assertNotEquals(NativePointer.NULL, empty);
    assertEquals("", empty.readString());
    demo.free(empty);
  }

  /** An interface whose symbol the demo library lacks. */
  public interface Missing {
    @Symbol("bk_demo_no_such_function")
    int nothing();
  }
}
