package dev.bridgekit.ffi.internal;

import dev.bridgekit.ffi.Backend;
import java.lang.constant.ClassDesc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodType;
import java.lang.ref.Reference;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the C function pointer of a {@code @Callback} argument with one backend's own mechanism:
 * an FFM upcall stub, a JNA {@code Callback}, a jnr-ffi {@code @Delegate} closure. Each pointer
 * lives until the call's arena closes.
 */
interface CallbackStubs {
  /** Returns the address of a C function calling {@code target}, valid until {@code arena} ends. */
  long stub(CallbackType type, Object target, Arena arena);

  /** Returns the mechanism of {@code backend}. */
  static CallbackStubs of(Backend backend) {
    return switch (backend) {
      case FFM, ISOLATED -> (type, target, arena) -> type.stub(target, arena).address();
      case JNA -> JnaCallbacks.INSTANCE;
      case JNR -> JnrCallbacks.INSTANCE;
    };
  }

  /**
   * Returns the generated interfaces of one backend, one per {@code @Callback} interface, made on
   * first use: named {@code prefix} and a number, defined in {@code loader} (where the backend
   * looks them up), extending {@code superInterface} (or nothing, if null), with one method {@code
   * method} of the callback's raw type, pointers as {@code pointerType}, annotated with {@code
   * annotation} (or nothing, if null).
   */
  static ClassValue<Class<?>> interfaces(String prefix, ClassLoader loader,
      ClassDesc superInterface, String method, Class<?> pointerType, ClassDesc annotation) {
    AtomicInteger sequence = new AtomicInteger();
    return new ClassValue<>() {
      @Override
      protected Class<?> computeValue(Class<?> callback) {
        MethodType raw = CallbackType.rawType(CallbackType.of(callback).method(), pointerType);
        String name = prefix + sequence.incrementAndGet();
        return new ClassGen.Loader(loader).define(name,
            ClassGen.callbackInterface(ClassDesc.of(name), superInterface, method, raw,
                annotation));
      }
    };
  }

  /**
   * Keeps {@code keeper} reachable until {@code arena} closes: JNA and jnr-ffi free a callback's
   * native code once its Java object is garbage, so the object must outlive the call.
   */
  // Native access on purpose: reinterpret is what attaches the cleanup to the arena.
  @SuppressWarnings("restricted")
  static void keepUntilClosed(Object keeper, Arena arena) {
    MemorySegment.NULL.reinterpret(arena, s -> Reference.reachabilityFence(keeper));
  }
}
