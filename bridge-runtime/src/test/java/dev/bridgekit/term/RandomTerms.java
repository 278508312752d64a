package dev.bridgekit.term;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Generates random terms of every kind, reproducibly from a seed, for round trips and fuzzing. */
final class RandomTerms {
  private static final String[] ATOM_TEXTS = {
    "ok", "error", "", "hello world", "éö", "λλ", "nonode@nohost", "a@b", "\uD83D\uDE00",
    "x".repeat(255)
  };

  private final Random random;

  RandomTerms(long seed) {
    this.random = new Random(seed);
  }

  Random random() {
    return random;
  }

  /** Returns a random term nested at most {@code depth} levels. */
  Term term(int depth) {
    int kinds = depth <= 0 ? 10 : 16;
    return switch (random.nextInt(kinds)) {
      case 0 -> new Int(smallish());
      case 1 -> new Int(random.nextLong());
      case 2 -> Terms.integer(new BigInteger(random.nextInt(1, 2200), random)
          .multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1)));
      case 3 -> new FloatTerm(random.nextBoolean() ? random.nextDouble() * 1e10 - 5e9
          : Double.longBitsToDouble(random.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL));
      case 4 -> atom();
      case 5 -> Binary.of(bytes(random.nextInt(40)));
      case 6 -> BitBinary.of(bytes(random.nextInt(1, 10)), random.nextInt(1, 8));
      case 7 -> pid();
      case 8 -> switch (random.nextInt(3)) {
        case 0 -> new Ref(atom(), random.nextInt(), ints(random.nextInt(1, 6)));
        case 1 -> new PortId(atom(), random.nextInt() & 0xFFFF_FFFFL, random.nextInt());
        default -> new PortId(atom(), random.nextLong(), random.nextInt());
      };
      case 9 -> random.nextBoolean() ? ListTerm.NIL
          : random.nextBoolean() ? Terms.charlist("bytes " + random.nextInt())
          : new ExportFun(atom(), atom(), random.nextInt(256));
      case 10, 11 -> new Tuple(terms(depth - 1, random.nextInt(random.nextInt(20) == 0 ? 300 : 6)));
      case 12 -> {
        List<Term> elements = terms(depth - 1, random.nextInt(1, 6));
        yield random.nextBoolean() ? ListTerm.of(elements)
            : ListTerm.improper(elements, term(0) instanceof ListTerm ? atom() : term(0));
      }
      case 13 -> {
        Map<Term, Term> entries = new LinkedHashMap<>();
        int n = random.nextInt(random.nextInt(10) == 0 ? 40 : 5);
        for (int i = 0; i < n; i++) {
          entries.put(term(depth - 1), term(depth - 1));
        }
        yield new MapTerm(entries);
      }
      case 14 -> new LocalFun(random.nextInt(256), bytes(16), random.nextInt(), atom(),
          new Int(random.nextInt(256)), new Int(random.nextInt()), pid(),
          terms(depth - 1, random.nextInt(3)));
      default -> ListTerm.of(terms(depth - 1, random.nextInt(0, 4)));
    };
  }

  private long smallish() {
    return switch (random.nextInt(3)) {
      case 0 -> random.nextInt(256);
      case 1 -> random.nextInt();
      default -> random.nextInt(-300, 300);
    };
  }

  private List<Term> terms(int depth, int n) {
    List<Term> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(term(depth));
    }
    return out;
  }

  private Atom atom() {
    return random.nextInt(3) == 0 ? Atom.of("a" + random.nextInt(1000))
        : Atom.of(ATOM_TEXTS[random.nextInt(ATOM_TEXTS.length)]);
  }

  private Pid pid() {
    return new Pid(atom(), random.nextInt(), random.nextInt(), random.nextInt());
  }

  byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private int[] ints(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = random.nextInt();
    }
    return a;
  }
}
