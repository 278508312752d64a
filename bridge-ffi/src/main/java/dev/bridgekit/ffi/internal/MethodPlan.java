package dev.bridgekit.ffi.internal;

import dev.bridgekit.ffi.Backend;
import dev.bridgekit.ffi.ByReference;
import dev.bridgekit.ffi.CallClass;
import dev.bridgekit.ffi.CancellationFlag;
import dev.bridgekit.ffi.CaptureErrno;
import dev.bridgekit.ffi.Clean;
import dev.bridgekit.ffi.DirtyCpu;
import dev.bridgekit.ffi.DirtyIo;
import dev.bridgekit.ffi.NativePointer;
import dev.bridgekit.ffi.NativeResource;
import dev.bridgekit.ffi.StructRef;
import dev.bridgekit.ffi.Symbol;
import dev.bridgekit.ffi.Timeout;
import dev.bridgekit.ffi.UnsupportedBindingException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What one bound method does, decided once at bind time: its symbol, how each argument and the
 * result cross into C, where the call runs, how long its caller waits and whether errno counts.
 *
 * @param method the interface method
 * @param name the method as {@code Interface.method}, for messages
 * @param symbol the C symbol
 * @param params how each argument crosses
 * @param result how the return value crosses back
 * @param callClass where the call runs
 * @param timeout how long a caller waits for a dirty call, or null for as long as it takes
 * @param captureErrno whether errno is captured and a failure thrown
 * @param async whether the method returns a CompletableFuture at once
 * @param cancelIndex the index of the CancellationFlag argument, or -1
 */
record MethodPlan(
    Method method,
    String name,
    String symbol,
    List<Param> params,
    Result result,
    CallClass callClass,
    Duration timeout,
    boolean captureErrno,
    boolean async,
    int cancelIndex) {

  /** Returns the C signature. */
  Signature signature() {
    return new Signature(params.stream().map(Param::nativeType).toList(), result.nativeType());
  }

  /**
   * Returns true if the call can go straight to the backend's handle: primitives in and out, on
   * the caller's thread, no errno. Everything else goes through {@link Invocation}.
   */
  boolean isDirect() {
    return callClass == CallClass.CLEAN && !async && !captureErrno
        && params.stream().allMatch(Param::isDirect)
        && (result instanceof Result.Primitive || result instanceof Result.Void);
  }

  /**
   * Returns the plan of {@code method}.
   *
   * @param overrides call classes set on the binding, by method name, over the annotations
   * @param defaultTimeout the binding's timeout for dirty calls, or null
   * @throws UnsupportedBindingException naming the method, the backend and what cannot be bound
   */
  static MethodPlan of(Method method, Backend backend, Map<String, CallClass> overrides,
      Duration defaultTimeout) {
    String name = method.getDeclaringClass().getSimpleName() + "." + method.getName();
    Symbol symbolAnnotation = method.getAnnotation(Symbol.class);
    String symbol = symbolAnnotation == null ? method.getName() : symbolAnnotation.value();
    List<Param> params = new ArrayList<>();
    Class<?>[] types = method.getParameterTypes();
    Type[] generic = method.getGenericParameterTypes();
    int cancelIndex = -1;
    for (int i = 0; i < types.length; i++) {
      boolean byRef = method.getParameters()[i].isAnnotationPresent(ByReference.class);
      Param p = param(name, backend, types[i], generic[i], byRef);
      if (p instanceof Param.Cancellation) {
        if (cancelIndex >= 0) {
          throw new UnsupportedBindingException(name, backend, "more than one CancellationFlag");
        }
        cancelIndex = i;
      }
      params.add(p);
    }
    boolean async = method.getReturnType() == CompletableFuture.class;
    Result result = async
        ? asyncResult(name, backend, method.getGenericReturnType())
        : result(name, backend, method.getReturnType());
    CallClass callClass = callClass(name, backend, method, overrides.get(method.getName()));
    if (async && callClass == CallClass.CLEAN) {
      // An asynchronous call returns at once, so it must run elsewhere: IO unless told CPU.
      callClass = CallClass.DIRTY_IO;
    }
    Timeout timeoutAnnotation = method.getAnnotation(Timeout.class);
    Duration timeout = defaultTimeout;
    if (timeoutAnnotation != null) {
      if (timeoutAnnotation.millis() <= 0) {
        throw new UnsupportedBindingException(name, backend,
            "@Timeout millis <= 0: " + timeoutAnnotation.millis());
      }
      if (callClass == CallClass.CLEAN) {
        throw new UnsupportedBindingException(name, backend,
            "@Timeout on a clean method: a call on the caller's own thread cannot be abandoned;"
                + " declare it @DirtyCpu or @DirtyIo");
      }
      timeout = Duration.ofMillis(timeoutAnnotation.millis());
    }
    if (callClass == CallClass.CLEAN) {
      timeout = null;
    }
    MethodPlan plan = new MethodPlan(method, name, symbol, List.copyOf(params), result, callClass,
        timeout, method.isAnnotationPresent(CaptureErrno.class), async, cancelIndex);
    if ((backend == Backend.JNR || backend == Backend.JNA) && plan.signature().hasStructByValue()) {
      throw new UnsupportedBindingException(name, backend,
          "structs by value are supported by the FFM backend only; pass it @ByReference or use FFM");
    }
    return plan;
  }

  private static Param param(String name, Backend backend, Class<?> type, Type generic,
      boolean byRef) {
    NativeType.Scalar scalar = NativeType.Scalar.ofPrimitive(type);
    if (scalar != null) {
      return new Param.Primitive(scalar);
    }
    if (type == String.class) return new Param.Utf8String();
    if (type == byte[].class) return new Param.Bytes();
    if (type == ByteBuffer.class) return new Param.DirectBuffer();
    if (type == NativePointer.class) return new Param.Pointer();
    if (type == MemorySegment.class) return new Param.Segment();
    if (type == CancellationFlag.class) return new Param.Cancellation();
    if (NativeResource.class.isAssignableFrom(type)) return new Param.Resource();
    try {
      if (type == StructRef.class) {
        if (generic instanceof ParameterizedType pt
            && pt.getActualTypeArguments()[0] instanceof Class<?> structClass) {
          return new Param.StructPointer(StructType.of(structClass), true);
        }
        throw new UnsupportedBindingException(name, backend,
            "StructRef parameter needs a concrete struct type argument: " + generic);
      }
      if (StructType.isStruct(type)) {
        StructType struct = StructType.of(type);
        return byRef ? new Param.StructPointer(struct, false) : new Param.StructValue(struct);
      }
      if (CallbackType.isCallback(type)) {
        return new Param.FunctionPointer(CallbackType.of(type), CallbackStubs.of(backend));
      }
    } catch (IllegalArgumentException e) {
      throw new UnsupportedBindingException(name, backend, e.getMessage());
    }
    throw new UnsupportedBindingException(name, backend, "parameter type " + type.getName()
        + " has no C image (a @Struct record or a @Callback interface?)");
  }

  private static Result result(String name, Backend backend, Class<?> type) {
    if (type == void.class) return new Result.Void();
    NativeType.Scalar scalar = NativeType.Scalar.ofPrimitive(type);
    if (scalar != null) return new Result.Primitive(scalar);
    if (type == String.class) return new Result.Utf8String();
    if (type == NativePointer.class) return new Result.Pointer(false);
    if (type == MemorySegment.class) return new Result.Pointer(true);
    if (StructType.isStruct(type)) {
      try {
        return new Result.StructValue(StructType.of(type));
      } catch (IllegalArgumentException e) {
        throw new UnsupportedBindingException(name, backend, e.getMessage());
      }
    }
    throw new UnsupportedBindingException(name, backend, "return type " + type.getName()
        + " has no C image");
  }

  private static Result asyncResult(String name, Backend backend, Type generic) {
    if (!(generic instanceof ParameterizedType pt)
        || !(pt.getActualTypeArguments()[0] instanceof Class<?> inner)) {
      throw new UnsupportedBindingException(name, backend,
          "CompletableFuture return needs a concrete type argument: " + generic);
    }
    // Integer becomes int, Void becomes void; other classes stay.
    return result(name, backend, MethodType.methodType(inner).unwrap().returnType());
  }

  private static CallClass callClass(String name, Backend backend, Method method,
      CallClass override) {
    List<CallClass> declared = new ArrayList<>();
    if (method.isAnnotationPresent(Clean.class)) declared.add(CallClass.CLEAN);
    if (method.isAnnotationPresent(DirtyCpu.class)) declared.add(CallClass.DIRTY_CPU);
    if (method.isAnnotationPresent(DirtyIo.class)) declared.add(CallClass.DIRTY_IO);
    if (declared.size() > 1) {
      throw new UnsupportedBindingException(name, backend, "more than one call class: " + declared);
    }
    if (override != null) return override;
    return declared.isEmpty() ? CallClass.CLEAN : declared.get(0);
  }
}
