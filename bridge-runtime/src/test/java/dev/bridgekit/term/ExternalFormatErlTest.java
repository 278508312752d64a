package dev.bridgekit.term;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.testing.ErlPeer;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compares our codec with a real erl, both ways: vectors erl encodes at test time must decode and
 * re-encode to erl's exact bytes, and terms we encode must decode in erl to the expected terms (and
 * re-encode there to our bytes when the encoding is canonical).
 */
class ExternalFormatErlTest {
  private static final HexFormat HEX = HexFormat.of();

  /**
   * Prints one line per vector: {@code kind:name inputHex expectedHex}. For "plain" and "v2" the
   * two are the same bytes; "zN" lines hold term_to_binary(T, [{compressed, N}]) and the plain
   * encoding; "legacy" lines hold hand-made old-tag bytes and erl's re-encoding of what they
   * decode to.
   */
  private static final String VECTORS = """
      Node = <<100,0,3,"a@b">>,
      Pid2 = binary_to_term(<<131,88,Node/binary,0,0,0,42,0,0,0,7,0,0,0,5>>),
      Ref2 = binary_to_term(<<131,90,0,3,Node/binary,0,0,0,5,0,0,0,1,0,0,0,2,0,0,0,3>>),
      Port2 = binary_to_term(<<131,89,Node/binary,0,0,0,7,0,0,0,5>>),
      Port4 = binary_to_term(<<131,120,Node/binary,0,0,0,1,0,0,0,0,0,0,0,5>>),
      Y = 5,
      Plain = [
        {int_0, 0}, {int_255, 255}, {int_256, 256}, {int_neg1, -1},
        {int_max32, 2147483647}, {int_min32, -2147483648},
        {big_2p31, 2147483648}, {big_neg_2p31m1, -2147483649},
        {big_2p63, 1 bsl 63}, {big_neg_2p63, -(1 bsl 63)}, {big_2p64m1, (1 bsl 64) - 1},
        {big_2p64, 1 bsl 64}, {big_large, 1 bsl 2100}, {big_large_neg, -(1 bsl 3000) + 12345},
        {float_zero, 0.0}, {float_neg_zero, -0.0}, {float_1_5, 1.5}, {float_tiny, -3.25e-300},
        {float_huge, 1.0e300}, {float_pi, math:pi()},
        {atom_a, a}, {atom_empty, ''}, {atom_space, 'hello world'},
        {atom_latin1, list_to_atom([233,246])}, {atom_unicode, list_to_atom([955,955])},
        {atom_255, list_to_atom(lists:duplicate(255, $x))},
        {atom_unicode_long, list_to_atom(lists:duplicate(200, 955))}, {atom_true, true},
        {nil, []}, {string, "hello"}, {string_bytes, [0,1,255]}, {list_big_ints, [1000,2000]},
        {list_atoms, [a,b,c]}, {improper, [a|b]}, {improper_ints, [1|2]}, {nested_nil, [[[]]]},
        {nested_lists, [[1],[2,[3]],"x"]}, {list_mixed_string, [1,2,300]},
        {long_byte_list, lists:duplicate(70000, 7)}, {unicode_string, [955,955]},
        {bin_empty, <<>>}, {bin, <<1,2,3>>}, {bin_utf8, <<"h", 233/utf8, "llo">>},
        {bin_large, binary:copy(<<"abc">>, 30000)},
        {bits_3, <<5:3>>}, {bits_9, <<255, 1:1>>}, {bits_7, <<127:7>>},
        {tuple_empty, {}}, {tuple_1, {a}}, {tuple_nested, {1,{2,{3,"s",<<"b">>}}}},
        {tuple_large, list_to_tuple(lists:seq(1, 300))},
        {map_empty, #{}}, {map_small, #{a => 1}},
        {map_mixed, #{1 => a, b => [c], "k" => #{x => y}, {t} => 1.5}},
        {map_large, maps:from_list([{I, I * I} || I <- lists:seq(1, 100)])},
        {pid_self, self()}, {pid_remote, Pid2}, {ref_local, make_ref()}, {ref_remote, Ref2},
        {port_local, hd(erlang:ports())}, {port_remote, Port2}, {port_v4, Port4},
        {export_fun, fun lists:map/2}, {export_fun_op, fun erlang:'+'/2},
        {local_fun, fun(X) -> X end}, {local_fun_free, fun(X) -> X + Y end},
        {mixed, {ok, [#{pid => self()}, {ref, make_ref()}], <<"done">>}}
      ],
      Compressed = [
        {atoms, lists:duplicate(100, a)}, {bin, binary:copy(<<"xyz">>, 1000)},
        {map_large, maps:from_list([{I, I * I} || I <- lists:seq(1, 100)])},
        {too_small, x}, {incompressible, list_to_binary(lists:seq(0, 255))}
      ],
      Utf8 = [
        {atom_a, a}, {atom_latin1, list_to_atom([233,246])},
        {atom_255, list_to_atom(lists:duplicate(255, $x))}, {pid_self, self()},
        {tuple, {ok, 'hello world', [x, y]}}
      ],
      Legacy = [
        {float_ext, term_to_binary(1.5, [{minor_version, 0}])},
        {float_ext_neg, term_to_binary(-2.0e-10, [{minor_version, 0}])},
        {small_atom_ext, <<131,115,3,"abc">>},
        {atom_utf8_ext, <<131,118,0,2,206,187>>},
        {pid_ext, <<131,103,Node/binary,0,0,0,42,0,0,0,7,1>>},
        {port_ext, <<131,102,Node/binary,0,0,0,7,1>>},
        {reference_ext, <<131,101,Node/binary,0,0,0,9,1>>},
        {new_reference_ext, <<131,114,0,3,Node/binary,1,0,0,0,1,0,0,0,2,0,0,0,3>>},
        {small_big_small_value, <<131,110,1,0,5>>},
        {list_ext_string_tail, <<131,108,0,0,0,1,97,1,107,0,2,2,3>>},
        {list_ext_zero_len, <<131,108,0,0,0,0,100,0,1,120>>},
        {bit_binary_8, <<131,77,0,0,0,1,8,255>>},
        {bit_binary_dirty, <<131,77,0,0,0,1,3,255>>}
      ],
      Hex = fun(B) -> binary:encode_hex(B) end,
      Print = fun(Kind, Name, In, Out) ->
        io:format("~s:~s ~s ~s~n", [Kind, Name, Hex(In), Hex(Out)]) end,
      [Print("plain", N, term_to_binary(T), term_to_binary(T)) || {N, T} <- Plain],
      [Print("z" ++ integer_to_list(L), N, term_to_binary(T, [{compressed, L}]), term_to_binary(T))
       || {N, T} <- Compressed, L <- [1, 6, 9]],
      [Print("v2", N, term_to_binary(T, [{minor_version, 2}]),
             term_to_binary(T, [{minor_version, 2}])) || {N, T} <- Utf8],
      [Print("legacy", N, B, term_to_binary(binary_to_term(B))) || {N, B} <- Legacy]
      """;

  private record Vector(String kind, String name, byte[] in, byte[] out) {}

  private static List<Vector> vectors;

  @BeforeAll
  static void askErl() {
    vectors = new ArrayList<>();
    for (String line : ErlPeer.eval(VECTORS).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(" ");
      String[] id = f[0].split(":", 2);
      vectors.add(new Vector(id[0], id[1], HEX.parseHex(f[1]), HEX.parseHex(f[2])));
    }
  }

  private static Term decoded(String name) {
    return vectors.stream()
        .filter(v -> v.kind.equals("plain") && v.name.equals(name))
        .map(v -> ExternalFormat.decode(v.in))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void erlVectorsCoverEveryKind() {
    assertTrue(vectors.size() > 90, "vectors: " + vectors.size());
  }

  @Test
  void decodingErlBytesAndReencodingGivesErlBytes() {
    for (Vector v : vectors) {
      if (!v.kind.equals("plain") && !v.kind.equals("legacy")) {
        continue;
      }
      Term t = ExternalFormat.decode(v.in);
      assertEquals(HEX.formatHex(v.out), HEX.formatHex(ExternalFormat.encode(t)), v.name);
    }
  }

  @Test
  void utf8AtomWriterMatchesMinorVersion2() {
    TermWriter writer = TermWriter.standard().withUtf8Atoms();
    for (Vector v : vectors) {
      if (v.kind.equals("v2")) {
        Term t = ExternalFormat.decode(v.in);
        assertEquals(HEX.formatHex(v.out), HEX.formatHex(writer.encode(t)), v.name);
      }
    }
  }

  @Test
  void compressedErlTermsInflateAndCompressLikeErl() {
    for (Vector v : vectors) {
      if (v.kind.startsWith("z")) {
        Term t = ExternalFormat.decode(v.in);
        assertEquals(ExternalFormat.decode(v.out), t, v.name);
        assertArrayEquals(v.out, ExternalFormat.encode(t), v.name);
        int level = Integer.parseInt(v.kind.substring(1));
        // Both sides use zlib with the same parameters, so even the compressed bytes agree.
        assertEquals(HEX.formatHex(v.in), HEX.formatHex(ExternalFormat.encode(t, level)),
            v.kind + ":" + v.name);
      }
    }
  }

  @Test
  void bareTermsDecodeAtAnOffsetAndReportTheirEnd() {
    for (Vector v : vectors) {
      if (!v.kind.equals("plain")) {
        continue;
      }
      byte[] framed = new byte[v.in.length + 3];
      framed[0] = 42;
      System.arraycopy(v.in, 1, framed, 1, v.in.length - 1);
      framed[framed.length - 3] = 1;
      TermReader.Decoded d = TermReader.standard().read(framed, 1, framed.length);
      assertEquals(v.in.length, d.end(), v.name);
      assertEquals(ExternalFormat.decode(v.in), d.term(), v.name);
    }
  }

  @Test
  void erlTermsDecodeToTheExpectedJavaTerms() {
    assertEquals(new Int(2147483647), decoded("int_max32"));
    assertEquals(new Int(-2147483648), decoded("int_min32"));
    assertEquals(new Int(Long.MIN_VALUE), decoded("big_neg_2p63"));
    assertEquals(new BigInt(BigInteger.ONE.shiftLeft(63)), decoded("big_2p63"));
    assertEquals(new BigInt(BigInteger.ONE.shiftLeft(2100)), decoded("big_large"));
    assertEquals(new FloatTerm(-3.25e-300), decoded("float_tiny"));
    assertEquals(new FloatTerm(-0.0), decoded("float_neg_zero"));
    assertEquals(Atom.of("éö"), decoded("atom_latin1"));
    assertEquals(Atom.of("λλ"), decoded("atom_unicode"));
    assertEquals(Atom.of("λ".repeat(200)), decoded("atom_unicode_long"));
    assertEquals(Terms.charlist("hello"), decoded("string"));
    assertEquals(ListTerm.improper(List.of(Atom.of("a")), Atom.of("b")), decoded("improper"));
    assertEquals(ListTerm.of(ListTerm.of(ListTerm.NIL)), decoded("nested_nil"));
    assertEquals(Binary.of("héllo"), decoded("bin_utf8"));
    assertEquals(BitBinary.of(new byte[] {(byte) 0xA0}, 3), decoded("bits_3"));
    assertEquals(300, ((Tuple) decoded("tuple_large")).arity());
    assertEquals(new Int(300), ((Tuple) decoded("tuple_large")).get(299));
    MapTerm mixed = (MapTerm) decoded("map_mixed");
    assertEquals(ListTerm.of(Atom.of("c")), mixed.get(Atom.of("b")));
    assertEquals(new FloatTerm(1.5), mixed.get(Tuple.of(Atom.of("t"))));
    assertEquals(new Int(49 * 49), ((MapTerm) decoded("map_large")).get(new Int(49)));
    assertEquals(new Pid(Atom.of("a@b"), 42, 7, 5), decoded("pid_remote"));
    assertEquals(new Ref(Atom.of("a@b"), 5, new int[] {1, 2, 3}), decoded("ref_remote"));
    assertEquals(new PortId(Atom.of("a@b"), 1L << 32, 5), decoded("port_v4"));
    assertEquals(new ExportFun(Atom.of("lists"), Atom.of("map"), 2), decoded("export_fun"));
    LocalFun f = assertInstanceOf(LocalFun.class, decoded("local_fun_free"));
    assertEquals(Atom.of("erl_eval"), f.module());
    assertTrue(f.freeVars().size() >= 1, f.toString());
  }

  /** A term we encode, what erl must find in it, and whether erl re-encodes it to our bytes. */
  private record Sent(String mode, byte[] bytes, String predicate, boolean canonical) {}

  private static Sent plain(Term t, String predicate) {
    return new Sent("v1", ExternalFormat.encode(t), predicate, true);
  }

  private static Sent equalTo(Term t, String erlang) {
    return plain(t, "fun(T) -> T =:= " + erlang + " end");
  }

  record Point(int x, int y) {}

  @Test
  void erlDecodesWhatWeEncodeToTheExpectedTerms() {
    Atom ab = Atom.of("a@b");
    BigInteger huge = BigInteger.ONE.shiftLeft(3000).negate().add(BigInteger.valueOf(12345));
    Map<Term, Term> unsorted = new LinkedHashMap<>();
    unsorted.put(Atom.of("b"), new Int(2));
    unsorted.put(Atom.of("a"), new Int(1));
    Map<Term, Term> sorted = new LinkedHashMap<>();
    sorted.put(new Int(1), Atom.of("x"));
    sorted.put(Atom.of("a"), new Int(1));
    sorted.put(Atom.of("b"), Terms.charlist("str"));
    List<Term> bigTuple = new ArrayList<>();
    for (int i = 1; i <= 300; i++) {
      bigTuple.add(new Int(i));
    }
    List<Sent> sent = new ArrayList<>(List.of(
        equalTo(new Int(0), "0"),
        equalTo(new Int(255), "255"),
        equalTo(new Int(256), "256"),
        equalTo(new Int(-1), "-1"),
        equalTo(new Int(Integer.MAX_VALUE), "2147483647"),
        equalTo(new Int(Integer.MIN_VALUE), "-2147483648"),
        equalTo(new Int(1L << 31), "2147483648"),
        equalTo(new Int(Long.MAX_VALUE), Long.toString(Long.MAX_VALUE)),
        equalTo(new Int(Long.MIN_VALUE), Long.toString(Long.MIN_VALUE)),
        equalTo(Terms.integer(BigInteger.ONE.shiftLeft(64)), "(1 bsl 64)"),
        equalTo(Terms.integer(huge), "(-(1 bsl 3000) + 12345)"),
        equalTo(new FloatTerm(1.5), "1.5"),
        equalTo(new FloatTerm(-0.0), "-0.0"),
        equalTo(new FloatTerm(Math.PI), "math:pi()"),
        equalTo(new FloatTerm(Double.MIN_VALUE), "4.9e-324"),
        equalTo(Atom.of("a"), "a"),
        equalTo(Atom.of(""), "''"),
        equalTo(Atom.of("hello world"), "'hello world'"),
        equalTo(Atom.of("éö"), "list_to_atom([233,246])"),
        equalTo(Atom.of("λλ"), "list_to_atom([955,955])"),
        equalTo(Atom.of("λ".repeat(200)), "list_to_atom(lists:duplicate(200, 955))"),
        equalTo(Atom.of("x".repeat(255)), "list_to_atom(lists:duplicate(255, $x))"),
        equalTo(ListTerm.NIL, "[]"),
        equalTo(Terms.charlist("hello"), "\"hello\""),
        equalTo(Terms.charlist("λ"), "[955]"),
        equalTo(ListTerm.of(new Int(1000), Atom.of("a")), "[1000, a]"),
        equalTo(ListTerm.improper(List.of(Atom.of("a")), Atom.of("b")), "[a|b]"),
        equalTo(ListTerm.improper(List.of(new Int(1), new Int(2)), new Int(3)), "[1,2|3]"),
        equalTo(ListTerm.of(ListTerm.of(ListTerm.NIL)), "[[[]]]"),
        equalTo(ListTerm.of(java.util.Collections.nCopies(70000, new Int(7))),
            "lists:duplicate(70000, 7)"),
        equalTo(Binary.of(new byte[0]), "<<>>"),
        equalTo(Binary.of("héllo"), "<<\"h\", 233/utf8, \"llo\">>"),
        equalTo(Binary.of(new byte[100_000]), "<<0:800000>>"),
        equalTo(BitBinary.of(new byte[] {(byte) 0xA0}, 3), "<<5:3>>"),
        equalTo(BitBinary.of(new byte[] {(byte) 0xFF, (byte) 0x80}, 1), "<<255, 1:1>>"),
        equalTo(Tuple.of(), "{}"),
        equalTo(Tuple.of(Atom.OK, Tuple.of(new Int(1), Binary.of("b"))), "{ok, {1, <<\"b\">>}}"),
        equalTo(new Tuple(bigTuple), "list_to_tuple(lists:seq(1, 300))"),
        equalTo(new MapTerm(Map.of()), "#{}"),
        equalTo(new MapTerm(sorted), "#{1 => x, a => 1, b => \"str\"}"),
        equalTo(new Pid(Atom.NONODE, 77, 0, 0), "list_to_pid(\"<0.77.0>\")"),
        plain(new Pid(ab, 42, 7, 5), "fun(T) -> is_pid(T) andalso node(T) =:= 'a@b' end"),
        plain(new Ref(ab, 5, new int[] {1, 2, 3}),
            "fun(T) -> is_reference(T) andalso node(T) =:= 'a@b' end"),
        plain(new PortId(ab, 7, 5), "fun(T) -> is_port(T) andalso node(T) =:= 'a@b' end"),
        plain(new PortId(ab, 1L << 32, 5),
            "fun(T) -> is_port(T) andalso node(T) =:= 'a@b' end"),
        equalTo(new ExportFun(Atom.of("lists"), Atom.of("map"), 2), "fun lists:map/2"),
        equalTo(Terms.from(new Point(1, -2)), "{point, 1, -2}"),
        equalTo(Terms.from(Map.of("k", List.of(1, 2))), "#{<<\"k\">> => [1, 2]}"),
        equalTo(Terms.tuple("s", 1.5, true, new byte[] {1}), "{<<\"s\">>, 1.5, true, <<1>>}")));
    // Erlang sorts a small map's keys when it encodes, so only the value matches, not the bytes.
    sent.add(new Sent("v1", ExternalFormat.encode(new MapTerm(unsorted)),
        "fun(T) -> T =:= #{a => 1, b => 2} end", false));
    Term atoms = Tuple.of(Atom.of("ok"), Atom.of("éö"), new Pid(ab, 1, 2, 3));
    sent.add(new Sent("v2", TermWriter.standard().withUtf8Atoms().encode(atoms),
        "fun(T) -> element(2, T) =:= list_to_atom([233,246]) end", true));
    Term repetitive = ListTerm.of(java.util.Collections.nCopies(500, Atom.of("abc")));
    sent.add(new Sent("z6", ExternalFormat.encode(repetitive, 6),
        "fun(T) -> T =:= lists:duplicate(500, abc) end", true));

    StringBuilder input = new StringBuilder();
    for (Sent s : sent) {
      input.append(s.mode).append('\t').append(HEX.formatHex(s.bytes)).append('\t')
          .append(s.predicate).append('\n');
    }
    String out = ErlPeer.eval("""
        Read = fun R(Acc) ->
            case io:get_line("") of eof -> lists:reverse(Acc); L -> R([L | Acc]) end
          end,
        lists:foreach(fun(Line) ->
            [Mode, HexB, Src] = string:split(string:trim(Line, trailing, "\\n"), "\\t", all),
            B = binary:decode_hex(list_to_binary(HexB)),
            T = binary_to_term(B),
            {ok, Toks, _} = erl_scan:string(Src ++ "."),
            {ok, Exprs} = erl_parse:parse_exprs(Toks),
            {value, F, _} = erl_eval:exprs(Exprs, []),
            Opts = case Mode of
                "v1" -> [];
                "v2" -> [{minor_version, 2}];
                "z6" -> [{compressed, 6}]
            end,
            io:format("~p ~p~n", [F(T), term_to_binary(T, Opts) =:= B])
          end, Read([]))
        """, input.toString());
    String[] lines = out.strip().split("\n");
    assertEquals(sent.size(), lines.length, out);
    for (int i = 0; i < sent.size(); i++) {
      Sent s = sent.get(i);
      assertEquals("true " + s.canonical, lines[i], "vector " + i + ": " + s.predicate);
    }
  }
}
