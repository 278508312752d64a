package dev.bridgekit.ffi;

import dev.bridgekit.ffi.internal.Guard;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A block of native memory owned by a process (see {@link NativeResource}): freed when closed or
 * when its owner exits. The memory is zeroed when allocated and readable and writable from every
 * thread, so a dirty call's worker can use it; after release, {@link #segment()} access throws.
 */
public final class NativeMemory extends GuardedResource {
  private final Arena arena;
  private final MemorySegment segment;

  private NativeMemory(long byteSize, long alignment) {
    Arena shared = Arena.ofShared();
    MemorySegment allocated = shared.allocate(byteSize, alignment);
    this.arena = shared;
    this.segment = allocated;
    super(new Guard("native memory of " + byteSize + " bytes at 0x"
        + Long.toHexString(allocated.address()), shared::close));
  }

  /** Allocates {@code byteSize} zeroed bytes aligned for any C type, owned by the calling process. */
  public static NativeMemory allocate(long byteSize) {
    return allocate(byteSize, 16);
  }

  /** Allocates {@code byteSize} zeroed bytes at a multiple of {@code alignment} (a power of two). */
  public static NativeMemory allocate(long byteSize, long alignment) {
    if (byteSize < 0) {
      throw new IllegalArgumentException("byteSize < 0: " + byteSize);
    }
    if (alignment <= 0 || Long.bitCount(alignment) != 1) {
      throw new IllegalArgumentException("alignment is not a power of two: " + alignment);
    }
    return new NativeMemory(byteSize, alignment);
  }

  /** Returns the memory, for Java access. */
  public MemorySegment segment() {
    return segment;
  }

  /** Returns its size in bytes. */
  public long byteSize() {
    return segment.byteSize();
  }

  @Override
  public NativePointer pointer() {
    return new NativePointer(segment.address());
  }

}
