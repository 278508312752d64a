package dev.bridgekit.ffi.internal;

import com.sun.jna.Function;
import com.sun.jna.FunctionMapper;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.lang.constant.ClassDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Links through JNA's direct mapping: a class of {@code static native} methods, generated for the
 * binding and registered with {@code Native.register}, the fastest path JNA has.
 */
final class JnaDowncalls implements Downcalls {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  @Override
  public List<LinkedFunction> link(LoadedLibrary library, List<MethodPlan> plans) {
    List<ClassGen.Declared> declared = new ArrayList<>();
    Map<String, String> symbols = new HashMap<>();
    for (int i = 0; i < plans.size(); i++) {
      String name = "f" + i;
      declared.add(new ClassGen.Declared(name, Downcalls.boolAsByte(plans.get(i).signature().rawType())));
      symbols.put(name, plans.get(i).symbol());
    }
    String className = "bridgekit.generated.JnaLibrary" + SEQUENCE.incrementAndGet();
    Class<?> holder = new ClassGen.Loader(Native.class.getClassLoader())
        .define(className, ClassGen.nativeMethods(ClassDesc.of(className), declared));
    FunctionMapper mapper = (NativeLibrary lib, Method method) -> symbols.get(method.getName());
    NativeLibrary nativeLibrary = NativeLibrary.getInstance(library.location(),
        Map.of(Library.OPTION_FUNCTION_MAPPER, mapper,
            Library.OPTION_CALLING_CONVENTION, Function.C_CONVENTION));
    Native.register(holder, nativeLibrary);
    List<LinkedFunction> linked = new ArrayList<>();
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    for (int i = 0; i < plans.size(); i++) {
      ClassGen.Declared d = declared.get(i);
      MethodType raw = plans.get(i).signature().rawType();
      try {
        MethodHandle h = Downcalls.boolAdapted(lookup.findStatic(holder, d.name(), d.type()), raw);
        linked.add(new Linked(h));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("generated JNA method " + d + " missing: " + e, e);
      }
    }
    return linked;
  }

  /** JNA keeps errno per thread after each call ({@code Native.getLastError}). */
  private record Linked(MethodHandle raw) implements LinkedFunction {
    @Override
    public Object invokeCapturing(Object[] rawArgs, int[] errno) throws Throwable {
      Native.setLastError(0);
      Object result = raw.invokeWithArguments(rawArgs);
      errno[0] = Native.getLastError();
      return result;
    }
  }
}
