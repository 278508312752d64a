/**
 * Binds C libraries to Java interfaces, in-process, and schedules their calls as the BEAM
 * schedules NIFs.
 *
 * <h2>Binding</h2>
 *
 * {@link dev.bridgekit.ffi.Binding} checks everything at bind time (library, every symbol, every
 * type) and returns an implementation of the interface: a hidden class whose methods each invoke
 * one constant method handle. For a clean method of primitives that handle is the backend's
 * downcall itself, and the long-call check (two reads of a cached clock and a compare) is written
 * around it in the method's bytecode, so a clean call costs what the raw backend costs plus about
 * half a nanosecond. Everything else (strings, arrays, structs, callbacks, errno, dirty
 * calls) goes through one generic path that copies arguments into a per-call arena.
 *
 * <p>Three {@link dev.bridgekit.ffi.Backend backends} make the downcalls: FFM (the default),
 * jnr-ffi and JNA, each through a declaration generated for the binding (a jnr-ffi interface, a
 * JNA direct-mapped class). A callback argument goes through the backend's own mechanism too (an
 * FFM upcall stub, a JNA {@code Callback}, a jnr-ffi {@code @Delegate} closure); memory the
 * binding manages, and {@link dev.bridgekit.ffi.NativeCallback}s that C keeps, are FFM's in every
 * backend. All backends pass the same contract suite.
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
 * <p>The handoff is built for short dirty calls too: a worker that runs out of calls spins for a
 * few microseconds before it parks (at most one spinner per executor, none while the machine is
 * oversubscribed), a submitter wakes a parked worker only when no spinner will take its call, and
 * the caller watches its future for a few microseconds before it parks. Back-to-back calls then
 * cost no thread wake-up on either side.
 *
 * <h2>Crash isolation</h2>
 *
 * {@link dev.bridgekit.ffi.Backend#ISOLATED} binds the same interface to the library loaded by a
 * host program ({@code native/src/ffihost/bk_ffihost.c}) that runs as a port of the ports bridge
 * under a supervisor. A call is a request to the host: its arguments (integers, floats, booleans,
 * strings, byte arrays) encoded, the reply decoded. A segfault kills the host; the call fails with
 * {@link dev.bridgekit.ffi.NativeHostCrashedException} and the supervisor starts a new host.
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
