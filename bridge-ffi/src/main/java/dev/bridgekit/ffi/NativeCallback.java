package dev.bridgekit.ffi;

import dev.bridgekit.ffi.internal.CallbackType;
import dev.bridgekit.ffi.internal.Guard;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Pid;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A C function pointer that stays valid until closed, for C code that keeps a callback (a handler
 * it calls later, from any of its threads), owned by a process (see {@link NativeResource}).
 * Closing it while C may still call it crashes the JVM: close it only once the C side has let go
 * (or hold a {@link #acquire() lease} while it may call).
 *
 * @param <T> the {@link Callback} interface
 */
public final class NativeCallback<T> extends GuardedResource {
  private final Class<T> type;
  private final T target;
  private final MemorySegment stub;

  private NativeCallback(Class<T> type, T target) {
    this.type = type;
    this.target = target;
    Arena arena = Arena.ofShared();
    MemorySegment upcall = CallbackType.of(type).stub(target, arena);
    this.stub = upcall;
    super(new Guard("callback " + type.getSimpleName() + " at 0x"
        + Long.toHexString(upcall.address()), arena::close));
  }

  /**
   * Returns a function pointer calling {@code target}, owned by the calling process.
   *
   * @throws IllegalArgumentException if {@code type} is not a {@link Callback} interface
   */
  public static <T> NativeCallback<T> of(Class<T> type, T target) {
    Objects.requireNonNull(target, "target");
    return new NativeCallback<>(type, type.cast(target));
  }

  /**
   * Returns a function pointer that, for each call, sends {@code to} a {@link CallbackMessage} with
   * the arguments and returns zero to C: native code on any thread posts to a mailbox, as {@code
   * enif_send}. Owned by the calling process.
   */
  public static <T> NativeCallback<T> sendingTo(Class<T> type, Pid to) {
    Objects.requireNonNull(to, "to");
    CallbackType.of(type); // fails early on a type that is not a callback
    InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
      case "toString" -> "callback " + type.getSimpleName() + " sending to " + to;
      case "hashCode" -> System.identityHashCode(proxy);
      case "equals" -> proxy == args[0];
      default -> send(type, to, method, args);
    };
    T target = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        handler));
    return new NativeCallback<>(type, target);
  }

  private static Object send(Class<?> type, Pid to, Method method, Object[] args) {
    List<Object> values = args == null ? List.of() : Arrays.asList(args);
    Processes.send(to, new CallbackMessage(type, values));
    return zero(method.getReturnType());
  }

  private static Object zero(Class<?> type) {
    if (type == void.class) return null;
    if (type == boolean.class) return false;
    if (type == byte.class) return (byte) 0;
    if (type == short.class) return (short) 0;
    if (type == int.class) return 0;
    if (type == long.class) return 0L;
    if (type == float.class) return 0f;
    if (type == double.class) return 0d;
    return NativePointer.NULL;
  }

  /** Returns the callback interface. */
  public Class<T> type() {
    return type;
  }

  /** Returns the Java object C calls. */
  public T target() {
    return target;
  }

  @Override
  public NativePointer pointer() {
    return new NativePointer(stub.address());
  }

}
