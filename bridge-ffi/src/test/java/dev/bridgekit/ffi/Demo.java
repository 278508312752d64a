package dev.bridgekit.ffi;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/** The demo library (native/src/demo/bk_demo.h) as every backend binds it. */
public interface Demo extends DemoScalars {
  /** Mirrors bk_demo_point. */
  @Struct
  record Point(double x, double y) {}

  /** Mirrors bk_demo_pair: 4 bytes of padding between a and b. */
  @Struct
  record Pair(int a, long b) {}

  /** Mirrors bk_demo_callback. */
  @Callback
  @FunctionalInterface
  interface IntFunction {
    int apply(int i);
  }

  /** Mirrors bk_demo_pointer_callback. */
  @Callback
  @FunctionalInterface
  interface PointerFunction {
    NativePointer apply(NativePointer p, boolean flag);
  }

  /** Mirrors bk_demo_predicate. */
  @Callback
  @FunctionalInterface
  interface IntPredicate {
    boolean test(int i);
  }

  @Symbol("bk_demo_upper")
  NativePointer upper(String s);

  @Symbol("bk_demo_free")
  void free(NativePointer p);

  @Symbol("bk_demo_reverse")
  void reverse(ByteBuffer buf, int len);

  @Symbol("bk_demo_fill")
  MemorySegment fill(MemorySegment buf, int value, int len);

  @Symbol("bk_demo_sum_i32")
  long sum(MemorySegment ints, int n);

  @Symbol("bk_demo_point_norm")
  double norm(@ByReference Point p);

  @Symbol("bk_demo_point_scale")
  void scale(StructRef<Point> p, double k);

  @Symbol("bk_demo_pair_increment")
  void increment(StructRef<Pair> p);

  @Symbol("bk_demo_count_primes")
  long countPrimes(long n);

  @Symbol("bk_demo_call_back")
  long callBack(IntFunction f, int n);

  @Symbol("bk_demo_call_back_from_thread")
  int callBackFromThread(IntFunction f, int n);

  @Symbol("bk_demo_call_back_pointer")
  NativePointer callBackPointer(PointerFunction f, NativePointer p, boolean flag);

  @Symbol("bk_demo_count_if")
  int countIf(IntPredicate f, int n);

  @DirtyIo
  @Symbol("bk_demo_wait_cancellable")
  int waitCancellable(CancellationFlag flag, int ms);

  @CaptureErrno
  @Symbol("bk_demo_fail_with")
  int failWith(int errno);

  @Symbol("bk_demo_fail_with")
  int failWithoutCapture(int errno);
}
