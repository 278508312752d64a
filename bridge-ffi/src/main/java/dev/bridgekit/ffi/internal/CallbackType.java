package dev.bridgekit.ffi.internal;

import dev.bridgekit.ffi.Callback;
import dev.bridgekit.ffi.NativePointer;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The C function pointer type a {@link Callback} interface stands for, and the making of FFM
 * upcall stubs that call an instance of it; the jnr-ffi and JNA backends make their own (see
 * CallbackStubs) and call through {@link #callFromC}.
 */
// Native access on purpose: restricted FFM methods are what this type exists to call.
@SuppressWarnings("restricted")
public final class CallbackType {
  private static final Logger LOG = LoggerFactory.getLogger(CallbackType.class);
  private static final ClassValue<CallbackType> CACHE = new ClassValue<>() {
    @Override
    protected CallbackType computeValue(Class<?> type) {
      return build(type);
    }
  };
  private static final MethodHandle POINTER_OF_SEGMENT;
  private static final MethodHandle LOG_FAILURE;
  private static final MethodHandle ADDRESS_OF_POINTER;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      POINTER_OF_SEGMENT = lookup.findStatic(CallbackType.class, "pointerOf",
          MethodType.methodType(NativePointer.class, MemorySegment.class));
      LOG_FAILURE = lookup.findStatic(CallbackType.class, "logFailure",
          MethodType.methodType(void.class, String.class, Throwable.class));
      ADDRESS_OF_POINTER = lookup.findStatic(CallbackType.class, "segmentOf",
          MethodType.methodType(MemorySegment.class, NativePointer.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Class<?> type;
  private final Method method;
  private final FunctionDescriptor descriptor;

  private CallbackType(Class<?> type, Method method, FunctionDescriptor descriptor) {
    this.type = type;
    this.method = method;
    this.descriptor = descriptor;
  }

  /**
   * Returns the function pointer type of the {@link Callback} interface {@code type}.
   *
   * @throws IllegalArgumentException naming the type and what is wrong with it
   */
  public static CallbackType of(Class<?> type) {
    try {
      return CACHE.get(type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Returns true if {@code type} is an interface annotated {@link Callback}. */
  static boolean isCallback(Class<?> type) {
    return type.isInterface() && type.isAnnotationPresent(Callback.class);
  }

  private static CallbackType build(Class<?> type) {
    if (!isCallback(type)) {
      throw new IllegalArgumentException(type.getName() + " is not an interface annotated @Callback");
    }
    List<Method> abstracts = new ArrayList<>();
    for (Method m : type.getMethods()) {
      if (Modifier.isAbstract(m.getModifiers())) {
        abstracts.add(m);
      }
    }
    if (abstracts.size() != 1) {
      throw new IllegalArgumentException("callback " + type.getName()
          + " must have exactly one abstract method, has " + abstracts.size());
    }
    Method m = abstracts.get(0);
    List<MemoryLayout> params = new ArrayList<>();
    for (Class<?> p : m.getParameterTypes()) {
      params.add(layoutOf(type, p));
    }
    MemoryLayout[] args = params.toArray(MemoryLayout[]::new);
    FunctionDescriptor fd = m.getReturnType() == void.class
        ? FunctionDescriptor.ofVoid(args)
        : FunctionDescriptor.of(layoutOf(type, m.getReturnType()), args);
    return new CallbackType(type, m, fd);
  }

  private static MemoryLayout layoutOf(Class<?> callback, Class<?> t) {
    if (t == NativePointer.class) {
      return ValueLayout.ADDRESS;
    }
    NativeType.Scalar s = NativeType.Scalar.ofPrimitive(t);
    if (s == null) {
      throw new IllegalArgumentException("callback " + callback.getName() + " uses type "
          + t.getName() + "; callbacks take and return primitives and NativePointer only");
    }
    return s.layout();
  }

  /** Returns the interface. */
  Class<?> type() {
    return type;
  }

  /** Returns the interface's one abstract method. */
  Method method() {
    return method;
  }

  /**
   * Returns the type a backend's own callback declares for {@code m}: {@link NativePointer} as
   * {@code pointer}, {@code boolean} as {@code byte} (a C {@code bool} is one byte).
   */
  static MethodType rawType(Method m, Class<?> pointer) {
    Class<?>[] params = m.getParameterTypes();
    Class<?>[] raw = new Class<?>[params.length];
    for (int i = 0; i < params.length; i++) {
      raw[i] = rawClass(params[i], pointer);
    }
    return MethodType.methodType(rawClass(m.getReturnType(), pointer), raw);
  }

  private static Class<?> rawClass(Class<?> t, Class<?> pointer) {
    return t == NativePointer.class ? pointer : t == boolean.class ? byte.class : t;
  }

  /**
   * Calls {@code target} with the arguments a backend's own callback received (of {@link
   * #rawType}), {@code pointerIn} turning the backend's pointers into {@link NativePointer}s and
   * {@code pointerOut} the other way; returns the raw result. As for a stub, an exception is
   * logged and C gets zero.
   */
  Object callFromC(Object target, Object[] rawArgs, Function<Object, Object> pointerIn,
      Function<Object, Object> pointerOut) {
    Class<?>[] params = method.getParameterTypes();
    Object[] args = new Object[params.length];
    for (int i = 0; i < params.length; i++) {
      Object raw = rawArgs[i];
      args[i] = params[i] == NativePointer.class ? pointerIn.apply(raw)
          : params[i] == boolean.class ? (Byte) raw != 0 : raw;
    }
    Class<?> returns = method.getReturnType();
    try {
      Object result = bound(target).invokeWithArguments(args);
      return returns == NativePointer.class ? pointerOut.apply(result)
          : returns == boolean.class ? (byte) ((Boolean) result ? 1 : 0) : result;
    } catch (Throwable t) {
      logFailure(type.getName(), t);
      Class<?> raw = rawClass(returns, Object.class);
      return raw == void.class || raw == Object.class ? null : zero(raw);
    }
  }

  private static Object zero(Class<?> primitive) {
    try {
      return MethodHandles.zero(primitive).invoke();
    } catch (Throwable t) {
      throw new IllegalStateException("zero of " + primitive, t);
    }
  }

  /** Returns the handle calling the callback method on {@code target}. */
  private MethodHandle bound(Object target) {
    try {
      CallbackType.class.getModule().addReads(type.getModule());
      return MethodHandles.lookup().unreflect(method).bindTo(type.cast(target));
    } catch (IllegalAccessException e) {
      throw new IllegalArgumentException("callback " + type.getName()
          + " is not accessible (a public interface in a package open to dev.bridgekit.ffi): " + e, e);
    }
  }

  /**
   * Returns an upcall stub calling {@code target}, valid until {@code arena} closes. An exception
   * {@code target} throws is logged and the C side gets zero: an exception must not unwind
   * through C frames (FFM would end the JVM).
   */
  public MemorySegment stub(Object target, Arena arena) {
    MethodHandle handle = bound(target);
    Class<?>[] params = method.getParameterTypes();
    for (int i = 0; i < params.length; i++) {
      if (params[i] == NativePointer.class) {
        handle = MethodHandles.filterArguments(handle, i, POINTER_OF_SEGMENT);
      }
    }
    if (method.getReturnType() == NativePointer.class) {
      handle = MethodHandles.filterReturnValue(handle, ADDRESS_OF_POINTER);
    }
    MethodType t = handle.type();
    MethodHandle onFailure = MethodHandles.dropArguments(
        MethodHandles.zero(t.returnType()), 0, t.parameterList());
    onFailure = MethodHandles.dropArguments(onFailure, 0, Throwable.class);
    onFailure = MethodHandles.foldArguments(onFailure, LOG_FAILURE.bindTo(type.getName()));
    handle = MethodHandles.catchException(handle, Throwable.class, onFailure);
    return Linker.nativeLinker().upcallStub(handle, descriptor, arena);
  }

  private static NativePointer pointerOf(MemorySegment segment) {
    return new NativePointer(segment.address());
  }

  private static MemorySegment segmentOf(NativePointer pointer) {
    return MemorySegment.ofAddress(pointer == null ? 0 : pointer.address());
  }

  private static void logFailure(String callback, Throwable t) {
    LOG.error("callback {} threw; C gets zero: {}", callback, t.toString(), t);
  }
}
