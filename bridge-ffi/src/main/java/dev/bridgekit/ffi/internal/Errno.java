package dev.bridgekit.ffi.internal;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** The C library's errno: cleared on the calling thread before a capturing call, and named. */
// Native access on purpose: restricted FFM methods are what this type exists to call.
@SuppressWarnings("restricted")
final class Errno {
  private static final MethodHandle ERRNO_LOCATION;
  private static final MethodHandle STRERROR;

  static {
    Linker linker = Linker.nativeLinker();
    ERRNO_LOCATION = linker.downcallHandle(
        linker.defaultLookup().findOrThrow("__errno_location"),
        FunctionDescriptor.of(ValueLayout.ADDRESS.withTargetLayout(ValueLayout.JAVA_INT)));
    STRERROR = linker.downcallHandle(linker.defaultLookup().findOrThrow("strerror"),
        FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
  }

  private Errno() {}

  /** Sets the calling thread's errno to zero. */
  static void clear() {
    try {
      MemorySegment cell = (MemorySegment) ERRNO_LOCATION.invokeExact();
      cell.set(ValueLayout.JAVA_INT, 0, 0);
    } catch (Throwable t) {
      throw new IllegalStateException("clearing errno: " + t, t);
    }
  }

  /** Returns the C library's text for {@code errno} ({@code strerror}). */
  static String describe(int errno) {
    try {
      // glibc's strerror returns a static string for known values; it is only per-thread
      // scratch space for unknown ones, read at once here.
      MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
      return text.reinterpret(Long.MAX_VALUE).getString(0);
    } catch (Throwable t) {
      return "errno " + errno;
    }
  }
}
