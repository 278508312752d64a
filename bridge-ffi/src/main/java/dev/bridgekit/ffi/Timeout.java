package dev.bridgekit.ffi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives up waiting for a dirty call after {@code millis} milliseconds with a {@link
 * NativeTimeoutException}. The native call itself runs on (C code cannot be stopped from outside);
 * if the method takes a {@link CancellationFlag}, the flag is raised so that code which polls it
 * can stop early. Overrides the binding's default timeout; only dirty and asynchronous methods
 * can time out.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Timeout {
  /** The time to wait, in milliseconds; greater than zero. */
  long millis();
}
