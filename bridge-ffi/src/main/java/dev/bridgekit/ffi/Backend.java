package dev.bridgekit.ffi;

/**
 * The engine that makes the downcalls of a binding. All three honour the same binding contract;
 * they differ in speed and in what they can pass. Memory the binding manages (strings, arrays,
 * structs by reference, callbacks) goes through the JDK's FFM API in every backend, so every
 * backend needs native access enabled ({@code --enable-native-access}).
 */
public enum Backend {
  /** The JDK's Foreign Function and Memory API: the default, and the only one with structs by value. */
  FFM,
  /** jnr-ffi, through an interface generated for the binding. No structs by value. */
  JNR,
  /** JNA direct mapping ({@code Native.register}) on a class generated for the binding. No structs by value. */
  JNA
}
