package dev.bridgekit.ffi.internal;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A C type as a downcall sees it, and the Java carrier every backend's raw handle uses for it:
 * pointers travel as {@code long} addresses, structs by value (FFM only) as segments.
 */
sealed interface NativeType {
  /** Returns the Java type of the raw handle's parameter or return. */
  Class<?> carrier();

  /** Returns the FFM layout of this type. */
  MemoryLayout layout();

  /** A scalar: an integer of some width, a float, a bool or a pointer. */
  enum Scalar implements NativeType {
    I8(byte.class, ValueLayout.JAVA_BYTE),
    I16(short.class, ValueLayout.JAVA_SHORT),
    I32(int.class, ValueLayout.JAVA_INT),
    I64(long.class, ValueLayout.JAVA_LONG),
    F32(float.class, ValueLayout.JAVA_FLOAT),
    F64(double.class, ValueLayout.JAVA_DOUBLE),
    BOOL(boolean.class, ValueLayout.JAVA_BOOLEAN),
    PTR(long.class, ValueLayout.ADDRESS);

    private final Class<?> carrier;
    private final ValueLayout layout;

    Scalar(Class<?> carrier, ValueLayout layout) {
      this.carrier = carrier;
      this.layout = layout;
    }

    @Override
    public Class<?> carrier() {
      return carrier;
    }

    @Override
    public ValueLayout layout() {
      return layout;
    }

    /** Returns the scalar whose Java image is the primitive {@code type}, or null. */
    static Scalar ofPrimitive(Class<?> type) {
      if (type == byte.class) return I8;
      if (type == short.class) return I16;
      if (type == int.class) return I32;
      if (type == long.class) return I64;
      if (type == float.class) return F32;
      if (type == double.class) return F64;
      if (type == boolean.class) return BOOL;
      return null;
    }
  }

  /** A struct passed or returned by value. */
  record ByValue(StructType struct) implements NativeType {
    @Override
    public Class<?> carrier() {
      return MemorySegment.class;
    }

    @Override
    public MemoryLayout layout() {
      return struct.layout();
    }
  }
}
