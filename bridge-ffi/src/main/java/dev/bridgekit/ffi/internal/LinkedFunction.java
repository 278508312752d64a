package dev.bridgekit.ffi.internal;

import java.lang.invoke.MethodHandle;

/** One C function as a backend linked it. */
interface LinkedFunction {
  /**
   * Returns the handle that calls the function, of the signature's {@link Signature#rawType()};
   * null if the function was linked for errno capture only.
   */
  MethodHandle raw();

  /**
   * Calls the function with errno cleared before and captured after, on the calling thread;
   * stores it in {@code errno[0]} and returns the raw result (boxed).
   */
  Object invokeCapturing(Object[] rawArgs, int[] errno) throws Throwable;
}
