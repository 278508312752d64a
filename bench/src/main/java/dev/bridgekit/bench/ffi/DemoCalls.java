package dev.bridgekit.bench.ffi;

import dev.bridgekit.ffi.Clean;
import dev.bridgekit.ffi.DirtyCpu;
import dev.bridgekit.ffi.DirtyIo;
import dev.bridgekit.ffi.Symbol;

/**
 * The demo library's functions the FFI rows call, under the call classes the rows compare. Public:
 * the binding implements it in a hidden class of the FFI module.
 */
public interface DemoCalls {
  /** {@code bk_demo_add_i32}, inline: the trivial call of the clean-overhead rows. */
  @Clean
  @Symbol("bk_demo_add_i32")
  int add(int a, int b);

  /** {@code bk_demo_add_i32} on the dirty CPU executor: the trivial call of the dirty round trip. */
  @DirtyCpu
  @Symbol("bk_demo_add_i32")
  int addDirty(int a, int b);

  /** {@code bk_demo_sleep_ms} inline: the heartbeat row's anchor, pinning its carrier. */
  @Clean
  @Symbol("bk_demo_sleep_ms")
  int sleepInline(int ms);

  /** {@code bk_demo_sleep_ms} on the dirty IO executor: the heartbeat row's project side. */
  @DirtyIo
  @Symbol("bk_demo_sleep_ms")
  int sleepDirty(int ms);
}
