package dev.bridgekit.ffi;

import java.util.concurrent.CompletableFuture;

/** The demo library as an isolated binding binds it: the types that cross a pipe. */
public interface HostedDemo extends AutoCloseable {
  @Symbol("bk_demo_add_i8")
  byte addByte(byte a, byte b);

  @Symbol("bk_demo_add_i16")
  short addShort(short a, short b);

  @Symbol("bk_demo_add_i32")
  int addInt(int a, int b);

  @Symbol("bk_demo_add_i64")
  long addLong(long a, long b);

  @Symbol("bk_demo_add_f32")
  float addFloat(float a, float b);

  @Symbol("bk_demo_add_f64")
  double addDouble(double a, double b);

  @Symbol("bk_demo_is_even")
  boolean isEven(long n);

  @Symbol("bk_demo_not")
  boolean not(boolean b);

  @Symbol("bk_demo_strlen")
  long strlen(String s);

  @Symbol("bk_demo_greeting")
  String greeting();

  /** bk_demo_alloc as a char * returner: NULL for a negative size. */
  @Symbol("bk_demo_alloc")
  String allocAsString(long size);

  @Symbol("bk_demo_hello")
  int hello(byte[] buf, int cap, String name);

  @Symbol("bk_demo_reverse")
  void reverse(byte[] buf, int len);

  @Symbol("bk_demo_fnv1a")
  int fnv1a(byte[] data, int len);

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

  @CaptureErrno
  @Symbol("bk_demo_open_close")
  int openClose(String path);

  @Symbol("bk_demo_crash")
  void crash();

  /** Stops the host. */
  @Override
  void close();
}
