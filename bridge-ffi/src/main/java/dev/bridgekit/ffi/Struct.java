package dev.bridgekit.ffi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record as the image of a C struct: its components are the struct's fields, in
 * declaration order, laid out with C's natural alignment (padding inserted as the C compiler
 * does). Component types: {@code byte}, {@code short}, {@code int}, {@code long}, {@code float},
 * {@code double}, {@code boolean} (C {@code bool}), {@link NativePointer} and other {@code @Struct}
 * records (nested by value).
 *
 * <p>A parameter or return of a {@code @Struct} type passes the struct by value (backends that
 * cannot do so fail at bind time); annotate a parameter {@link ByReference} to pass a pointer to a
 * copy instead, or declare it {@link StructRef} to have the callee's changes read back.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Struct {}
