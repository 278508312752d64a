package dev.bridgekit.ffi.internal;

import dev.bridgekit.ffi.NativePointer;
import java.lang.foreign.MemorySegment;

/** How a C return value becomes the Java value a bound method returns. */
sealed interface Result {
  /** Returns the C type returned, or null for void. */
  NativeType nativeType();

  /** Returns the Java value for the raw return {@code raw}. */
  Object fromNative(Object raw);

  /** Returns true if {@code raw} is the value that, with errno capture, means the call failed. */
  boolean isFailure(Object raw, int errno);

  /** No value. */
  record Void() implements Result {
    @Override
    public NativeType nativeType() {
      return null;
    }

    @Override
    public Object fromNative(Object raw) {
      return null;
    }

    @Override
    public boolean isFailure(Object raw, int errno) {
      return errno != 0;
    }
  }

  /** A primitive, returned as is; {@code -1} is the failure value of integers. */
  record Primitive(NativeType.Scalar nativeType) implements Result {
    @Override
    public Object fromNative(Object raw) {
      return raw;
    }

    @Override
    public boolean isFailure(Object raw, int errno) {
      return switch (raw) {
        case Byte b -> b == -1;
        case Short s -> s == -1;
        case Integer i -> i == -1;
        case Long l -> l == -1;
        default -> errno != 0;
      };
    }
  }

  /** A {@code char *}, copied into a String (the C string is not freed); NULL is null. */
  record Utf8String() implements Result {
    @Override
    public NativeType nativeType() {
      return NativeType.Scalar.PTR;
    }

    @Override
    public Object fromNative(Object raw) {
      return new NativePointer((Long) raw).readString();
    }

    @Override
    public boolean isFailure(Object raw, int errno) {
      return (Long) raw == 0;
    }
  }

  /** A pointer, as a {@link NativePointer} or a zero-length {@link MemorySegment}. */
  record Pointer(boolean asSegment) implements Result {
    @Override
    public NativeType nativeType() {
      return NativeType.Scalar.PTR;
    }

    @Override
    public Object fromNative(Object raw) {
      long address = (Long) raw;
      return asSegment ? MemorySegment.ofAddress(address) : new NativePointer(address);
    }

    @Override
    public boolean isFailure(Object raw, int errno) {
      return (Long) raw == 0;
    }
  }

  /** A struct by value (FFM only), read into its record. */
  record StructValue(StructType struct) implements Result {
    @Override
    public NativeType nativeType() {
      return new NativeType.ByValue(struct);
    }

    @Override
    public Object fromNative(Object raw) {
      return struct.read((MemorySegment) raw, 0);
    }

    @Override
    public boolean isFailure(Object raw, int errno) {
      return errno != 0;
    }
  }
}
