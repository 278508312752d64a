package dev.bridgekit.ffi.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/** Links through the JDK's FFM API: one downcall handle per function, bound once. */
// Native access on purpose: restricted FFM methods are what this type exists to call.
@SuppressWarnings("restricted")
final class FfmDowncalls implements Downcalls {
  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final MethodHandle SEGMENT_OF_ADDRESS;
  private static final MethodHandle ADDRESS_OF_SEGMENT;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.publicLookup();
      SEGMENT_OF_ADDRESS = l.findStatic(MemorySegment.class, "ofAddress",
          MethodType.methodType(MemorySegment.class, long.class));
      ADDRESS_OF_SEGMENT = l.findVirtual(MemorySegment.class, "address",
          MethodType.methodType(long.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override
  public List<LinkedFunction> link(LoadedLibrary library, List<MethodPlan> plans) {
    List<LinkedFunction> linked = new ArrayList<>();
    for (MethodPlan plan : plans) {
      MemorySegment address = library.symbols().findOrThrow(plan.symbol());
      Signature sig = plan.signature();
      if (plan.captureErrno()) {
        MethodHandle h = LINKER.downcallHandle(address, sig.descriptor(),
            Linker.Option.captureCallState("errno"));
        int statePosition = sig.returnsStruct() ? 1 : 0;
        h = addressesAsLongs(h, sig, statePosition + 1);
        linked.add(new Capturing(spread(h), statePosition));
      } else {
        MethodHandle h = LINKER.downcallHandle(address, sig.descriptor());
        MethodHandle raw = addressesAsLongs(h, sig, sig.returnsStruct() ? 1 : 0);
        linked.add(new Plain(raw.asType(sig.rawType())));
      }
    }
    return linked;
  }

  /** Adapts FFM's {@code MemorySegment} pointers to the raw {@code long} addresses. */
  private static MethodHandle addressesAsLongs(MethodHandle h, Signature sig, int firstParam) {
    MethodHandle out = h;
    List<NativeType> params = sig.params();
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i) == NativeType.Scalar.PTR) {
        out = MethodHandles.filterArguments(out, firstParam + i, SEGMENT_OF_ADDRESS);
      }
    }
    if (sig.result() == NativeType.Scalar.PTR) {
      out = MethodHandles.filterReturnValue(out, ADDRESS_OF_SEGMENT);
    }
    return out;
  }

  private static MethodHandle spread(MethodHandle h) {
    MethodType t = h.type();
    return h.asSpreader(Object[].class, t.parameterCount())
        .asType(MethodType.methodType(Object.class, Object[].class));
  }

  private record Plain(MethodHandle raw) implements LinkedFunction {
    @Override
    public Object invokeCapturing(Object[] rawArgs, int[] errno) {
      throw new IllegalStateException("not linked for errno capture");
    }
  }

  /** A function linked with {@code captureCallState("errno")}: the state segment is per call. */
  private record Capturing(MethodHandle spread, int statePosition) implements LinkedFunction {
    @Override
    public MethodHandle raw() {
      return null;
    }

    @Override
    public Object invokeCapturing(Object[] rawArgs, int[] errno) throws Throwable {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
        Object[] args = new Object[rawArgs.length + 1];
        System.arraycopy(rawArgs, 0, args, 0, statePosition);
        args[statePosition] = state;
        System.arraycopy(rawArgs, statePosition, args, statePosition + 1,
            rawArgs.length - statePosition);
        Errno.clear();
        Object result = (Object) spread.invokeExact(args);
        errno[0] = (int) ERRNO.get(state, 0L);
        return result;
      }
    }
  }
}
