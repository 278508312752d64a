package dev.bridgekit.ffi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a functional interface as the image of a C function pointer type. A bound method's
 * parameter of that type passes a native function pointer (made by the binding's backend: an FFM
 * upcall stub, a JNA callback or a jnr-ffi closure) that calls the Java object; its parameter and return types follow the rules of bound methods' primitive types
 * ({@code byte} to {@code double}, {@code boolean}, {@link NativePointer}).
 *
 * <p>Lifetime: a stub made for a call's argument lives for that call only; the C side must not
 * keep the pointer after the call returns. For a pointer the C side keeps, make one with {@link
 * NativeCallback} and close it (or let its owning process exit).
 *
 * <p>Threads: the stub may be called from any thread, native threads included. An exception the
 * Java side throws cannot cross into C: it is logged and the process is not told, so a callback
 * that can fail should catch and turn the failure into a value or a message.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Callback {}
