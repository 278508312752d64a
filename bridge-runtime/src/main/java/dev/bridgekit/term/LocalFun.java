package dev.bridgekit.term;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A local fun (a closure, NEW_FUN_EXT) received from a BEAM node. Java cannot run it, but it can
 * hold it and send it back unchanged, so every field of the encoding is kept.
 *
 * @param arity the arity
 * @param uniq the 16-byte MD5 of the module's code
 * @param index the fun's index in the module
 * @param module the module that defines it
 * @param oldIndex the old index
 * @param oldUniq the old uniq
 * @param pid the process that created it
 * @param freeVars the captured variables
 */
public record LocalFun(
    int arity,
    byte[] uniq,
    int index,
    Atom module,
    Term oldIndex,
    Term oldUniq,
    Pid pid,
    List<Term> freeVars)
    implements Term {
  public LocalFun {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(oldIndex, "oldIndex");
    Objects.requireNonNull(oldUniq, "oldUniq");
    Objects.requireNonNull(pid, "pid");
    if (uniq.length != 16) {
      throw new IllegalArgumentException("uniq is 16 bytes, not " + uniq.length);
    }
    uniq = uniq.clone();
    freeVars = List.copyOf(freeVars);
  }

  @Override
  public byte[] uniq() {
    return uniq.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LocalFun f
        && arity == f.arity
        && index == f.index
        && Arrays.equals(uniq, f.uniq)
        && module.equals(f.module)
        && oldIndex.equals(f.oldIndex)
        && oldUniq.equals(f.oldUniq)
        && pid.equals(f.pid)
        && freeVars.equals(f.freeVars);
  }

  @Override
  public int hashCode() {
    return Objects.hash(arity, index, Arrays.hashCode(uniq), module, pid, freeVars);
  }

  @Override
  public String toString() {
    return "#Fun<" + module + "." + index + "." + HexFormat.of().formatHex(uniq, 0, 4) + ">";
  }
}
