package dev.bridgekit.ffi.internal;

import java.lang.constant.ClassDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/**
 * Links through jnr-ffi: an interface generated for the binding, whose implementation jnr-ffi
 * generates in turn; methods without errno capture skip jnr's errno saving.
 */
final class JnrDowncalls implements Downcalls {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  @Override
  public List<LinkedFunction> link(LoadedLibrary library, List<MethodPlan> plans) {
    List<ClassGen.Declared> declared = new ArrayList<>();
    List<Boolean> saveErrno = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      declared.add(new ClassGen.Declared("f" + i,
          Downcalls.boolAsByte(plans.get(i).signature().rawType())));
      saveErrno.add(plans.get(i).captureErrno());
    }
    String className = "bridgekit.generated.JnrLibrary" + SEQUENCE.incrementAndGet();
    Class<?> iface = new ClassGen.Loader(LibraryLoader.class.getClassLoader())
        .define(className, ClassGen.jnrInterface(ClassDesc.of(className), declared, saveErrno));
    LibraryLoader<?> loader = LibraryLoader.create(iface).failImmediately();
    for (int i = 0; i < plans.size(); i++) {
      loader.map("f" + i, plans.get(i).symbol());
    }
    Object instance = loader.load(library.location());
    Runtime runtime = Runtime.getRuntime(instance);
    List<LinkedFunction> linked = new ArrayList<>();
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    for (int i = 0; i < plans.size(); i++) {
      ClassGen.Declared d = declared.get(i);
      MethodType raw = plans.get(i).signature().rawType();
      try {
        MethodHandle h = lookup.findVirtual(iface, d.name(), d.type()).bindTo(instance);
        linked.add(new Linked(Downcalls.boolAdapted(h, raw), runtime));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("generated jnr-ffi method " + d + " missing: " + e, e);
      }
    }
    return linked;
  }

  private record Linked(MethodHandle raw, Runtime runtime) implements LinkedFunction {
    @Override
    public Object invokeCapturing(Object[] rawArgs, int[] errno) throws Throwable {
      LastError.setLastError(runtime, 0);
      Object result = raw.invokeWithArguments(rawArgs);
      errno[0] = LastError.getLastError(runtime);
      return result;
    }
  }
}
