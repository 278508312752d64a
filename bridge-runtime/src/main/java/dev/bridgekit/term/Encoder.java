package dev.bridgekit.term;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Encodes terms into a growable byte array, choosing tags as OTP 25's term_to_binary does; not
 * thread-safe.
 *
 * <p>Containers are encoded with an explicit work stack instead of recursion, so any term that can
 * be built (or decoded) can be encoded, however deep.
 */
final class Encoder {
  private final boolean utf8Atoms;
  private byte[] buf;
  private int size;

  /** Marks where a NEW_FUN_EXT's size field must be filled in once its free variables are out. */
  private record FunEnd(int sizeAt) {}

  Encoder(boolean utf8Atoms, int initialCapacity) {
    this.utf8Atoms = utf8Atoms;
    this.buf = new byte[Math.max(16, initialCapacity)];
  }

  byte[] buffer() {
    return buf;
  }

  int size() {
    return size;
  }

  void put1(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  /** Encodes {@code term} (without a version byte). */
  void encode(Term term) {
    ArrayDeque<Object> work = new ArrayDeque<>();
    work.push(term);
    while (!work.isEmpty()) {
      Object next = work.pop();
      if (next instanceof FunEnd end) {
        putInt(end.sizeAt(), size - end.sizeAt());
        continue;
      }
      switch ((Term) next) {
        case Int i -> integer(i.value());
        case BigInt b -> big(b.value());
        case FloatTerm f -> newFloat(f.value());
        case Atom a -> atom(a);
        case Binary b -> {
          put1(Tag.BINARY_EXT);
          put4(b.size());
          b.forEachRun(this::putBytes);
        }
        case BitBinary b -> {
          put1(Tag.BIT_BINARY_EXT);
          put4(b.array().length);
          put1(b.tailBits());
          putBytes(b.array());
        }
        case Tuple t -> {
          int n = t.arity();
          if (n <= 255) {
            put1(Tag.SMALL_TUPLE_EXT);
            put1(n);
          } else {
            put1(Tag.LARGE_TUPLE_EXT);
            put4(n);
          }
          pushReversed(work, t.elements());
        }
        case ListTerm l -> list(l, work);
        case MapTerm m -> {
          put1(Tag.MAP_EXT);
          put4(m.size());
          List<Map.Entry<Term, Term>> entries = new ArrayList<>(m.entries().entrySet());
          for (int i = entries.size() - 1; i >= 0; i--) {
            work.push(entries.get(i).getValue());
            work.push(entries.get(i).getKey());
          }
        }
        case Pid p -> pid(p);
        case Ref r -> {
          int[] ids = r.ids();
          put1(Tag.NEWER_REFERENCE_EXT);
          put2(ids.length);
          atom(r.node());
          put4(r.creation());
          for (int id : ids) {
            put4(id);
          }
        }
        case PortId p -> {
          boolean fits32 = p.id() >= 0 && p.id() <= 0xFFFF_FFFFL;
          put1(fits32 ? Tag.NEW_PORT_EXT : Tag.V4_PORT_EXT);
          atom(p.node());
          if (fits32) {
            put4((int) p.id());
          } else {
            put8(p.id());
          }
          put4(p.creation());
        }
        case ExportFun f -> {
          put1(Tag.EXPORT_EXT);
          atom(f.module());
          atom(f.function());
          put1(Tag.SMALL_INTEGER_EXT);
          put1(f.arity());
        }
        case LocalFun f -> {
          put1(Tag.NEW_FUN_EXT);
          int sizeAt = size;
          put4(0);
          put1(f.arity());
          putBytes(f.uniq());
          put4(f.index());
          put4(f.freeVars().size());
          atom(f.module());
          work.push(new FunEnd(sizeAt));
          pushReversed(work, f.freeVars());
          work.push(f.pid());
          work.push(f.oldUniq());
          work.push(f.oldIndex());
        }
      }
    }
  }

  private void list(ListTerm l, ArrayDeque<Object> work) {
    List<Term> elements = l.elements();
    if (elements.isEmpty()) {
      put1(Tag.NIL_EXT);
      return;
    }
    if (l.isProper() && isString(elements)) {
      put1(Tag.STRING_EXT);
      put2(elements.size());
      ensure(elements.size());
      for (Term t : elements) {
        buf[size++] = (byte) ((Int) t).value();
      }
      return;
    }
    put1(Tag.LIST_EXT);
    put4(elements.size());
    work.push(l.isProper() ? ListTerm.NIL : l.tail());
    pushReversed(work, elements);
  }

  private static boolean isString(List<Term> elements) {
    if (elements.size() > 0xFFFF) {
      return false;
    }
    for (Term t : elements) {
      if (!(t instanceof Int(long v)) || v < 0 || v > 255) {
        return false;
      }
    }
    return true;
  }

  private static void pushReversed(ArrayDeque<Object> work, List<Term> terms) {
    for (int i = terms.size() - 1; i >= 0; i--) {
      work.push(terms.get(i));
    }
  }

  private void integer(long v) {
    if (v >= 0 && v <= 255) {
      put1(Tag.SMALL_INTEGER_EXT);
      put1((int) v);
    } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      put1(Tag.INTEGER_EXT);
      put4((int) v);
    } else {
      big(BigInteger.valueOf(v));
    }
  }

  private void big(BigInteger v) {
    byte[] magnitude = v.abs().toByteArray();
    int skip = magnitude[0] == 0 ? 1 : 0;
    int n = magnitude.length - skip;
    if (n <= 255) {
      put1(Tag.SMALL_BIG_EXT);
      put1(n);
    } else {
      put1(Tag.LARGE_BIG_EXT);
      put4(n);
    }
    put1(v.signum() < 0 ? 1 : 0);
    ensure(n);
    for (int i = magnitude.length - 1; i >= skip; i--) {
      buf[size++] = magnitude[i];
    }
  }

  private void newFloat(double d) {
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException(
          "cannot encode the float " + d + ": Erlang floats are finite");
    }
    put1(Tag.NEW_FLOAT_EXT);
    put8(Double.doubleToRawLongBits(d));
  }

  /**
   * Writes an atom as OTP 25's term_to_binary does by default (minor version 1): ATOM_EXT when
   * every character is Latin-1, else the UTF-8 tags; with {@code utf8Atoms} (minor version 2, and
   * what distribution peers send) always the UTF-8 tags.
   */
  private void atom(Atom a) {
    String name = a.name();
    if (!utf8Atoms && isLatin1(name)) {
      put1(Tag.ATOM_EXT);
      put2(name.length());
      putBytes(name.getBytes(StandardCharsets.ISO_8859_1));
      return;
    }
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= 255) {
      put1(Tag.SMALL_ATOM_UTF8_EXT);
      put1(utf8.length);
    } else {
      put1(Tag.ATOM_UTF8_EXT);
      put2(utf8.length);
    }
    putBytes(utf8);
  }

  private static boolean isLatin1(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0xFF) {
        return false;
      }
    }
    return true;
  }

  private void pid(Pid p) {
    put1(Tag.NEW_PID_EXT);
    atom(p.node());
    put4(p.id());
    put4(p.serial());
    put4(p.creation());
  }

  // ---- bytes

  private void put2(int v) {
    ensure(2);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
  }

  private void put4(int v) {
    ensure(4);
    putInt(size, v);
    size += 4;
  }

  private void putInt(int at, int v) {
    buf[at] = (byte) (v >>> 24);
    buf[at + 1] = (byte) (v >>> 16);
    buf[at + 2] = (byte) (v >>> 8);
    buf[at + 3] = (byte) v;
  }

  private void put8(long v) {
    put4((int) (v >>> 32));
    put4((int) v);
  }

  private void putBytes(byte[] b) {
    putBytes(b, 0, b.length);
  }

  private void putBytes(byte[] b, int from, int n) {
    ensure(n);
    System.arraycopy(b, from, buf, size, n);
    size += n;
  }

  private void ensure(int n) {
    long needed = (long) size + n;
    if (needed > buf.length) {
      if (needed > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("encoded term exceeds 2 GiB: " + needed + " bytes");
      }
      long grown = Math.min(Integer.MAX_VALUE - 8, Math.max(needed, buf.length * 2L));
      buf = Arrays.copyOf(buf, (int) grown);
    }
  }
}
