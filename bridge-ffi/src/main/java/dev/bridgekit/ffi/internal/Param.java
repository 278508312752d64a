package dev.bridgekit.ffi.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import dev.bridgekit.ffi.CancellationFlag;
import dev.bridgekit.ffi.NativePointer;
import dev.bridgekit.ffi.NativeResource;
import dev.bridgekit.ffi.StructRef;

/**
 * How one Java parameter of a bound method becomes one C argument: its native type, and the copy
 * into native memory (made in the call's arena, on the thread that makes the call) and back.
 */
sealed interface Param {
  /** Returns the C type the argument has. */
  NativeType nativeType();

  /** Returns the raw argument for {@code value}, allocating what it needs in {@code arena}. */
  Object toNative(Object value, Arena arena);

  /**
   * Reads back what the call changed, for parameters that copy out, and ends what the argument
   * holds for the call. Runs after the call, also when it failed.
   */
  default void afterCall(Object value, Object raw) {}

  /** Returns true if the parameter passes its value unchanged (primitives). */
  default boolean isDirect() {
    return false;
  }

  /** A primitive, passed as is. */
  record Primitive(NativeType.Scalar nativeType) implements Param {
    @Override
    public Object toNative(Object value, Arena arena) {
      return value;
    }

    @Override
    public boolean isDirect() {
      return true;
    }
  }

  /** A {@code String}, passed as a NUL-terminated UTF-8 copy ({@code null} as {@code NULL}). */
  record Utf8String() implements Param {
    @Override
    public NativeType nativeType() {
      return NativeType.Scalar.PTR;
    }

    @Override
    public Object toNative(Object value, Arena arena) {
      return value == null ? 0L : arena.allocateFrom((String) value, StandardCharsets.UTF_8).address();
    }
  }

  /** A {@code byte[]}, copied in before the call and back out after it. */
  record Bytes() implements Param {
    @Override
    public NativeType nativeType() {
      return NativeType.Scalar.PTR;
    }

    @Override
    public Object toNative(Object value, Arena arena) {
      if (value == null) {
        return 0L;
      }
      byte[] bytes = (byte[]) value;
      MemorySegment copy = arena.allocate(Math.max(1, bytes.length));
      MemorySegment.copy(bytes, 0, copy, ValueLayout.JAVA_BYTE, 0, bytes.length);
      return copy;
    }

    @Override
    public void afterCall(Object value, Object raw) {
      if (value != null) {
        byte[] bytes = (byte[]) value;
        MemorySegment.copy((MemorySegment) raw, ValueLayout.JAVA_BYTE, 0, bytes, 0, bytes.length);
      }
    }
  }

  /** A direct {@code ByteBuffer}, passed as a pointer to its position; no copy. */
  record DirectBuffer() implements Param {
    @Override
    public NativeType nativeType() {
      return NativeType.Scalar.PTR;
    }

    @Override
    public Object toNative(Object value, Arena arena) {
      if (value == null) {
        return 0L;
      }
      ByteBuffer buffer = (ByteBuffer) value;
      if (!buffer.isDirect()) {
        throw new IllegalArgumentException("a heap ByteBuffer cannot be passed to C; use a direct"
            + " one or byte[]: " + buffer);
      }
      return MemorySegment.ofBuffer(buffer).address();
    }
  }

  /** A {@link NativePointer}, passed as its address. */
  record Pointer() implements Param {
    @Override
    public NativeType nativeType() {
      return NativeType.Scalar.PTR;
    }

    @Override
    public Object toNative(Object value, Arena arena) {
      return value == null ? 0L : ((NativePointer) value).address();
    }
  }

  /** A native {@link MemorySegment}, passed as its address. */
  record Segment() implements Param {
    @Override
    public NativeType nativeType() {
      return NativeType.Scalar.PTR;
    }

    @Override
    public Object toNative(Object value, Arena arena) {
      if (value == null) {
        return 0L;
      }
      MemorySegment segment = (MemorySegment) value;
      if (!segment.isNative()) {
        throw new IllegalArgumentException("a heap segment cannot be passed to C: " + segment);
      }
      return segment.address();
    }
  }

  /** A struct by value (FFM only): a copy in the call's arena. */
  record StructValue(StructType struct) implements Param {
    @Override
    public NativeType nativeType() {
      return new NativeType.ByValue(struct);
    }

    @Override
    public Object toNative(Object value, Arena arena) {
      MemorySegment copy = arena.allocate(struct.layout());
      struct.write(copy, 0, java.util.Objects.requireNonNull(value, "struct passed by value"));
      return copy;
    }
  }

  /** A struct by reference, copied in ({@code @ByReference}), or in and out ({@code StructRef}). */
  record StructPointer(StructType struct, boolean copyOut) implements Param {
    @Override
    public NativeType nativeType() {
      return NativeType.Scalar.PTR;
    }

    @Override
    public Object toNative(Object value, Arena arena) {
      if (value == null) {
        return 0L;
      }
      Object struct = copyOut ? ((StructRef<?>) value).get() : value;
      MemorySegment copy = arena.allocate(this.struct.layout());
      this.struct.write(copy, 0, struct);
      return copy;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void afterCall(Object value, Object raw) {
      if (copyOut && value != null) {
        ((StructRef) value).set((Record) struct.read((MemorySegment) raw, 0));
      }
    }
  }

  /**
   * A {@code @Callback} object, passed as a function pointer the backend makes (see
   * CallbackStubs) that lives for the call.
   */
  record FunctionPointer(CallbackType callback, CallbackStubs stubs) implements Param {
    @Override
    public NativeType nativeType() {
      return NativeType.Scalar.PTR;
    }

    @Override
    public Object toNative(Object value, Arena arena) {
      return value == null ? 0L : stubs.stub(callback, value, arena);
    }
  }

  /**
   * A {@link NativeResource}, passed as its address under a lease: a resource closed during the
   * call (or whose owner exits) is released when the call returns.
   */
  record Resource() implements Param {
    @Override
    public NativeType nativeType() {
      return NativeType.Scalar.PTR;
    }

    @Override
    public Object toNative(Object value, Arena arena) {
      if (value == null) {
        return 0L;
      }
      NativeResource resource = (NativeResource) value;
      return new Leased(resource.acquire(), resource.pointer().address());
    }

    @Override
    public void afterCall(Object value, Object raw) {
      if (raw instanceof Leased leased) {
        leased.lease().close();
      }
    }
  }

  /** A lease held for a call, and the address it guards. */
  record Leased(NativeResource.Lease lease, long address) {}

  /** A {@link CancellationFlag}, passed as a pointer to its {@code int32_t}. */
  record Cancellation() implements Param {
    @Override
    public NativeType nativeType() {
      return NativeType.Scalar.PTR;
    }

    @Override
    public Object toNative(Object value, Arena arena) {
      return value == null ? 0L : ((CancellationFlag) value).pointer().address();
    }
  }
}
