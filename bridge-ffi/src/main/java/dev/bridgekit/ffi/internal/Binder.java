package dev.bridgekit.ffi.internal;

import dev.bridgekit.ffi.Backend;
import dev.bridgekit.ffi.BindingException;
import dev.bridgekit.ffi.CallClass;
import dev.bridgekit.ffi.DirtyExecutor;
import dev.bridgekit.ffi.LibrarySource;
import dev.bridgekit.ffi.SymbolNotFoundException;
import java.lang.constant.ClassDesc;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Binds an interface: plans every method, opens the library, checks every symbol, links through
 * the backend, and defines a hidden class whose methods invoke one constant handle each (a direct
 * clean call timed around it in the method's own bytecode).
 */
public final class Binder {
  private Binder() {}

  /**
   * What to bind, as {@code dev.bridgekit.ffi.Binding} collected it.
   *
   * @param <T> the interface
   * @param iface the interface
   * @param library where the library comes from
   * @param backend the backend
   * @param callClasses call classes by method name, over the annotations
   * @param timeout the default timeout of dirty calls, or null
   * @param dirtyCpu the executor of dirty CPU calls
   * @param dirtyIo the executor of dirty IO and asynchronous calls
   * @param longCallThreshold how long a clean call may take before it is reported
   */
  public record Spec<T>(
      Class<T> iface,
      LibrarySource library,
      Backend backend,
      Map<String, CallClass> callClasses,
      Duration timeout,
      DirtyExecutor dirtyCpu,
      DirtyExecutor dirtyIo,
      Duration longCallThreshold) {}

  /** Binds {@code spec}; see {@code Binding.bind()} for what it throws. */
  public static <T> T bind(Spec<T> spec) {
    Class<T> iface = spec.iface();
    if (!Modifier.isPublic(iface.getModifiers())) {
      throw new BindingException("interface " + iface.getName() + " is not public");
    }
    List<Method> methods = new ArrayList<>();
    for (Method m : iface.getMethods()) {
      if (Modifier.isAbstract(m.getModifiers())) {
        methods.add(m);
      }
    }
    methods.sort(Comparator.comparing(Method::getName).thenComparing(Method::toGenericString));
    boolean isolated = spec.backend() == Backend.ISOLATED;
    List<MethodPlan> plans = new ArrayList<>();
    for (Method m : methods) {
      if (!(isolated && IsolatedBinder.isClose(iface, m))) {
        plans.add(MethodPlan.of(m, spec.backend(), spec.callClasses(), spec.timeout()));
      }
    }
    for (String name : spec.callClasses().keySet()) {
      if (methods.stream().noneMatch(m -> m.getName().equals(name))) {
        throw new BindingException("call class set for " + name + ", which "
            + iface.getName() + " does not declare");
      }
    }
    if (isolated) {
      return instantiate(iface, methods, IsolatedBinder.bind(spec, methods, plans).stream()
          .map(h -> new ClassGen.Body(h, null)).toList());
    }
    LoadedLibrary library = LibraryLocator.open(spec.library());
    for (MethodPlan plan : plans) {
      if (library.symbols().find(plan.symbol()).isEmpty()) {
        throw new SymbolNotFoundException(library.location(), plan.symbol(), plan.name());
      }
    }
    List<LinkedFunction> linked = Downcalls.of(spec.backend()).link(library, plans);
    long threshold = spec.longCallThreshold().toNanos();
    List<ClassGen.Body> bodies = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      MethodPlan plan = plans.get(i);
      LongCallMonitor.Check check = new LongCallMonitor.Check(plan.symbol(), threshold);
      MethodType type = MethodType.methodType(plan.method().getReturnType(),
          plan.method().getParameterTypes());
      if (plan.isDirect()) {
        // Timed in the bound class's bytecode, not by combinators: see ClassGen.implementation.
        bodies.add(new ClassGen.Body(linked.get(i).raw().asType(type), check));
      } else {
        DirtyExecutor executor = plan.callClass() == CallClass.DIRTY_CPU
            ? spec.dirtyCpu() : spec.dirtyIo();
        bodies.add(new ClassGen.Body(
            new Invocation(plan, linked.get(i), executor, check).handle(), null));
      }
    }
    return instantiate(iface, methods, bodies);
  }

  private static <T> T instantiate(Class<T> iface, List<Method> methods,
      List<ClassGen.Body> bodies) {
    // The hidden class lives in this module and implements the user's interface: this module
    // must read the interface's module for the class to link.
    Binder.class.getModule().addReads(iface.getModule());
    ClassGen.Implementation impl = ClassGen.implementation(
        ClassDesc.of(Binder.class.getPackageName() + ".Bound"), iface, methods, bodies);
    try {
      MethodHandles.Lookup hidden = MethodHandles.lookup()
          .defineHiddenClassWithClassData(impl.bytes(), List.copyOf(impl.classData()), true);
      Object instance = hidden.findConstructor(hidden.lookupClass(),
          MethodType.methodType(void.class)).invoke();
      hidden.findStatic(hidden.lookupClass(), ClassGen.PRIME, MethodType.methodType(void.class))
          .invoke();
      return iface.cast(instance);
    } catch (IllegalAccessException e) {
      throw new BindingException("interface " + iface.getName() + " is not accessible to"
          + " dev.bridgekit.ffi (export or open its package to it): " + e.getMessage(), e);
    } catch (Throwable t) {
      throw new BindingException("defining the implementation of " + iface.getName() + ": " + t, t);
    }
  }
}
