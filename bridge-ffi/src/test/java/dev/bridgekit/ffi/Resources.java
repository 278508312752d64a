package dev.bridgekit.ffi;

/** The demo library's functions that take native resources and keep callbacks. */
public interface Resources {
  @DirtyIo
  @Symbol("bk_demo_wait_cancellable")
  int waitOn(NativeMemory cancel, int ms);

  @Symbol("bk_demo_sum_i32")
  long sum(NativeMemory ints, int n);

  @Symbol("bk_demo_call_back_later")
  int callBackLater(NativeCallback<Demo.IntFunction> cb, int n, int delayMs);

  @Symbol("bk_demo_call_back_from_thread")
  int callBackFromThread(NativeCallback<Demo.IntFunction> cb, int n);

  @Symbol("bk_demo_upper")
  NativePointer upper(String s);

  @Symbol("bk_demo_free")
  void free(NativePointer p);
}
