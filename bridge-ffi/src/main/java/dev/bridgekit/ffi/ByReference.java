package dev.bridgekit.ffi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Passes a {@link Struct} parameter as a pointer ({@code const T *}) to a copy made for the call
 * and released after it. Changes the callee makes are not read back: use {@link StructRef} for
 * that.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ByReference {}
