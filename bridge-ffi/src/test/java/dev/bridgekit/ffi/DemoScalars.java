package dev.bridgekit.ffi;

/**
 * The demo library's functions whose types every binding passes, in-process or isolated: the
 * declarations {@link Demo} and {@link HostedDemo} share by extending this interface, which also
 * checks that a binding takes inherited methods.
 */
public interface DemoScalars {
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

  @Symbol("bk_demo_hello")
  int hello(byte[] buf, int cap, String name);

  @Symbol("bk_demo_reverse")
  void reverse(byte[] buf, int len);

  @Symbol("bk_demo_fnv1a")
  int fnv1a(byte[] data, int len);

  /** bk_demo_alloc as a char * returner: NULL for a negative size. */
  @Symbol("bk_demo_alloc")
  String allocAsString(long size);

  @CaptureErrno
  @Symbol("bk_demo_open_close")
  int openClose(String path);
}
