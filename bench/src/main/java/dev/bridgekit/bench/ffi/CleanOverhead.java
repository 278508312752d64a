package dev.bridgekit.bench.ffi;

import dev.bridgekit.bench.BenchContext;
import dev.bridgekit.bench.Better;
import dev.bridgekit.bench.Metric;
import dev.bridgekit.bench.Row;
import dev.bridgekit.ffi.Backend;
import java.util.Locale;

/**
 * Measures a clean call of a trivial C function ({@code bk_demo_add_i32}) through a binding with
 * one backend against the same call through that backend used raw, with JMH: what the binding
 * adds to a call (its long-call check, the interface dispatch). The figures are CPU time per call,
 * which other load on the machine does not inflate; the wall times are in the note (see
 * NativeJmh for why).
 */
public final class CleanOverhead implements Metric {
  private final Backend backend;
  private final String anchorName;
  private final String anchorNote;

  private CleanOverhead(Backend backend, String anchorName, String anchorNote) {
    this.backend = backend;
    this.anchorName = anchorName;
    this.anchorNote = anchorNote;
  }

  /** Returns the FFM row: anchor a {@code static final} downcall handle, {@code invokeExact}. */
  public static CleanOverhead ffm() {
    return new CleanOverhead(Backend.FFM, "raw FFM downcall invokeExact",
        "a static final downcall MethodHandle called with invokeExact");
  }

  /** Returns the jnr-ffi row: anchor a raw jnr-ffi interface. */
  public static CleanOverhead jnr() {
    return new CleanOverhead(Backend.JNR, "raw jnr-ffi interface",
        "a jnr-ffi LibraryLoader interface with @IgnoreError (the binding saves no errno either"
            + " unless asked)");
  }

  /** Returns the JNA row: anchor a raw JNA direct mapping. */
  public static CleanOverhead jna() {
    return new CleanOverhead(Backend.JNA, "raw JNA direct mapping",
        "a static native method registered with Native.register (direct mapping)");
  }

  @Override
  public String name() {
    return "ffi.clean_overhead." + method();
  }

  @Override
  public String unit() {
    return "ns";
  }

  @Override
  public Better better() {
    return Better.LOWER;
  }

  private String method() {
    return backend.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public Row run(BenchContext context) throws Exception {
    return NativeJmh.compare(this, context, CleanCallProject.class, CleanCallAnchor.class,
        method(), anchorName,
        "bk_demo_add_i32(a, b) on a platform thread; project: a @Clean method of an interface"
            + " bound with Backend." + backend + " and held in a static final field (hidden class: one"
            + " constant handle, the long-call check in its bytecode, two reads of the coarse"
            + " clock and a compare); anchor: " + anchorNote);
  }
}
