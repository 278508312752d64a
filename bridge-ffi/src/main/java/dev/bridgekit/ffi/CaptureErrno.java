package dev.bridgekit.ffi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Captures {@code errno} for each call of the method, on the thread that made the call, and turns
 * a failure into a {@link NativeCallException} naming the function, the errno and its text.
 *
 * <p>errno is cleared before the call. The call failed, following the POSIX convention, when it
 * returns {@code -1} (integer returns), {@code NULL} (pointer and string returns), or, for other
 * return types, when errno is not zero afterwards.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CaptureErrno {}
