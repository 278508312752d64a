package dev.bridgekit.term;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TermsTest {
  record Point(int x, int y) {}

  record HTTPRequest(String method, List<String> headers, Optional<Point> origin) {}

  enum Color { RED, DARK_BLUE }

  private record Hidden(long id) {}

  @Test
  void termsConvertToThemselves() {
    Pid pid = new Pid(Atom.NONODE, 1, 0, 0);
    assertSame(pid, Terms.from(pid));
    assertSame(ListTerm.NIL, Terms.from(ListTerm.NIL));
  }

  @Test
  void scalarsConvertByTheDocumentedRules() {
    assertEquals(Binary.of("héllo"), Terms.from("héllo"));
    assertEquals(Atom.TRUE, Terms.from(true));
    assertEquals(Atom.FALSE, Terms.from(Boolean.FALSE));
    assertEquals(new Int(7), Terms.from(7));
    assertEquals(new Int(Long.MAX_VALUE), Terms.from(Long.MAX_VALUE));
    assertEquals(new Int(-3), Terms.from((short) -3));
    assertEquals(new Int(-1), Terms.from((byte) -1));
    assertEquals(new Int(97), Terms.from('a'));
    assertEquals(new Int(12), Terms.from(BigInteger.valueOf(12)));
    assertEquals(new BigInt(BigInteger.TWO.pow(64)), Terms.from(BigInteger.TWO.pow(64)));
    assertEquals(new FloatTerm(1.5), Terms.from(1.5));
    assertEquals(new FloatTerm(0.25), Terms.from(0.25f));
    assertEquals(Binary.of(new byte[] {1, 2}), Terms.from(new byte[] {1, 2}));
    assertEquals(Atom.of("red"), Terms.from(Color.RED));
    assertEquals(Atom.of("dark_blue"), Terms.from(Color.DARK_BLUE));
  }

  @Test
  void byteArraysAreCopied() {
    byte[] data = {1, 2, 3};
    Term t = Terms.from(data);
    data[0] = 9;
    assertEquals(Binary.of(new byte[] {1, 2, 3}), t);
  }

  @Test
  void collectionsAndMapsConvertRecursivelyInIterationOrder() {
    assertEquals(ListTerm.NIL, Terms.from(List.of()));
    assertEquals(ListTerm.of(new Int(1), ListTerm.of(Binary.of("a"))),
        Terms.from(List.of(1, List.of("a"))));
    assertEquals(ListTerm.of(Atom.of("b"), Atom.of("a")),
        Terms.from(new LinkedHashSet<>(List.of(Atom.of("b"), Atom.of("a")))));
    Map<Object, Object> m = new LinkedHashMap<>();
    m.put("z", List.of(1));
    m.put(Color.RED, Map.of(1, true));
    MapTerm t = (MapTerm) Terms.from(m);
    assertEquals(List.of(Binary.of("z"), Atom.of("red")), new ArrayList<>(t.entries().keySet()));
    assertEquals(new MapTerm(Map.of(new Int(1), Atom.TRUE)), t.get(Atom.of("red")));
  }

  @Test
  void recordsBecomeTuplesTaggedWithTheirSnakeCaseName() {
    assertEquals(Tuple.of(Atom.of("point"), new Int(1), new Int(-2)), Terms.from(new Point(1, -2)));
    Term req = Terms.from(new HTTPRequest("GET", List.of("a"), Optional.of(new Point(0, 0))));
    assertEquals(Tuple.of(Atom.of("http_request"), Binary.of("GET"), ListTerm.of(Binary.of("a")),
        Tuple.of(Atom.of("point"), new Int(0), new Int(0))), req);
    Term none = Terms.from(new HTTPRequest("PUT", List.of(), Optional.empty()));
    assertEquals(Atom.UNDEFINED, ((Tuple) none).get(3));
    assertEquals(Tuple.of(Atom.of("hidden"), new Int(5)), Terms.from(new Hidden(5)));
  }

  @Test
  void snakeCaseFollowsElixirsUnderscore() {
    // Elixir: Macro.underscore/1 on the same names.
    List<String> names = List.of("Point", "HttpRequest", "HTTPRequest", "Point3D", "Vec2Int",
        "SAPExample", "ABC", "A");
    List<String> expected = List.of("point", "http_request", "http_request", "point3_d",
        "vec2_int", "sap_example", "abc", "a");
    assertEquals(expected, names.stream().map(Terms::snakeCase).toList());
  }

  @Test
  void buildersConvertTheirArguments() {
    assertEquals(Tuple.of(Atom.OK, new Int(1), Binary.of("s")), Terms.tuple(Atom.OK, 1, "s"));
    assertEquals(ListTerm.of(new Int(1), Atom.TRUE), Terms.list(1, true));
    assertEquals(ListTerm.NIL, Terms.list());
    assertEquals(Atom.of("x"), Terms.atom("x"));
  }

  @Test
  void valuesWithNoTermFormAreRejectedNamingTheirClass() {
    IllegalArgumentException nul =
        assertThrows(IllegalArgumentException.class, () -> Terms.from(null));
    assertTrue(nul.getMessage().contains("null"), nul.getMessage());
    IllegalArgumentException other =
        assertThrows(IllegalArgumentException.class, () -> Terms.from(new Object()));
    assertTrue(other.getMessage().contains("java.lang.Object"), other.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Terms.from(new java.math.BigDecimal("1.5")));
    IllegalArgumentException inList = assertThrows(IllegalArgumentException.class,
        () -> Terms.from(Arrays.asList(1, null)));
    assertTrue(inList.getMessage().contains("null"), inList.getMessage());
    IllegalArgumentException inRecord = assertThrows(IllegalArgumentException.class,
        () -> Terms.from(new HTTPRequest(null, List.of(), Optional.empty())));
    assertTrue(inRecord.getMessage().contains("HTTPRequest.method"), inRecord.getMessage());
    Map<Object, Object> clash = new LinkedHashMap<>();
    clash.put(1, "a");
    clash.put(1L, "b");
    assertThrows(IllegalArgumentException.class, () -> Terms.from(clash));
  }
}
