package dev.bridgekit.ffi.internal;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.SegmentAllocator;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * A C function's type: its parameters and its return ({@code null} for {@code void}).
 *
 * @param params the parameter types, in order
 * @param result the return type, or null for void
 */
record Signature(List<NativeType> params, NativeType result) {
  Signature {
    params = List.copyOf(params);
  }

  /**
   * Returns the type of the raw handle every backend links for this signature. A struct returned
   * by value (FFM only) adds a leading {@link SegmentAllocator} that allocates it.
   */
  MethodType rawType() {
    Class<?> ret = result == null ? void.class : result.carrier();
    MethodType type = MethodType.methodType(ret, params.stream().map(NativeType::carrier).toList());
    return returnsStruct() ? type.insertParameterTypes(0, SegmentAllocator.class) : type;
  }

  /** Returns true if the function returns a struct by value. */
  boolean returnsStruct() {
    return result instanceof NativeType.ByValue;
  }

  /** Returns the FFM descriptor of this signature. */
  FunctionDescriptor descriptor() {
    MemoryLayout[] args = params.stream().map(NativeType::layout).toArray(MemoryLayout[]::new);
    return result == null
        ? FunctionDescriptor.ofVoid(args)
        : FunctionDescriptor.of(result.layout(), args);
  }

  /** Returns true if some parameter or the return is a struct by value. */
  boolean hasStructByValue() {
    return result instanceof NativeType.ByValue
        || params.stream().anyMatch(p -> p instanceof NativeType.ByValue);
  }
}
