package dev.bridgekit.ffi;

import java.lang.foreign.MemorySegment;

/**
 * Carries a C pointer through a binding in any backend: an address, nothing more. It owns nothing
 * and knows no size; {@link #segment(long)} views the memory behind it through FFM.
 *
 * @param address the address; 0 is {@code NULL}
 */
// Native access on purpose: restricted FFM methods are what this type exists to call.
@SuppressWarnings("restricted")
public record NativePointer(long address) {
  /** The {@code NULL} pointer. */
  public static final NativePointer NULL = new NativePointer(0);

  /** Returns a pointer to where {@code segment} starts; {@code segment} must be native. */
  public static NativePointer of(MemorySegment segment) {
    if (!segment.isNative()) {
      throw new IllegalArgumentException("not a native segment: " + segment);
    }
    return new NativePointer(segment.address());
  }

  /** Returns true for {@code NULL}. */
  public boolean isNull() {
    return address == 0;
  }

  /**
   * Returns a view of {@code byteSize} bytes at this address, in the global scope: reading past
   * what the C side allocated, or after it freed it, is undefined behaviour, as in C.
   */
  public MemorySegment segment(long byteSize) {
    if (byteSize < 0) {
      throw new IllegalArgumentException("byteSize < 0: " + byteSize);
    }
    return MemorySegment.ofAddress(address).reinterpret(byteSize);
  }

  /** Reads the NUL-terminated UTF-8 string at this address; {@code null} for {@code NULL}. */
  public String readString() {
    return isNull() ? null : MemorySegment.ofAddress(address).reinterpret(Long.MAX_VALUE).getString(0);
  }

  @Override
  public String toString() {
    return "NativePointer[0x" + Long.toHexString(address) + "]";
  }
}
