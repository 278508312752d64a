package dev.bridgekit.ffi;

import java.util.concurrent.CompletableFuture;

/**
 * The demo library as an isolated binding binds it: the types that cross a pipe (those of {@link
 * DemoScalars}, and dirty, asynchronous and crashing calls).
 */
public interface HostedDemo extends DemoScalars, AutoCloseable {
  @DirtyCpu
  @Symbol("bk_demo_count_primes")
  CompletableFuture<Long> countPrimesAsync(long n);

  @DirtyIo
  @Symbol("bk_demo_sleep_ms")
  int sleep(int ms);

  @DirtyIo
  @Timeout(millis = 50)
  @Symbol("bk_demo_sleep_ms")
  int sleepBriefly(int ms);

  @Symbol("bk_demo_crash")
  void crash();

  /** Stops the host. */
  @Override
  void close();
}
