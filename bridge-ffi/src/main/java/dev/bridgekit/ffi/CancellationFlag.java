package dev.bridgekit.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Asks a running native call to stop, cooperatively: a native {@code int32_t} that C code polls
 * ({@code while (!*cancel) ...}), as a bound method's parameter of this type passes a pointer to
 * it. Raising it is all Java can do: the C code decides when to look.
 *
 * <p>A dirty method that takes a flag and times out (or whose caller is interrupted) raises it.
 * Any thread may {@link #cancel()}. The flag's memory is readable from every thread and lives as
 * long as the flag is reachable; a call in progress keeps its flag reachable, so a call that runs
 * on after its caller gave up never polls freed memory.
 */
public final class CancellationFlag {
  private static final VarHandle INT =
      ValueLayout.JAVA_INT.varHandle();

  private final MemorySegment cell = Arena.ofAuto().allocate(ValueLayout.JAVA_INT);

  /** Returns a new flag, not raised. */
  public CancellationFlag() {}

  /** Raises the flag; the native side sees a non-zero value from now on. */
  public void cancel() {
    INT.setVolatile(cell, 0L, 1);
  }

  /** Returns true once the flag has been raised. */
  public boolean isCancelled() {
    return (int) INT.getVolatile(cell, 0L) != 0;
  }

  /** Lowers the flag, for reuse between calls. */
  public void reset() {
    INT.setVolatile(cell, 0L, 0);
  }

  /** Returns a pointer to the flag's {@code int32_t}. */
  public NativePointer pointer() {
    return NativePointer.of(cell);
  }
}
