package dev.bridgekit.ports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Int;
import dev.bridgekit.term.Tuple;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

  /** What a reader makes of the input: the pieces in order, then how it ended. */
  record Outcome(List<String> pieces, String end) {}

  /**
   * Feeds {@code input} to {@code decoder} in chunks cut at {@code cuts} (ascending offsets), as
   * a port's reader does: append, decode until NeedMore, compact; at the end decodeAtEof.
   */
  static Outcome feed(FrameDecoder decoder, byte[] input, int[] cuts) {
    ByteBuffer buf = ByteBuffer.allocate(input.length + 8);
    List<String> pieces = new ArrayList<>();
    int from = 0;
    for (int i = 0; i <= cuts.length; i++) {
      int to = i < cuts.length ? cuts[i] : input.length;
      buf.put(input, from, to - from);
      from = to;
      buf.flip();
      while (true) {
        Decoded d = decoder.decode(buf);
        if (d instanceof Decoded.NeedMore n) {
          assertEquals(true, n.atLeast() > 0, "NeedMore asks for at least a byte");
          break;
        }
        if (d instanceof Decoded.Invalid bad) {
          return new Outcome(pieces, "invalid " + bad.reason() + " " + bad.size());
        }
        pieces.add(show(d));
      }
      buf.compact();
    }
    buf.flip();
    while (true) {
      Decoded d = decoder.decodeAtEof(buf);
      switch (d) {
        case Decoded.End e -> {
          return new Outcome(pieces, "end");
        }
        case Decoded.Invalid bad -> {
          return new Outcome(pieces, "invalid " + bad.reason() + " " + bad.size());
        }
        case Decoded.NeedMore n -> throw new AssertionError("NeedMore at EOF");
        default -> pieces.add(show(d));
      }
    }
  }

  static String show(Decoded d) {
    return switch (d) {
      case Decoded.Frame f -> new String(f.data(), StandardCharsets.ISO_8859_1);
      case Decoded.LinePiece l ->
          (l.eol() ? "eol:" : "noeol:") + new String(l.data(), StandardCharsets.ISO_8859_1);
      default -> throw new AssertionError(d);
    };
  }

  static byte[] packets(int headerBytes, String... payloads) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String p : payloads) {
      out.writeBytes(FrameEncoder.encode(Framing.packet(headerBytes),
          p.getBytes(StandardCharsets.ISO_8859_1)));
    }
    return out.toByteArray();
  }

  static int[] everyByte(int length) {
    int[] cuts = new int[Math.max(0, length - 1)];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = i + 1;
    }
    return cuts;
  }

  /** Asserts that one cut at every offset, and byte-by-byte feeding, give {@code expected}. */
  static void assertEverySplit(FrameDecoder decoder, byte[] input, Outcome expected) {
    assertEquals(expected, feed(decoder, input, new int[0]), "whole input");
    for (int cut = 0; cut <= input.length; cut++) {
      assertEquals(expected, feed(decoder, input, new int[] {cut}), "cut at " + cut);
    }
    assertEquals(expected, feed(decoder, input, everyByte(input.length)), "byte by byte");
  }

  @Test
  void packetFramesSurviveEverySplitPointForEveryHeaderSize() {
    String big = "x".repeat(300);
    for (int n : new int[] {1, 2, 4}) {
      String[] payloads = n == 1
          ? new String[] {"hello", "", "a", "world!", "\n\0\u00ff"}
          : new String[] {"hello", "", big, "a", "\n\0\u00ff"};
      byte[] input = packets(n, payloads);
      assertEverySplit(new FrameDecoder(Framing.packet(n), 1 << 20), input,
          new Outcome(List.of(payloads), "end"));
    }
  }

  @Test
  void packetFramesSurviveRandomChunking() {
    Random random = new Random(42);
    String[] payloads = new String[200];
    for (int i = 0; i < payloads.length; i++) {
      char[] c = new char[random.nextInt(600)];
      for (int j = 0; j < c.length; j++) {
        c[j] = (char) random.nextInt(256);
      }
      payloads[i] = new String(c);
    }
    byte[] input = packets(4, payloads);
    FrameDecoder decoder = new FrameDecoder(Framing.packet(4), 1 << 20);
    for (int round = 0; round < 50; round++) {
      int[] cuts = random.ints(random.nextInt(300), 0, input.length + 1).sorted().toArray();
      assertEquals(new Outcome(List.of(payloads), "end"), feed(decoder, input, cuts));
    }
  }

  @Test
  void aPrefixAnnouncingMoreThanTheMaximumIsInvalidWithTheSizeAndConsumesNothing() {
    FrameDecoder decoder = new FrameDecoder(Framing.packet(4), 10);
    byte[] input = packets(4, "ok", "0123456789", "0123456789A", "never");
    assertEverySplit(decoder, input,
        new Outcome(List.of("ok", "0123456789"), "invalid packet_too_large 11"));

    ByteBuffer tooBig = ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    Decoded.Invalid bad = assertInstanceOf(Decoded.Invalid.class, decoder.decode(tooBig));
    assertEquals(4294967295L, bad.size(), "a 4-byte prefix is unsigned");
    assertEquals(0, tooBig.position());
    assertEquals(Tuple.of(Atom.of("packet_too_large"), Int.of(4294967295L)), bad.exitReason());
  }

  @Test
  void theMaximumIsEnforcedBeforeThePayloadArrives() {
    FrameDecoder decoder = new FrameDecoder(Framing.packet(2), 100);
    ByteBuffer header = ByteBuffer.wrap(new byte[] {0x01, 0x00});
    assertEquals(new Decoded.Invalid(FrameDecoder.PACKET_TOO_LARGE, 256), decoder.decode(header));
    ByteBuffer ok = ByteBuffer.wrap(new byte[] {0x00, 0x64});
    assertEquals(new Decoded.NeedMore(100), decoder.decode(ok), "the whole rest of the frame");
    assertEquals(new Decoded.NeedMore(1), decoder.decode(ByteBuffer.wrap(new byte[] {0x00})));
  }

  @Test
  void inputEndingInsideAFrameIsTruncatedAtEveryCut() {
    byte[] whole = packets(2, "first", "second");
    int firstEnd = 2 + "first".length();
    FrameDecoder decoder = new FrameDecoder(Framing.packet(2), 1000);
    for (int len = 0; len <= whole.length; len++) {
      byte[] input = java.util.Arrays.copyOf(whole, len);
      Outcome expected;
      if (len < firstEnd) {
        expected = new Outcome(List.of(), len == 0 ? "end" : "invalid truncated_packet " + len);
      } else if (len < whole.length) {
        expected = new Outcome(List.of("first"),
            len == firstEnd ? "end" : "invalid truncated_packet " + (len - firstEnd));
      } else {
        expected = new Outcome(List.of("first", "second"), "end");
      }
      assertEquals(expected, feed(decoder, input, everyByte(len)), "input of " + len + " bytes");
      assertEquals(expected, feed(decoder, input, new int[0]), "input of " + len + " bytes");
    }
    assertEquals(Atom.of("truncated_packet"),
        new Decoded.Invalid(FrameDecoder.TRUNCATED_PACKET, 3).exitReason());
  }

  /** Erlang's line buffer, written the obvious way, as the reference the decoder must match. */
  static List<String> referenceLines(String input, int max) {
    List<String> out = new ArrayList<>();
    int start = 0;
    while (start < input.length()) {
      int nl = input.indexOf('\n', start);
      String line = nl < 0 ? input.substring(start) : input.substring(start, nl);
      int at = 0;
      while (line.length() - at > max) {
        out.add("noeol:" + line.substring(at, at + max));
        at += max;
      }
      if (nl >= 0) {
        out.add("eol:" + line.substring(at));
        start = nl + 1;
      } else {
        if (at < line.length()) {
          out.add("noeol:" + line.substring(at));
        }
        start = input.length();
      }
    }
    return out;
  }

  @Test
  void linesSplitAtTheMaximumAsErlangDoesAtEverySplitPoint() {
    String input = "hello\n\nabcd\nabcdefghij\nabcdefghi\nxyz\nabcdefghijk\ntail-without-newline";
    for (int max : new int[] {1, 3, 4, 5, 9, 10, 100}) {
      List<String> expected = referenceLines(input, max);
      assertEverySplit(new FrameDecoder(Framing.line(max), 0),
          input.getBytes(StandardCharsets.ISO_8859_1), new Outcome(expected, "end"));
    }
    assertEquals(List.of("eol:abcd", "noeol:abcd", "eol:e", "noeol:ab"),
        referenceLines("abcd\nabcde\nab", 4), "the reference itself, by hand");
  }

  @Test
  void aLineOfExactlyTheMaximumWaitsForOneMoreByteToChooseEolOrNoeol() {
    FrameDecoder decoder = new FrameDecoder(Framing.line(4), 0);
    ByteBuffer exact = ByteBuffer.wrap("abcd".getBytes(StandardCharsets.US_ASCII));
    assertEquals(new Decoded.NeedMore(1), decoder.decode(exact));
    assertEquals(0, exact.position());
    assertEquals("noeol:abcd", show(decoder.decodeAtEof(exact)));
    assertEquals(new Decoded.End(), decoder.decodeAtEof(exact));
  }

  @Test
  void streamPassesEveryByteThroughInOrder() {
    byte[] input = "any\0bytes\n at all".getBytes(StandardCharsets.ISO_8859_1);
    FrameDecoder decoder = new FrameDecoder(Framing.stream(), 0);
    for (int cut = 0; cut <= input.length; cut++) {
      Outcome got = feed(decoder, input, new int[] {cut});
      assertEquals(new String(input, StandardCharsets.ISO_8859_1), String.join("", got.pieces()));
      assertEquals("end", got.end());
    }
  }

  @Test
  void encoderRefusesPayloadsThePrefixCannotCarry() {
    assertEquals(4, FrameEncoder.encode(Framing.packet(1), new byte[3]).length);
    assertArrayEquals(new byte[] {(byte) 0xFF}, FrameEncoder.header(Framing.packet(1), 255));
    PacketTooLargeException e = assertThrows(PacketTooLargeException.class,
        () -> FrameEncoder.header(Framing.packet(1), 256));
    assertEquals(256, e.length());
    assertEquals(255, e.max());
    assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFF}, FrameEncoder.header(Framing.packet(2), 65535));
    assertThrows(PacketTooLargeException.class, () -> FrameEncoder.header(Framing.packet(2), 65536));
    assertArrayEquals(new byte[] {0, 1, 0, 0}, FrameEncoder.header(Framing.packet(4), 65536));
    assertArrayEquals(new byte[0], FrameEncoder.header(Framing.line(10), 1 << 20));
    assertArrayEquals(new byte[0], FrameEncoder.header(Framing.stream(), 1 << 20));
  }

  @Test
  void framingArgumentsAreValidatedWithTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Framing.packet(3));
    assertEquals(true, e.getMessage().contains("3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Framing.line(0));
    assertThrows(IllegalArgumentException.class, () -> new FrameDecoder(Framing.stream(), -1));
  }
}
