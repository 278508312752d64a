package dev.bridgekit.ffi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the method inline on the caller's thread: the default, for functions that return in well
 * under a millisecond. A clean call pins a virtual thread's carrier while it runs; one that takes
 * over the binding's long-call threshold is reported (see {@link LongNativeCall}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Clean {}
