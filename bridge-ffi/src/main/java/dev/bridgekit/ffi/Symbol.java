package dev.bridgekit.ffi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the C symbol a bound method calls; without it, the method's own name is the symbol. The
 * symbol must exist when the interface is bound, else binding fails with {@link
 * SymbolNotFoundException}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Symbol {
  /** The symbol's name, as the library exports it. */
  String value();
}
