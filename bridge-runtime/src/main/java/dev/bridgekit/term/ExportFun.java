package dev.bridgekit.term;

import java.util.Objects;

/**
 * An external fun, {@code fun Module:Function/Arity} (EXPORT_EXT).
 *
 * @param module the module
 * @param function the function
 * @param arity the arity, 0 to 255
 */
public record ExportFun(Atom module, Atom function, int arity) implements Term {
  public ExportFun {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(function, "function");
    if (arity < 0 || arity > 255) {
      throw new IllegalArgumentException("arity not in 0..255: " + arity);
    }
  }

  @Override
  public String toString() {
    return "fun " + module + ":" + function + "/" + arity;
  }
}
