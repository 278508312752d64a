/**
 * Binds C libraries to Java interfaces, in-process, and schedules their calls as the BEAM
 * schedules NIFs.
 *
 * <h2>Binding</h2>
 *
 * {@link dev.bridgekit.ffi.Binding} checks everything at bind time (library, every symbol, every
 * type) and returns an implementation of the interface: a hidden class whose methods each invoke
 * one constant method handle. For a clean method of primitives that handle is the backend's
 * downcall itself, wrapped only in the long-call check (two memory reads), so a clean call costs
 * what the raw backend costs. Everything else (strings, arrays, structs, callbacks, errno, dirty
 * calls) goes through one generic path that copies arguments into a per-call arena.
 *
 * <p>Three {@link dev.bridgekit.ffi.Backend backends} make the downcalls: FFM (the default),
 * jnr-ffi and JNA, each through a declaration generated for the binding (a jnr-ffi interface, a
 * JNA direct-mapped class). Only the downcall differs: memory the binding manages and upcalls are
 * FFM's in every backend, so all backends pass the same contract suite.
 *
 * <h2>Scheduling</h2>
 *
 * A {@link dev.bridgekit.ffi.CallClass clean} call runs on the caller's thread; a clean call that
 * runs over its threshold is counted ({@link dev.bridgekit.ffi.LongCalls}), logged and recorded
 * ({@link dev.bridgekit.ffi.LongNativeCall}). A dirty call is queued to a bounded {@link
 * dev.bridgekit.ffi.DirtyExecutor} of platform threads and its caller parks on a future, so a
 * virtual thread never pins its carrier on it. The caller may stop waiting ({@link
 * dev.bridgekit.ffi.Timeout}, interrupts); the native call runs on, its arguments' memory owned
 * by the worker until it returns, and a {@link dev.bridgekit.ffi.CancellationFlag} asks it to
 * stop. A full queue rejects ({@link dev.bridgekit.ffi.NativeRejectedException}).
 *
 * <h2>Resources and messages</h2>
 *
 * A {@link dev.bridgekit.ffi.NativeResource} is owned by the process that created it and
 * released when it closes or that process exits (a janitor process monitors the owner). A bound
 * call holds a lease on each resource argument, so release waits for calls in progress. A {@link
 * dev.bridgekit.ffi.NativeCallback} made with {@code sendingTo} turns each call C makes, on any
 * thread, into a {@link dev.bridgekit.ffi.CallbackMessage} in a mailbox.
 *
 * <h2>Loading</h2>
 *
 * {@link dev.bridgekit.ffi.LibrarySource} finds a library by name, by path, or bundled in a jar
 * (unpacked into a checksum-named cache directory, renamed into place atomically).
 */
package dev.bridgekit.ffi;
