package dev.bridgekit.ffi.internal;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.bridgekit.ffi.NativePointer;
import java.lang.constant.ClassDesc;
import java.lang.foreign.Arena;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * Callbacks through JNA's own mechanism: for each {@code @Callback} interface, a generated
 * interface extending {@link Callback} (pointers as {@link Pointer}, C {@code bool} as a byte),
 * implemented by a proxy that calls the user's object; {@link CallbackReference} makes the native
 * trampoline, which JNA frees once the proxy is garbage.
 */
final class JnaCallbacks implements CallbackStubs {
  static final JnaCallbacks INSTANCE = new JnaCallbacks();
  private static final ClassValue<Class<?>> INTERFACES = CallbackStubs.interfaces(
      "bridgekit.generated.JnaCallback", Native.class.getClassLoader(),
      ClassDesc.of(Callback.class.getName()), "callback", Pointer.class, null);

  private JnaCallbacks() {}

  @Override
  public long stub(CallbackType type, Object target, Arena arena) {
    Class<?> iface = INTERFACES.get(type.type());
    InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
      case "callback" -> type.callFromC(target, args, JnaCallbacks::toJava, JnaCallbacks::toC);
      case "hashCode" -> System.identityHashCode(proxy);
      case "equals" -> proxy == args[0];
      default -> "JNA callback " + type.type().getName();
    };
    Callback proxy = (Callback) Proxy.newProxyInstance(iface.getClassLoader(),
        new Class<?>[] {iface}, handler);
    Pointer pointer = CallbackReference.getFunctionPointer(proxy);
    CallbackStubs.keepUntilClosed(proxy, arena);
    return Pointer.nativeValue(pointer);
  }

  private static Object toJava(Object raw) {
    return raw instanceof Pointer p ? new NativePointer(Pointer.nativeValue(p))
        : raw == null ? NativePointer.NULL : raw;
  }

  private static Object toC(Object value) {
    return value instanceof NativePointer p
        ? (p.address() == 0 ? null : new Pointer(p.address())) : value;
  }
}
