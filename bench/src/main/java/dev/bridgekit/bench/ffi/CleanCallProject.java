package dev.bridgekit.bench.ffi;

import dev.bridgekit.ffi.Backend;
import dev.bridgekit.ffi.Binding;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Times a clean call of {@code bk_demo_add_i32} through the binding, one method per backend; its
 * twin {@link CleanCallAnchor} times the same call through the raw backend. Each bound interface
 * is held in a {@code static final} field, as the anchor holds its downcall handle: how a careful
 * user holds either, and what lets the JIT see through both.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CleanCallProject {
  private static final DemoCalls FFM = bind(Backend.FFM);
  private static final DemoCalls JNR = bind(Backend.JNR);
  private static final DemoCalls JNA = bind(Backend.JNA);
  // Fields, not constants: the JIT cannot fold them, as it cannot fold a real program's inputs.
  private int a = 20;
  private int b = 22;

  /** Checks each binding adds up, once per fork. */
  @Setup
  public void check() {
    CleanCallAnchor.check(FFM.add(a, b) + JNR.add(a, b) + JNA.add(a, b) == 3 * (a + b));
  }

  private static DemoCalls bind(Backend backend) {
    return Binding.of(DemoCalls.class).library(DemoLibraryFile.source()).backend(backend).bind();
  }

  /** A clean call through an FFM binding. */
  @Benchmark
  public int ffm() {
    return FFM.add(a, b);
  }

  /** A clean call through a jnr-ffi binding. */
  @Benchmark
  public int jnr() {
    return JNR.add(a, b);
  }

  /** A clean call through a JNA (direct mapping) binding. */
  @Benchmark
  public int jna() {
    return JNA.add(a, b);
  }
}
