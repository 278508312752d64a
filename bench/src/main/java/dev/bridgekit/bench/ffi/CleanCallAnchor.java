package dev.bridgekit.bench.ffi;

import com.sun.jna.Native;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.IgnoreError;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Times {@code bk_demo_add_i32} through each raw backend, the way a careful user of that library
 * writes it: a {@code static final} FFM downcall handle called with {@code invokeExact}; a jnr-ffi
 * interface with {@code @IgnoreError} (no errno saved, as the binding does when errno is not
 * asked for) held in a {@code static final} field; a JNA direct-mapped {@code static native}
 * method.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Native access on purpose: a raw FFM downcall is what this anchor measures.
@SuppressWarnings("restricted")
public class CleanCallAnchor {
  private static final MethodHandle ADD =
      Linker.nativeLinker()
          .downcallHandle(
              SymbolLookup.libraryLookup(DemoLibraryFile.path(), Arena.global())
                  .findOrThrow("bk_demo_add_i32"),
              FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

  /** The jnr-ffi declaration of the function. */
  public interface RawJnr {
    /** {@code int32_t bk_demo_add_i32(int32_t, int32_t)}. */
    @IgnoreError
    int bk_demo_add_i32(int a, int b);
  }

  /** The JNA direct mapping of the function. */
  public static final class RawJna {
    static {
      Native.register(RawJna.class, DemoLibraryFile.path().toString());
    }

    private RawJna() {}

    /** {@code int32_t bk_demo_add_i32(int32_t, int32_t)}. */
    public static native int bk_demo_add_i32(int a, int b);
  }

  private static final RawJnr JNR =
      LibraryLoader.create(RawJnr.class).failImmediately().load(DemoLibraryFile.path().toString());

  private int a = 20;
  private int b = 22;

  /** Checks each backend adds up, once per fork. */
  @Setup
  public void check() throws Throwable {
    check((int) ADD.invokeExact(a, b) + JNR.bk_demo_add_i32(a, b) + RawJna.bk_demo_add_i32(a, b)
        == 3 * (a + b));
  }

  static void check(boolean ok) {
    if (!ok) {
      throw new IllegalStateException("bk_demo_add_i32(20, 22) is not 42 on every backend");
    }
  }

  /** A raw FFM downcall. */
  @Benchmark
  public int ffm() throws Throwable {
    return (int) ADD.invokeExact(a, b);
  }

  /** A raw jnr-ffi call. */
  @Benchmark
  public int jnr() {
    return JNR.bk_demo_add_i32(a, b);
  }

  /** A raw JNA direct-mapping call. */
  @Benchmark
  public int jna() {
    return RawJna.bk_demo_add_i32(a, b);
  }
}
