package dev.bridgekit.ffi;

import java.util.concurrent.CompletableFuture;

/** The demo library's long calls, under each call class. */
public interface Sleeper {
  @Clean
  @Symbol("bk_demo_sleep_ms")
  int sleepInline(int ms);

  @DirtyIo
  @Symbol("bk_demo_sleep_ms")
  int sleepDirty(int ms);

  @DirtyCpu
  @Symbol("bk_demo_count_primes")
  long countPrimes(long n);

  @DirtyCpu
  @Symbol("bk_demo_count_primes")
  CompletableFuture<Long> countPrimesAsync(long n);

  @DirtyIo
  @Timeout(millis = 50)
  @Symbol("bk_demo_wait_cancellable")
  int waitBriefly(CancellationFlag flag, int ms);

  @DirtyIo
  @Symbol("bk_demo_wait_cancellable")
  int waitLong(CancellationFlag flag, int ms);

  @Timeout(millis = 50)
  @Symbol("bk_demo_wait_cancellable")
  CompletableFuture<Integer> waitAsync(CancellationFlag flag, int ms);

  @DirtyIo
  @CaptureErrno
  @Symbol("bk_demo_open_close")
  int openClose(String path);

  @Symbol("bk_demo_call_back")
  long callBack(Demo.IntFunction f, int n);
}
