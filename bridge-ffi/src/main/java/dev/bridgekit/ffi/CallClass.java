package dev.bridgekit.ffi;

/**
 * Where a bound method's native call runs, as BEAM classifies NIFs: on the caller's thread, or on
 * one of the dirty executors.
 */
public enum CallClass {
  /** Inline on the caller's thread; see {@link Clean}. */
  CLEAN,
  /** On the dirty CPU executor; see {@link DirtyCpu}. */
  DIRTY_CPU,
  /** On the dirty IO executor; see {@link DirtyIo}. */
  DIRTY_IO
}
