package dev.bridgekit.ffi.internal;

import dev.bridgekit.ffi.NativeCallException;
import dev.bridgekit.ffi.NativeHostException;
import dev.bridgekit.runtime.GenServer;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Calls one method of an isolated binding: the arguments encoded into a request, the request sent
 * to the host, the reply decoded, byte arrays copied back, errno checked, as {@link Invocation}
 * does in-process.
 */
final class IsolatedCall {
  private static final MethodHandle INVOKE;
  /** Where asynchronous methods wait for their host: a virtual thread each. */
  private static final Executor ASYNC = task -> Thread.ofVirtual()
      .name("bridgekit-isolated-call").start(task);

  static {
    try {
      INVOKE = MethodHandles.lookup().findVirtual(IsolatedCall.class, "invoke",
          MethodType.methodType(Object.class, Object[].class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final MethodPlan plan;
  private final int function;
  private final char ret;
  private final char[] types;
  private final int arrays;
  private final IsolatedHost host;
  private final Duration timeout;

  /**
   * Makes the call of {@code plan}, function number {@code function} of {@code host}, whose
   * arguments have the wire {@code types} and whose result the wire type {@code ret}.
   */
  IsolatedCall(MethodPlan plan, int function, char ret, char[] types, IsolatedHost host) {
    this.plan = plan;
    this.function = function;
    this.ret = ret;
    this.types = types.clone();
    int n = 0;
    for (char t : types) {
      if (t == 'B') {
        n++;
      }
    }
    this.arrays = n;
    this.host = host;
    this.timeout = plan.timeout() == null ? GenServer.INFINITY : plan.timeout();
  }

  /** Returns a handle of the bound method's own type that calls {@link #invoke}. */
  MethodHandle handle() {
    Method m = plan.method();
    return INVOKE.bindTo(this)
        .asCollector(Object[].class, m.getParameterCount())
        .asType(MethodType.methodType(m.getReturnType(), m.getParameterTypes()));
  }

  private Object invoke(Object[] args) {
    if (plan.async()) {
      // The caller's arrays are filled in when the host answers, before the future completes.
      return CompletableFuture.supplyAsync(() -> call(args), ASYNC);
    }
    return call(args);
  }

  private Object call(Object[] args) {
    String symbol = plan.symbol();
    byte[] request = HostProtocol.call(function, ret, plan.captureErrno(), types, args);
    byte[] reply = host.call(symbol, request, timeout);
    HostProtocol.Reply decoded;
    try {
      decoded = HostProtocol.read(reply, ret, arrays);
    } catch (IllegalArgumentException e) {
      throw new NativeHostException(symbol, symbol + ": the native host sent a bad reply: "
          + e.getMessage(), e);
    }
    return switch (decoded) {
      case HostProtocol.Returned r -> returned(symbol, r, args);
      case HostProtocol.Failed f -> throw new NativeHostException(symbol, symbol
          + ": the native host refused the call (code " + f.code() + "): " + f.text());
      case HostProtocol.Linked l -> throw new NativeHostException(symbol, symbol
          + ": the native host answered a call with a hello");
    };
  }

  private Object returned(String symbol, HostProtocol.Returned r, Object[] args) {
    int k = 0;
    for (int i = 0; i < types.length; i++) {
      if (types[i] != 'B') {
        continue;
      }
      byte[] mine = (byte[]) args[i];
      byte[] theirs = r.arrays().get(k++);
      if (mine != null && theirs != null) {
        if (theirs.length != mine.length) {
          throw new NativeHostException(symbol, symbol + ": the native host sent back "
              + theirs.length + " bytes for a " + mine.length + "-byte array");
        }
        System.arraycopy(theirs, 0, mine, 0, mine.length);
      }
    }
    if (plan.captureErrno() && failed(r)) {
      throw new NativeCallException(symbol, r.errno(), Errno.describe(r.errno()));
    }
    return r.value();
  }

  private boolean failed(HostProtocol.Returned r) {
    return switch (plan.result()) {
      case Result.Utf8String s -> r.value() == null;
      case Result.Void v -> r.errno() != 0;
      default -> plan.result().isFailure(r.value(), r.errno());
    };
  }
}
