package dev.bridgekit.ffi.internal;

import dev.bridgekit.ffi.Backend;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/** Links the functions of one binding through one backend. */
interface Downcalls {
  /**
   * Returns the linked functions for {@code plans}, in order. The symbols were checked to exist.
   */
  List<LinkedFunction> link(LoadedLibrary library, List<MethodPlan> plans);

  /** Returns the linker of {@code backend}. */
  static Downcalls of(Backend backend) {
    return switch (backend) {
      case FFM -> new FfmDowncalls();
      case JNR -> new JnrDowncalls();
      case JNA -> new JnaDowncalls();
      case ISOLATED -> throw new IllegalArgumentException(
          "ISOLATED bindings call their host, not in-process downcalls");
    };
  }

  /**
   * Returns {@code raw}'s type with {@code boolean} replaced by {@code byte}, for the backends
   * that have no C {@code bool}: a C {@code bool} is one byte, 0 or 1, in the SysV and AAPCS ABIs.
   */
  static MethodType boolAsByte(MethodType raw) {
    MethodType t = raw;
    for (int i = 0; i < t.parameterCount(); i++) {
      if (t.parameterType(i) == boolean.class) {
        t = t.changeParameterType(i, byte.class);
      }
    }
    return t.returnType() == boolean.class ? t.changeReturnType(byte.class) : t;
  }

  /** Adapts a handle of {@link #boolAsByte} type to the raw type, converting bools. */
  static MethodHandle boolAdapted(MethodHandle handle, MethodType raw) {
    MethodHandle h = handle;
    for (int i = 0; i < raw.parameterCount(); i++) {
      if (raw.parameterType(i) == boolean.class) {
        h = MethodHandles.filterArguments(h, i, Bools.TO_BYTE);
      }
    }
    if (raw.returnType() == boolean.class) {
      h = MethodHandles.filterReturnValue(h, Bools.TO_BOOLEAN);
    }
    return h;
  }

  /** The conversions between Java's boolean and C's one-byte bool. */
  final class Bools {
    static final MethodHandle TO_BYTE;
    static final MethodHandle TO_BOOLEAN;

    static {
      try {
        MethodHandles.Lookup l = MethodHandles.lookup();
        TO_BYTE = l.findStatic(Bools.class, "toByte", MethodType.methodType(byte.class, boolean.class));
        TO_BOOLEAN = l.findStatic(Bools.class, "toBoolean", MethodType.methodType(boolean.class, byte.class));
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private Bools() {}

    private static byte toByte(boolean b) {
      return b ? (byte) 1 : (byte) 0;
    }

    private static boolean toBoolean(byte b) {
      return b != 0;
    }
  }
}
