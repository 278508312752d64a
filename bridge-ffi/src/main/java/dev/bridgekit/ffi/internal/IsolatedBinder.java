package dev.bridgekit.ffi.internal;

import dev.bridgekit.ffi.Backend;
import dev.bridgekit.ffi.BindingException;
import dev.bridgekit.ffi.LibraryNotFoundException;
import dev.bridgekit.ffi.NativeHostException;
import dev.bridgekit.ffi.NativeTimeoutException;
import dev.bridgekit.ffi.SymbolNotFoundException;
import dev.bridgekit.ffi.UnsupportedBindingException;
import dev.bridgekit.runtime.GenServer;
import dev.bridgekit.runtime.NativeDir;
import dev.bridgekit.runtime.StartException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds methods to a library hosted out of process ({@link Backend#ISOLATED}): checks every method
 * can cross a pipe, starts the host under its supervisor, has it load the library and link every
 * symbol (a hello), and returns one handle per method.
 */
final class IsolatedBinder {
  /** The host program native/ builds (native/src/ffihost/bk_ffihost.c). */
  static final String HOST_PROGRAM = "bk_ffihost";
  private static final int INT_REGISTERS = 6;
  private static final int FLOAT_REGISTERS = 8;

  private IsolatedBinder() {}

  /** Returns true for the method that closes an isolated binding: {@code AutoCloseable.close()}. */
  static boolean isClose(Class<?> iface, Method m) {
    return AutoCloseable.class.isAssignableFrom(iface) && m.getName().equals("close")
        && m.getParameterCount() == 0;
  }

  /**
   * Returns the handles of {@code methods} in order: each planned method (its plan in {@code
   * plans}, in the same order as the methods that are not {@link #isClose}) calls the host; a
   * {@code close()} stops it.
   */
  static List<MethodHandle> bind(Binder.Spec<?> spec, List<Method> methods, List<MethodPlan> plans) {
    List<char[]> types = new ArrayList<>();
    List<Character> rets = new ArrayList<>();
    for (MethodPlan plan : plans) {
      types.add(wireTypes(plan));
      rets.add(wireType(plan));
    }
    LibraryLocator.Located library = LibraryLocator.locate(spec.library());
    Path host;
    try {
      host = NativeDir.resolve(HOST_PROGRAM);
    } catch (IllegalStateException e) {
      throw new BindingException("cannot bind " + spec.iface().getName() + " out of process: "
          + e.getMessage(), e);
    }
    List<String> symbols = plans.stream().map(MethodPlan::symbol).toList();
    IsolatedHost running;
    try {
      running = IsolatedHost.start(host, library.location(), symbols);
    } catch (StartException e) {
      throw new BindingException("cannot start the native host " + host + " for "
          + library.requested() + ": " + e.getMessage(), e);
    }
    try {
      hello(running, library, plans);
    } catch (RuntimeException e) {
      running.close();
      throw e;
    }
    List<MethodHandle> handles = new ArrayList<>();
    int next = 0;
    for (Method m : methods) {
      if (isClose(spec.iface(), m)) {
        handles.add(closeHandle(running, m));
        continue;
      }
      int i = next++;
      handles.add(new IsolatedCall(plans.get(i), i, rets.get(i), types.get(i), running).handle());
    }
    return handles;
  }

  /** Asks the host whether the library loaded and every symbol linked; throws what binding would. */
  private static void hello(IsolatedHost host, LibraryLocator.Located library,
      List<MethodPlan> plans) {
    byte[] reply;
    try {
      reply = host.call("(hello)", HostProtocol.hello(), GenServer.DEFAULT_TIMEOUT);
    } catch (NativeHostException | NativeTimeoutException e) {
      // Crashed or hung loading the library (its constructors run in dlopen).
      throw new BindingException("the native host of " + library.requested()
          + " failed at start: " + e.getMessage(), e);
    }
    switch (HostProtocol.read(reply, 'v', 0)) {
      case HostProtocol.Linked l -> {}
      case HostProtocol.Failed f when f.code() == HostProtocol.ERR_LIBRARY -> {
        List<String> tried = new ArrayList<>(library.tried());
        tried.add("dlopen(\"" + library.location() + "\") in " + HOST_PROGRAM + " (" + f.text()
            + ")");
        throw new LibraryNotFoundException(library.requested(), tried);
      }
      case HostProtocol.Failed f when f.code() == HostProtocol.ERR_SYMBOL
          && f.function() < plans.size() -> {
        MethodPlan plan = plans.get(f.function());
        throw new SymbolNotFoundException(library.location(), plan.symbol(), plan.name());
      }
      default -> throw new BindingException("the native host of " + library.requested()
          + " answered its hello with " + HostProtocol.read(reply, 'v', 0));
    }
  }

  /** Returns the wire types of the plan's parameters, or throws naming the first that cannot cross. */
  private static char[] wireTypes(MethodPlan plan) {
    List<Param> params = plan.params();
    char[] types = new char[params.size()];
    int ints = 0;
    int floats = 0;
    for (int i = 0; i < types.length; i++) {
      char t = switch (params.get(i)) {
        case Param.Primitive p -> HostProtocol.typeOf(p.nativeType());
        case Param.Utf8String s -> 'S';
        case Param.Bytes b -> 'B';
        default -> 0;
      };
      if (t == 0) {
        throw cannotCross(plan, "parameter " + i + " ("
            + plan.method().getParameterTypes()[i].getSimpleName() + ")");
      }
      if (HostProtocol.isFloating(t)) {
        floats++;
      } else {
        ints++;
      }
      types[i] = t;
    }
    if (ints > INT_REGISTERS || floats > FLOAT_REGISTERS) {
      throw new UnsupportedBindingException(plan.name(), Backend.ISOLATED, ints + " integer-class"
          + " and " + floats + " floating arguments: the host passes at most " + INT_REGISTERS
          + " and " + FLOAT_REGISTERS + " (those that go in registers)");
    }
    return types;
  }

  private static char wireType(MethodPlan plan) {
    char t = switch (plan.result()) {
      case Result.Void v -> 'v';
      case Result.Primitive p -> HostProtocol.typeOf(p.nativeType());
      case Result.Utf8String s -> 'S';
      default -> 0;
    };
    if (t == 0) {
      throw cannotCross(plan, "its return type ("
          + plan.method().getGenericReturnType().getTypeName() + ")");
    }
    return t;
  }

  private static UnsupportedBindingException cannotCross(MethodPlan plan, String what) {
    return new UnsupportedBindingException(plan.name(), Backend.ISOLATED, what + " cannot cross"
        + " to an out-of-process host, which passes integers, float, double, boolean, String"
        + " and byte[] only (no pointers into this JVM: buffers, segments, structs, callbacks,"
        + " resources, cancellation flags)");
  }

  private static MethodHandle closeHandle(IsolatedHost host, Method m) {
    try {
      MethodHandle close = MethodHandles.lookup().findVirtual(IsolatedHost.class, "close",
          MethodType.methodType(void.class)).bindTo(host);
      return close.asType(MethodType.methodType(m.getReturnType()));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("IsolatedHost.close missing: " + e, e);
    }
  }
}
