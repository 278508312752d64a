package dev.bridgekit.ffi.internal;

import dev.bridgekit.ffi.NativePointer;
import java.lang.constant.ClassDesc;
import java.lang.foreign.Arena;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Callbacks through jnr-ffi's own mechanism: for each {@code @Callback} interface, a generated
 * interface whose one method is {@code @Delegate} (pointers as jnr's {@link Pointer}, C {@code
 * bool} as a byte), implemented by a proxy that calls the user's object; jnr-ffi's closure manager
 * makes the native closure, which it reclaims once the proxy is garbage.
 */
final class JnrCallbacks implements CallbackStubs {
  static final JnrCallbacks INSTANCE = new JnrCallbacks();
  private static final ClassValue<Class<?>> INTERFACES = CallbackStubs.interfaces(
      "bridgekit.generated.JnrCallback", LibraryLoader.class.getClassLoader(), null, "invoke",
      Pointer.class, ClassDesc.of("jnr.ffi.annotations.Delegate"));

  private JnrCallbacks() {}

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public long stub(CallbackType type, Object target, Arena arena) {
    Class iface = INTERFACES.get(type.type());
    InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
      case "invoke" -> type.callFromC(target, args, JnrCallbacks::toJava, JnrCallbacks::toC);
      case "hashCode" -> System.identityHashCode(proxy);
      case "equals" -> proxy == args[0];
      default -> "jnr-ffi closure " + type.type().getName();
    };
    Object proxy = Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, handler);
    Pointer pointer = Runtime.getSystemRuntime().getClosureManager()
        .getClosurePointer(iface, proxy);
    CallbackStubs.keepUntilClosed(new Object[] {proxy, pointer}, arena);
    return pointer.address();
  }

  private static Object toJava(Object raw) {
    return raw instanceof Pointer p ? new NativePointer(p.address())
        : raw == null ? NativePointer.NULL : raw;
  }

  private static Object toC(Object value) {
    return value instanceof NativePointer p
        ? (p.address() == 0 ? null : Pointer.wrap(Runtime.getSystemRuntime(), p.address()))
        : value;
  }
}
