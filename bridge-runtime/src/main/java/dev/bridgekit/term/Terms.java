package dev.bridgekit.term;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds terms from plain Java values, in one place: the rules by which a {@code String}, a
 * number, a {@code List}, a {@code Map}, a {@code byte[]} or a record becomes a term.
 */
public final class Terms {
  private Terms() {}

  /**
   * Returns the integer term of {@code value}: an {@link Int} when it fits a long, else a {@link
   * BigInt}.
   */
  public static Term integer(BigInteger value) {
    return value.bitLength() < 64 ? new Int(value.longValue()) : new BigInt(value);
  }

  /**
   * Returns the Erlang string (a list of code points) of {@code text}, as {@code "abc"} is in
   * Erlang.
   */
  public static ListTerm charlist(String text) {
    return ListTerm.of(text.codePoints().mapToObj(c -> (Term) new Int(c)).toList());
  }

  /** Returns the atom named {@code name}. */
  public static Atom atom(String name) {
    return Atom.of(name);
  }

  /** Returns the tuple of {@code elements}, each converted by {@link #from(Object)}. */
  public static Tuple tuple(Object... elements) {
    return new Tuple(convertAll(List.of(elements)));
  }

  /** Returns the proper list of {@code elements}, each converted by {@link #from(Object)}. */
  public static ListTerm list(Object... elements) {
    return ListTerm.of(convertAll(List.of(elements)));
  }

  /**
   * Converts a plain Java value to a term:
   *
   * <ul>
   *   <li>a {@link Term}: itself;
   *   <li>{@code String}: a UTF-8 binary, as Elixir strings are (use {@link #charlist} for an
   *       Erlang string);
   *   <li>{@code Boolean}: the atom {@code true} or {@code false};
   *   <li>{@code Integer}, {@code Long}, {@code Short}, {@code Byte}, {@code BigInteger}: an
   *       integer; {@code Character}: its code, as {@code $a} is an integer in Erlang;
   *   <li>{@code Double}, {@code Float}: a float (NaN and infinities convert, but do not encode);
   *   <li>{@code byte[]}: a binary (a copy);
   *   <li>an enum constant: the atom of its name in lower case ({@code RED} → {@code red});
   *   <li>{@code Optional}: its value converted, or the atom {@code undefined} when empty, as
   *       Erlang APIs say "no value";
   *   <li>a {@code Collection}: a proper list of its elements converted, in iteration order;
   *   <li>a {@code Map}: a map with keys and values converted, in iteration order;
   *   <li>a record: a tagged tuple, the record's simple name in snake case as an atom and then its
   *       components converted ({@code record Point(int x, int y)} → {@code {point, X, Y}},
   *       {@code HttpRequest} → {@code http_request}, as Elixir's {@code Macro.underscore}). The
   *       record must be accessible to this module (public, or in a package open to it).
   * </ul>
   *
   * @throws IllegalArgumentException for null, naming the class of any value with no term form,
   *     and when two keys of a map convert to the same term
   */
  public static Term from(Object value) {
    return switch (value) {
      case null -> throw new IllegalArgumentException("null has no term form");
      case Term t -> t;
      case String s -> Binary.of(s);
      case Boolean b -> Atom.of(b);
      case Integer i -> new Int(i);
      case Long l -> new Int(l);
      case Short s -> new Int(s);
      case Byte b -> new Int(b);
      case BigInteger b -> integer(b);
      case Character c -> new Int(c);
      case Double d -> new FloatTerm(d);
      case Float f -> new FloatTerm(f);
      case byte[] b -> Binary.of(b);
      case Enum<?> e -> Atom.of(e.name().toLowerCase(Locale.ROOT));
      case Optional<?> o -> o.isPresent() ? from(o.get()) : Atom.UNDEFINED;
      case Collection<?> c -> ListTerm.of(convertAll(c));
      case Map<?, ?> m -> map(m);
      case Record r -> record(r);
      default -> throw new IllegalArgumentException(
          "no term form for a " + value.getClass().getName() + ": " + value);
    };
  }

  private static List<Term> convertAll(Collection<?> values) {
    List<Term> terms = new ArrayList<>(values.size());
    for (Object v : values) {
      terms.add(from(v));
    }
    return terms;
  }

  private static MapTerm map(Map<?, ?> m) {
    Map<Term, Term> entries = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      Term key = from(e.getKey());
      if (entries.put(key, from(e.getValue())) != null) {
        throw new IllegalArgumentException("two keys of the map convert to the term " + key);
      }
    }
    return new MapTerm(entries);
  }

  private static Tuple record(Record r) {
    Class<?> type = r.getClass();
    RecordComponent[] components = type.getRecordComponents();
    List<Term> elements = new ArrayList<>(components.length + 1);
    elements.add(Atom.of(snakeCase(type.getSimpleName())));
    for (RecordComponent c : components) {
      Object v = read(r, c.getAccessor());
      try {
        elements.add(from(v));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "record component " + type.getSimpleName() + "." + c.getName() + ": " + e.getMessage(),
            e);
      }
    }
    return new Tuple(elements);
  }

  private static Object read(Record r, Method accessor) {
    try {
      if (!accessor.canAccess(r) && !accessor.trySetAccessible()) {
        throw new IllegalArgumentException("cannot read record " + r.getClass().getName()
            + ": make it public or open its package to module dev.bridgekit.runtime");
      }
      return accessor.invoke(r);
    } catch (IllegalAccessException e) {
      throw new IllegalArgumentException("cannot read record " + r.getClass().getName(), e);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("accessor " + accessor + " failed", e.getCause());
    }
  }

  /**
   * Returns {@code name} in snake case, as Elixir's {@code Macro.underscore}: HTTPRequest becomes
   * http_request.
   */
  static String snakeCase(String name) {
    StringBuilder sb = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        boolean afterWord = i > 0
            && (Character.isLowerCase(name.charAt(i - 1)) || Character.isDigit(name.charAt(i - 1)));
        boolean endsAcronym = i > 0 && Character.isUpperCase(name.charAt(i - 1))
            && i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
        if (afterWord || endsAcronym) {
          sb.append('_');
        }
        sb.append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
