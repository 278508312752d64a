package dev.bridgekit.ffi.internal;

import dev.bridgekit.ffi.CallClass;
import dev.bridgekit.ffi.CancellationFlag;
import dev.bridgekit.ffi.DirtyExecutor;
import dev.bridgekit.ffi.NativeCallException;
import dev.bridgekit.ffi.NativeInterruptedException;
import dev.bridgekit.ffi.NativeTimeoutException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.Reference;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Calls one bound method that needs more than a direct handle: arguments copied into native
 * memory, errno, a dirty executor, a timeout, a future. The copies are made on the thread that
 * makes the native call, in an arena confined to that call, so a dirty call's memory belongs to
 * its worker and outlives a caller that gave up.
 */
final class Invocation {
  /**
   * How long a caller watches its dirty call before it parks, at most. A trivial call comes back
   * in a microsecond or two when a worker was looking for work (see DirtyExecutor); parking and
   * being unparked costs more than this, on the caller's carrier as on the worker. The spin
   * adapts per method: a method whose calls take longer, or a loaded machine, soon spins no more.
   */
  static final long CALLER_SPIN_NANOS = 5_000;

  static final MethodHandle INVOKE;

  static {
    try {
      INVOKE = MethodHandles.lookup().findVirtual(Invocation.class, "invoke",
          MethodType.methodType(Object.class, Object[].class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final MethodPlan plan;
  private final LinkedFunction function;
  private final MethodHandle spread;
  private final DirtyExecutor executor;
  private final LongCallMonitor.Check longCalls;
  private final AdaptiveSpin callerSpin = new AdaptiveSpin(CALLER_SPIN_NANOS);
  private final List<Param> params;
  private final boolean returnsStruct;
  private final boolean clean;
  // Primitives need no native memory: a dirty call of them makes no arena (a small, but per-call,
  // cost on the path whose round trip is measured in microseconds).
  private final boolean needsArena;

  Invocation(MethodPlan plan, LinkedFunction function, DirtyExecutor executor,
      LongCallMonitor.Check longCalls) {
    this.plan = plan;
    this.function = function;
    MethodHandle raw = function.raw();
    this.spread = raw == null ? null : raw.asSpreader(Object[].class, raw.type().parameterCount())
        .asType(MethodType.methodType(Object.class, Object[].class));
    this.executor = executor;
    this.longCalls = longCalls;
    this.params = plan.params();
    this.returnsStruct = plan.signature().returnsStruct();
    this.clean = plan.callClass() == CallClass.CLEAN;
    this.needsArena = returnsStruct || !params.stream().allMatch(Param::isDirect);
  }

  /** Returns a handle of the bound method's own type that calls {@link #invoke}. */
  MethodHandle handle() {
    Method m = plan.method();
    return INVOKE.bindTo(this)
        .asCollector(Object[].class, m.getParameterCount())
        .asType(MethodType.methodType(m.getReturnType(), m.getParameterTypes()));
  }

  /** Makes the call as the plan says; returns the Java result (or the future of it). */
  Object invoke(Object[] args) throws Throwable {
    if (plan.callClass() == CallClass.CLEAN) {
      return call(args);
    }
    CompletableFuture<Object> future = executor.submit(plan.symbol(), () -> call(args));
    return plan.async() ? withTimeout(future, args) : await(future, args);
  }

  /** Copies in, calls, copies out: on the thread that makes the native call. */
  private Object call(Object[] args) throws Exception {
    Object[] marshaled = new Object[params.size()];
    try (Arena arena = needsArena ? Arena.ofConfined() : null) {
      int offset = returnsStruct ? 1 : 0;
      Object[] raw = new Object[params.size() + offset];
      if (returnsStruct) {
        raw[0] = arena;
      }
      for (int i = 0; i < marshaled.length; i++) {
        Param p = params.get(i);
        Object m = p.toNative(args[i], arena);
        marshaled[i] = m;
        raw[offset + i] = switch (m) {
          case MemorySegment s when p.nativeType() == NativeType.Scalar.PTR -> s.address();
          case Param.Leased leased -> leased.address();
          default -> m;
        };
      }
      Object result;
      int[] errno = new int[1];
      // Only the native call is timed: copying arguments is not time the C code pinned a thread.
      long start = LongCallMonitor.Check.start();
      try {
        result = plan.captureErrno()
            ? function.invokeCapturing(raw, errno)
            : (Object) spread.invokeExact(raw);
      } finally {
        if (clean) {
          longCalls.after(start);
        }
      }
      if (plan.captureErrno() && plan.result().isFailure(result, errno[0])) {
        throw new NativeCallException(plan.symbol(), errno[0], Errno.describe(errno[0]));
      }
      copyOut(args, marshaled);
      return plan.result().fromNative(result);
    } catch (Exception | Error e) {
      releaseLeases(marshaled);
      throw e;
    } catch (Throwable t) {
      releaseLeases(marshaled);
      throw new IllegalStateException(plan.name() + ": " + t, t);
    } finally {
      // The arguments (a CancellationFlag, a segment's owner) must outlive the native call.
      Reference.reachabilityFence(args);
    }
  }

  private void copyOut(Object[] args, Object[] marshaled) {
    for (int i = 0; i < marshaled.length; i++) {
      params.get(i).afterCall(args[i], marshaled[i]);
      marshaled[i] = null;
    }
  }

  /** Ends the leases of a call that failed (those of a call that returned ended in copyOut). */
  private static void releaseLeases(Object[] marshaled) {
    for (Object m : marshaled) {
      if (m instanceof Param.Leased leased) {
        leased.lease().close();
      }
    }
  }

  /** Waits for a dirty call, parking a virtual thread. */
  private Object await(CompletableFuture<Object> future, Object[] args) {
    spinBriefly(future);
    try {
      return plan.timeout() == null
          ? future.get()
          : future.get(plan.timeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw rethrown(e.getCause());
    } catch (TimeoutException e) {
      cancel(args);
      throw new NativeTimeoutException(plan.symbol(), plan.timeout());
    } catch (InterruptedException e) {
      cancel(args);
      Thread.currentThread().interrupt();
      throw new NativeInterruptedException(plan.symbol(), e);
    }
  }

  private void spinBriefly(CompletableFuture<Object> future) {
    callerSpin.await(() -> future.isDone() ? future : null, null);
  }

  private CompletableFuture<Object> withTimeout(CompletableFuture<Object> future, Object[] args) {
    if (plan.timeout() == null) {
      return future;
    }
    CompletableFuture<Object> result = new CompletableFuture<>();
    // Once the timeout wins, the call's own outcome is ignored: it would otherwise race the
    // timeout's failure, since raising the flag makes polling C code return at once.
    AtomicBoolean timedOut = new AtomicBoolean();
    future.whenComplete((v, t) -> {
      if (timedOut.get()) {
        return;
      }
      if (t == null) {
        result.complete(v);
      } else {
        result.completeExceptionally(t);
      }
    });
    CompletableFuture.delayedExecutor(plan.timeout().toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
      if (!result.isDone() && timedOut.compareAndSet(false, true)) {
        // Raised before the future fails, so whoever sees the failure sees the flag raised.
        cancel(args);
        result.completeExceptionally(new NativeTimeoutException(plan.symbol(), plan.timeout()));
      }
    });
    return result;
  }

  private void cancel(Object[] args) {
    if (plan.cancelIndex() >= 0 && args[plan.cancelIndex()] instanceof CancellationFlag flag) {
      flag.cancel();
    }
  }

  private static RuntimeException rethrown(Throwable cause) {
    if (cause instanceof RuntimeException re) {
      return re;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(cause);
  }
}
