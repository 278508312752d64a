package dev.bridgekit.ffi;

/**
 * The engine that makes the downcalls of a binding. The three in-process backends honour the same
 * binding contract; they differ in speed and in what they can pass. Memory the binding manages
 * (strings, arrays, structs by reference, callbacks) goes through the JDK's FFM API in every
 * in-process backend, so each needs native access enabled ({@code --enable-native-access}).
 */
public enum Backend {
  /** The JDK's Foreign Function and Memory API: the default, and the only one with structs by value. */
  FFM,
  /** jnr-ffi, through an interface generated for the binding. No structs by value. */
  JNR,
  /** JNA direct mapping ({@code Native.register}) on a class generated for the binding. No structs by value. */
  JNA,
  /**
   * Out of process: the library is loaded by a host program ({@code bk_ffihost}, from {@code
   * native/}, found through {@code bridgekit.native.dir}) that a supervisor runs as a port, and
   * each call is a request to it. A crash in the library (a segfault, an abort) kills the host,
   * never the JVM: the call fails with {@link NativeHostCrashedException} naming the function and
   * the signal, and the supervisor starts a new host for the next call (up to {@link
   * #ISOLATED_RESTARTS} restarts in 5 seconds; then calls fail with {@link NativeHostException}).
   * State the library kept in memory is lost with the host.
   *
   * <p>What crosses a pipe: integers of every width, {@code float}, {@code double}, {@code
   * boolean}, {@code String} (in, and out as a copy) and {@code byte[]} (copied in and back out),
   * at most 6 integer-class arguments (integers, booleans, strings, arrays) and 8 floating ones,
   * to functions that are not variadic. Anything that is a pointer into this JVM (buffers,
   * segments, structs, callbacks, resources, cancellation flags) fails {@link Binding#bind()},
   * naming the method. Calls to one host run one at a time, in order; every call parks its caller
   * (call classes change nothing), a {@link Timeout} gives up waiting, and {@link CaptureErrno}
   * works as in-process. If the interface extends {@link AutoCloseable}, its {@code close()} stops
   * the host; otherwise it stops with the JVM.
   */
  ISOLATED;

  /** How many times an isolated binding's host is restarted within 5 seconds before it stays down. */
  public static final int ISOLATED_RESTARTS = 5;
}
