package dev.bridgekit.term;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Decodes one bare term (no version byte) from a byte range; one instance per term, not
 * thread-safe.
 *
 * <p>Containers are decoded with explicit stacks instead of recursion, so a deeply nested term
 * cannot overflow the Java stack. Memory stays proportional to the input: every length is checked
 * against the bytes that remain before anything is allocated from it (an element needs at least
 * one byte), and container elements are collected on one shared value stack that grows only as
 * elements are actually decoded, never presized from a sender-chosen count.
 */
final class Decoder {
  private static final int TUPLE = 0;
  private static final int LIST = 1;
  private static final int LIST_TAIL = 2;
  private static final int MAP = 3;
  private static final int FUN = 4;

  private final Cursor in;
  private final String where;

  private Term[] values = new Term[16];
  private int valueCount;
  private Frame[] frames = new Frame[8];
  private int depth;

  /** An open container: where its elements start on the value stack and how many are still due. */
  private static final class Frame {
    int kind;
    int offset;
    int start;
    long due;
    FunHeader fun;
  }

  /** The fields of a NEW_FUN_EXT that precede its free variables. */
  private record FunHeader(int end, int arity, byte[] uniq, int index, Atom module, Term oldIndex,
      Term oldUniq, Pid pid) {}

  /**
   * @param atomCache resolves ATOM_CACHE_REF indexes; null when there is no cache
   * @param where appended to error messages after the offset, e.g. " of the inflated data"
   * @param share whether big binaries may be slices of {@code bytes} (see {@link Cursor})
   */
  Decoder(byte[] bytes, int offset, int limit, IntFunction<Atom> atomCache, String where,
      boolean share) {
    this.in = new Cursor(bytes, offset, limit, atomCache, where, share);
    this.where = where;
  }

  /**
   * Decodes from the bytes of {@code chunks} one after the other, given up for good, from offset
   * {@code offset} to {@code limit} of that sequence (see {@link Cursor}).
   */
  Decoder(List<byte[]> chunks, int offset, int limit, IntFunction<Atom> atomCache, String where,
      boolean share) {
    this.in = new Cursor(chunks, offset, limit, atomCache, where, share);
    this.where = where;
  }

  /** Returns the offset after the last byte decoded. */
  int position() {
    return in.position();
  }

  /** Decodes the term at the current position. */
  Term decode() {
    try {
      while (true) {
        Term t = step();
        while (t != null) {
          if (depth == 0) {
            return t;
          }
          t = deliver(frames[depth - 1], t);
        }
      }
    } catch (TermDecodeException e) {
      throw e;
    } catch (RuntimeException e) {
      // A bug here must still reach the caller as a decode error, never as anything else: the
      // input is untrusted. The cause keeps the evidence.
      int at = in.position();
      throw new TermDecodeException(
          "internal decoder error at offset " + at + where + ": " + e, at, e);
    }
  }

  /** Reads one tag: returns a finished term, or null after opening a container. */
  private Term step() {
    int at = in.position();
    int tag = in.u8();
    return switch (tag) {
      case Tag.SMALL_INTEGER_EXT -> in.smallInt();
      case Tag.INTEGER_EXT -> new Int(in.s32());
      case Tag.SMALL_BIG_EXT -> in.big(in.u8(), at);
      case Tag.LARGE_BIG_EXT -> in.big(in.u32(), at);
      case Tag.NEW_FLOAT_EXT -> in.newFloat(at);
      case Tag.FLOAT_EXT -> in.oldFloat(at);
      case Tag.ATOM_EXT, Tag.SMALL_ATOM_EXT, Tag.ATOM_UTF8_EXT, Tag.SMALL_ATOM_UTF8_EXT,
          Tag.ATOM_CACHE_REF -> {
        in.rewind(at);
        yield in.atom();
      }
      case Tag.SMALL_TUPLE_EXT -> open(TUPLE, in.u8(), at);
      case Tag.LARGE_TUPLE_EXT -> open(TUPLE, in.u32(), at);
      case Tag.MAP_EXT -> open(MAP, in.u32(), at);
      case Tag.NIL_EXT -> ListTerm.NIL;
      case Tag.STRING_EXT -> ListTerm.of(in.string(at));
      case Tag.LIST_EXT -> openList(at);
      case Tag.BINARY_EXT -> in.binary(at);
      case Tag.BIT_BINARY_EXT -> in.bitBinary(at);
      case Tag.PID_EXT, Tag.NEW_PID_EXT -> {
        in.rewind(at);
        yield in.pid();
      }
      case Tag.REFERENCE_EXT, Tag.NEW_REFERENCE_EXT, Tag.NEWER_REFERENCE_EXT -> in.ref(tag, at);
      case Tag.PORT_EXT, Tag.NEW_PORT_EXT, Tag.V4_PORT_EXT -> in.port(tag);
      case Tag.EXPORT_EXT -> in.exportFun(at);
      case Tag.NEW_FUN_EXT -> openFun(at);
      case Tag.LOCAL_EXT -> throw in.error("LOCAL_EXT (tag 121) at offset " + at + where
          + ": only the node that encoded it can decode it", at);
      case Tag.COMPRESSED -> throw in.error("COMPRESSED (tag 80) at offset " + at + where
          + ": allowed only right after the version byte", at);
      case Tag.VERSION ->
          throw in.error("version byte 131 at offset " + at + where + " inside a term", at);
      default -> throw in.error("unknown tag " + tag + " at offset " + at + where, at);
    };
  }

  /** Hands a finished term to the innermost open container; returns that container if done. */
  private Term deliver(Frame f, Term t) {
    if (f.kind == LIST_TAIL) {
      return finishList(f, t);
    }
    push(t);
    if (--f.due > 0) {
      return null;
    }
    return switch (f.kind) {
      case TUPLE -> pop(f, new Tuple(elements(f)));
      case LIST -> listTail(f);
      case MAP -> pop(f, map(f));
      default -> pop(f, fun(f));
    };
  }

  private Term open(int kind, long count, int at) {
    if (kind == TUPLE) {
      in.checkCount("tuple arity", count, count, at);
    } else {
      in.checkCount("map size", count, count * 2, at);
    }
    if (count == 0) {
      return kind == TUPLE ? Tuple.of() : new MapTerm(Map.of());
    }
    Frame f = pushFrame(kind, at);
    f.due = kind == MAP ? count * 2 : count;
    return null;
  }

  private Term openList(int at) {
    long n = in.u32();
    // The elements and then the tail: at least n + 1 bytes.
    in.checkCount("list length", n, n + 1, at);
    Frame f = pushFrame(LIST, at);
    if (n > 0) {
      f.due = n;
      return null;
    }
    return listTail(f);
  }

  /**
   * Reads the tail of the list in {@code f} after its elements. A tail that is itself a list
   * continues the same frame, so [a | [b | [c]]] chains of any length decode in linear time and
   * constant stack, into the one form {@link ListTerm} keeps.
   */
  private Term listTail(Frame f) {
    while (true) {
      int at = in.position();
      int tag = in.peek();
      if (tag == Tag.NIL_EXT) {
        in.u8();
        return finishList(f, null);
      } else if (tag == Tag.STRING_EXT) {
        in.u8();
        for (Term t : in.string(at)) {
          push(t);
        }
        return finishList(f, null);
      } else if (tag == Tag.LIST_EXT) {
        in.u8();
        long n = in.u32();
        in.checkCount("list length", n, n + 1, at);
        if (n > 0) {
          f.kind = LIST;
          f.due = n;
          return null;
        }
      } else {
        f.kind = LIST_TAIL;
        return null;
      }
    }
  }

  private Term finishList(Frame f, Term tail) {
    if (valueCount == f.start) {
      // LIST_EXT with no elements: [ | T] is T itself.
      return pop(f, tail == null ? ListTerm.NIL : tail);
    }
    return pop(f, new ListTerm(elements(f), tail));
  }

  private MapTerm map(Frame f) {
    int pairs = (valueCount - f.start) / 2;
    Map<Term, Term> map = new LinkedHashMap<>(pairs * 4 / 3 + 1);
    try {
      for (int i = f.start; i < valueCount; i += 2) {
        if (map.putIfAbsent(values[i], values[i + 1]) != null) {
          throw in.error("duplicate key in map at offset " + f.offset + where, f.offset);
        }
      }
      return new MapTerm(map);
    } catch (StackOverflowError e) {
      // Term hash codes recurse; a key nested a million levels deep cannot be hashed. Nothing has
      // been shared yet, so failing here leaves no half-built state behind.
      throw in.error("map key at offset " + f.offset + where + " is nested too deeply to hash",
          f.offset);
    }
  }

  private Term openFun(int at) {
    int sizeAt = in.position();
    long size = in.u32();
    if (size > in.remaining() + 4) {
      throw in.error("fun size " + size + " at offset " + sizeAt + where
          + " exceeds remaining input " + (in.remaining() + 4), sizeAt);
    }
    int arity = in.u8();
    byte[] uniq = in.bytes(16, "fun uniq", in.position());
    int index = in.s32();
    long free = in.u32();
    in.checkCount("fun free variable count", free, free, at);
    Atom module = in.atom();
    Term oldIndex = in.smallInteger("fun old index");
    Term oldUniq = in.smallInteger("fun old uniq");
    Pid pid = in.pid();
    FunHeader h =
        new FunHeader((int) (sizeAt + size), arity, uniq, index, module, oldIndex, oldUniq, pid);
    if (free == 0) {
      return buildFun(h, List.of(), at);
    }
    Frame f = pushFrame(FUN, at);
    f.due = free;
    f.fun = h;
    return null;
  }

  private LocalFun fun(Frame f) {
    return buildFun(f.fun, elements(f), f.offset);
  }

  private LocalFun buildFun(FunHeader h, List<Term> freeVars, int at) {
    if (in.position() != h.end) {
      throw in.error("fun at offset " + at + where + " declares its end at offset " + h.end
          + " but ends at " + in.position(), at);
    }
    return new LocalFun(h.arity, h.uniq, h.index, h.module, h.oldIndex, h.oldUniq, h.pid,
        freeVars);
  }

  private Frame pushFrame(int kind, int at) {
    if (depth == frames.length) {
      frames = Arrays.copyOf(frames, depth * 2);
    }
    Frame f = frames[depth];
    if (f == null) {
      f = frames[depth] = new Frame();
    }
    depth++;
    f.kind = kind;
    f.offset = at;
    f.start = valueCount;
    f.due = 0;
    f.fun = null;
    return f;
  }

  /** Closes the innermost container, dropping its elements from the value stack. */
  private Term pop(Frame f, Term done) {
    Arrays.fill(values, f.start, valueCount, null);
    valueCount = f.start;
    f.fun = null;
    depth--;
    return done;
  }

  private List<Term> elements(Frame f) {
    return Arrays.asList(Arrays.copyOfRange(values, f.start, valueCount));
  }

  private void push(Term t) {
    if (valueCount == values.length) {
      values = Arrays.copyOf(values, valueCount * 2);
    }
    values[valueCount++] = t;
  }
}
