package dev.bridgekit.dist.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.dist.internal.ControlMessage.AliasSend;
import dev.bridgekit.dist.internal.ControlMessage.DemonitorP;
import dev.bridgekit.dist.internal.ControlMessage.Exit;
import dev.bridgekit.dist.internal.ControlMessage.Exit2;
import dev.bridgekit.dist.internal.ControlMessage.Link;
import dev.bridgekit.dist.internal.ControlMessage.MonitorP;
import dev.bridgekit.dist.internal.ControlMessage.MonitorPExit;
import dev.bridgekit.dist.internal.ControlMessage.RegSend;
import dev.bridgekit.dist.internal.ControlMessage.Send;
import dev.bridgekit.dist.internal.ControlMessage.UnlinkId;
import dev.bridgekit.dist.internal.ControlMessage.UnlinkIdAck;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Binary;
import dev.bridgekit.term.Int;
import dev.bridgekit.term.ListTerm;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Tuple;
import dev.bridgekit.term.internal.TermBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Distribution packets: our encoder, our decoder, and the bytes of Erlang's own documents. */
class PacketCodecTest {
  static final Pid LOCAL = new Pid(Atom.of("a@host"), 1, 0, 7);
  static final Pid REMOTE = new Pid(Atom.of("b@host"), 99, 3, 12345678);
  static final Ref REF = new Ref(Atom.of("a@host"), 7, new int[] {1, 2, 3});
  static final long HEADER_FLAGS = DistFlags.ours(false);
  static final long PASS_THROUGH_FLAGS =
      DistFlags.MANDATORY_25 | DistFlags.SEND_SENDER | DistFlags.UNLINK_ID;

  static List<ControlMessage> samples() {
    Term message = Tuple.of(Atom.of("hello"), Binary.of("wörld"), ListTerm.of(new Int(1)));
    return List.of(
        new Send(LOCAL, REMOTE, message),
        new RegSend(LOCAL, Atom.of("echo"), message),
        new AliasSend(LOCAL, REF, message),
        new Link(LOCAL, REMOTE),
        new UnlinkId(42, LOCAL, REMOTE),
        new UnlinkId(-1, LOCAL, REMOTE), // 2^64-1, the largest id
        new UnlinkIdAck(7, REMOTE, LOCAL),
        new Exit(LOCAL, REMOTE, Atom.of("boom")),
        new Exit2(LOCAL, REMOTE, Tuple.of(Atom.of("shutdown"), Atom.of("x"))),
        new MonitorP(LOCAL, REMOTE, REF),
        new MonitorP(LOCAL, Atom.of("registered"), REF),
        new DemonitorP(LOCAL, REMOTE, REF),
        new MonitorPExit(REMOTE, LOCAL, REF, Atom.of("normal")),
        new MonitorPExit(Atom.of("named"), LOCAL, REF, Atom.of("noproc")));
  }

  /** Encodes {@code m} and splits what was written into packets, lengths stripped. */
  static List<byte[]> packets(ControlMessage m, long flags, int fragmentSize) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PacketEncoder(flags, fragmentSize).write(m, out);
    return split(out.toByteArray());
  }

  static List<byte[]> split(byte[] stream) {
    List<byte[]> packets = new ArrayList<>();
    int at = 0;
    while (at < stream.length) {
      int n = ((stream[at] & 0xFF) << 24) | ((stream[at + 1] & 0xFF) << 16)
          | ((stream[at + 2] & 0xFF) << 8) | (stream[at + 3] & 0xFF);
      packets.add(Arrays.copyOfRange(stream, at + 4, at + 4 + n));
      at += 4 + n;
    }
    return packets;
  }

  static ControlMessage decodeAll(PacketDecoder decoder, List<byte[]> packets)
      throws ProtocolException {
    PacketDecoder.Message m = null;
    for (int i = 0; i < packets.size(); i++) {
      m = decoder.decode(packets.get(i));
      if (i < packets.size() - 1) {
        assertNull(m, "an incomplete message decodes to nothing yet");
      }
    }
    assertNotNull(m);
    return ControlMessage.decode(m.control(), m.payload());
  }

  @Test
  void everyControlMessageRoundTripsWithTheDistributionHeader() throws Exception {
    for (ControlMessage m : samples()) {
      List<byte[]> packets = packets(m, HEADER_FLAGS, 1 << 16);
      assertEquals(1, packets.size());
      assertEquals(131, packets.get(0)[0] & 0xFF);
      assertEquals(68, packets.get(0)[1]);
      assertEquals(m, decodeAll(new PacketDecoder(1 << 20), packets), m.toString());
    }
  }

  @Test
  void everyControlMessageRoundTripsInThePassThroughForm() throws Exception {
    for (ControlMessage m : samples()) {
      List<byte[]> packets = packets(m, PASS_THROUGH_FLAGS, 1 << 16);
      assertEquals(112, packets.get(0)[0] & 0xFF);
      ControlMessage back = decodeAll(new PacketDecoder(1 << 20), packets);
      if (m instanceof Exit e) {
        // Without EXIT_PAYLOAD the reason rides in the control tuple: same message.
        assertEquals(e, back);
      } else {
        assertEquals(m, back, m.toString());
      }
    }
  }

  @Test
  void aPeerWithoutSendSenderGetsSendWithoutTheSender() throws Exception {
    Send s = new Send(LOCAL, REMOTE, Atom.OK);
    ControlMessage back = decodeAll(new PacketDecoder(1 << 20),
        packets(s, HEADER_FLAGS & ~DistFlags.SEND_SENDER, 1 << 16));
    assertEquals(new Send(null, REMOTE, Atom.OK), back);
  }

  @Test
  void bigMessagesGoInFragmentsThatReassemble() throws Exception {
    byte[] big = new byte[1000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) i;
    }
    Send s = new Send(LOCAL, REMOTE, Binary.of(big));
    List<byte[]> packets = packets(s, HEADER_FLAGS, 100);
    assertEquals(11, packets.size(), "1005 payload bytes in fragments of 100");
    assertEquals(69, packets.get(0)[1]);
    for (byte[] p : packets.subList(1, packets.size())) {
      assertEquals(70, p[1]);
    }
    assertEquals(s, decodeAll(new PacketDecoder(1 << 20), packets));
  }

  @Test
  void bigBinariesWrittenAsTheyAreEncodeAsTheGeneralEncoderDoes() throws Exception {
    byte[] big = new byte[3 * PacketEncoder.Payload.BIG + 17];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    List<Term> payloads = List.of(
        Binary.of(big),
        Tuple.of(REMOTE, Binary.of(big)),
        Tuple.of(Atom.of("a"), Binary.of(big), ListTerm.of(new Int(1)), Binary.of(big),
            Binary.of("small")));
    for (Term payload : payloads) {
      Send s = new Send(LOCAL, REMOTE, payload);
      for (long flags : new long[] {HEADER_FLAGS, PASS_THROUGH_FLAGS}) {
        for (int fragmentSize : new int[] {1000, 1 << 16, 1 << 20}) {
          List<byte[]> packets = packets(s, flags, fragmentSize);
          assertEquals(s, decodeAll(new PacketDecoder(1 << 24), packets));
        }
      }
      PacketEncoder.Payload parts = PacketEncoder.Payload.of(payload);
      ByteArrayOutputStream whole = new ByteArrayOutputStream();
      parts.write(whole, 0, parts.size());
      assertTrue(Arrays.equals(dev.bridgekit.term.TermWriter.standard().withUtf8Atoms()
          .encode(payload), whole.toByteArray()), "same bytes as the general encoder");
    }
  }

  @Test
  void aBigBinaryCrossesTheCodecWithoutBeingCopied() throws Exception {
    Binary big = Binary.of(new byte[5 * PacketEncoder.Payload.BIG + 3]);
    Send s = new Send(LOCAL, REMOTE, Tuple.of(REMOTE, big));
    PacketEncoder.Packet packet = new PacketEncoder(HEADER_FLAGS, 1 << 16).encode(s);
    byte[] own = TermBytes.runs(big).get(0).array();
    assertTrue(packet.parts().stream().anyMatch(p -> p.array() == own),
        "the packet refers to the binary's own bytes");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    packet.writeTo(out);
    Send back = (Send) decodeAll(new PacketDecoder(1 << 24), split(out.toByteArray()));
    Binary received = (Binary) ((Tuple) back.message()).elements().get(1);
    assertEquals(big, received);
    List<TermBytes.Run> runs = TermBytes.runs(received);
    assertTrue(runs.size() > 1, "the binary stays in the arrays its fragments arrived in: " + runs);

    // Sent on, it goes out from those arrays, and arrives whole again.
    PacketEncoder.Packet echo = new PacketEncoder(HEADER_FLAGS, 1 << 16)
        .encode(new Send(LOCAL, REMOTE, received));
    for (TermBytes.Run run : runs) {
      assertTrue(echo.parts().stream().anyMatch(p -> p.array() == run.array()),
          "the echo refers to the fragments' arrays");
    }
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    echo.writeTo(again);
    Send twice = (Send) decodeAll(new PacketDecoder(1 << 24), split(again.toByteArray()));
    assertEquals(big, twice.message());
  }

  @Test
  void aMessageInManySmallFragmentsIsGatheredIntoFewArrays() throws Exception {
    byte[] data = new byte[100_000];
    new Random(5).nextBytes(data);
    Binary big = Binary.of(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PacketEncoder(HEADER_FLAGS, 200).write(new Send(LOCAL, REMOTE, big), out);
    List<byte[]> packets = split(out.toByteArray());
    assertTrue(packets.size() > 400, packets.size() + " fragments");
    Send back = (Send) decodeAll(new PacketDecoder(1 << 20), packets);
    assertEquals(big, back.message());
    List<TermBytes.Run> runs = TermBytes.runs((Binary) back.message());
    assertTrue(runs.size() <= 3, "the first packet and two gathering arrays: " + runs.size());
  }

  @Test
  void interleavedFragmentedMessagesReassembleSeparately() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PacketEncoder encoder = new PacketEncoder(HEADER_FLAGS, 64);
    Send first = new Send(LOCAL, REMOTE, Binary.of(new byte[300]));
    Send second = new Send(LOCAL, REMOTE, Binary.of(new byte[500]));
    encoder.write(first, out);
    List<byte[]> a = split(out.toByteArray());
    out.reset();
    encoder.write(second, out);
    List<byte[]> b = split(out.toByteArray());
    PacketDecoder decoder = new PacketDecoder(1 << 20);
    List<ControlMessage> done = new ArrayList<>();
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      for (List<byte[]> seq : List.of(b, a)) {
        if (i < seq.size()) {
          PacketDecoder.Message m = decoder.decode(seq.get(i));
          if (m != null) {
            done.add(ControlMessage.decode(m.control(), m.payload()));
          }
        }
      }
    }
    assertEquals(List.of(first, second), done);
    assertEquals(0, decoder.buffered());
  }

  /**
   * The fragmented message of the External Term Format document ("Distribution Header for
   * fragmented messages"), byte for byte, after a packet that caches the two atoms it takes as
   * known.
   */
  @Test
  void theDocumentsFragmentedExampleDecodes() throws Exception {
    PacketDecoder decoder = new PacketDecoder(1 << 20);
    byte[] priming = bytes(131, 68, 2, 0x8C, 0x00, 10, 6, 'a', '@', 'h', 'o', 's', 't',
        5, 6, 'b', '@', 'h', 'o', 's', 't', 104, 1, 97, 5);
    PacketDecoder.Message primed = decoder.decode(priming);
    assertEquals(new ControlMessage.Ignored(ControlMessage.NODE_LINK),
        ControlMessage.decode(primed.control(), primed.payload()));

    ByteArrayOutputStream first = new ByteArrayOutputStream();
    first.writeBytes(bytes(131, 69, 0, 0, 2, 168, 0, 0, 5, 83, 0, 0, 0, 0, 0, 0, 0, 2,
        5, 4, 137, 9, 10, 5, 236, 3, 114, 101, 103, 9, 4, 99, 97, 108, 108,
        238, 13, 115, 101, 116, 95, 103, 101, 116, 95, 115, 116, 97, 116, 101,
        104, 4, 97, 6, 103, 82, 0, 0, 0, 0, 85, 0, 0, 0, 0, 2, 82, 1, 82, 2,
        104, 3, 82, 3, 103, 82, 0, 0, 0, 0, 245, 0, 0, 0, 2, 2,
        104, 2, 82, 4, 109, 0, 0, 0, 128));
    first.writeBytes(new byte[103]);
    assertNull(decoder.decode(first.toByteArray()));
    ByteArrayOutputStream cont = new ByteArrayOutputStream();
    cont.writeBytes(bytes(131, 70, 0, 0, 2, 168, 0, 0, 5, 83, 0, 0, 0, 0, 0, 0, 0, 1));
    cont.writeBytes(new byte[25]);
    PacketDecoder.Message m = decoder.decode(cont.toByteArray());

    Atom a = Atom.of("a@host");
    assertEquals(Tuple.of(new Int(6), new Pid(a, 85, 0, 2), Atom.of("b@host"), Atom.of("reg")),
        m.control());
    assertEquals(Tuple.of(Atom.of("call"), new Pid(a, 245, 2, 2),
        Tuple.of(Atom.of("set_get_state"), Binary.of(new byte[128]))), m.payload());
  }

  @Test
  void longAtomsInTheCacheUseTwoByteLengths() throws Exception {
    String text = "x".repeat(200);
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    // One new reference (segment 0, index 3), and the LongAtoms flag in the next half byte.
    p.writeBytes(bytes(131, 68, 1, 0x18, 3, 0, 200));
    p.writeBytes(text.getBytes());
    p.writeBytes(bytes(104, 1, 82, 0));
    PacketDecoder.Message m = new PacketDecoder(1 << 20).decode(p.toByteArray());
    assertEquals(Tuple.of(Atom.of(text)), m.control());
  }

  @Test
  void malformedPacketsFailWithProtocolException() throws Exception {
    PacketDecoder d = new PacketDecoder(1 << 20);
    assertThrows(ProtocolException.class, () -> d.decode(bytes(7)));
    assertThrows(ProtocolException.class, () -> d.decode(bytes(131, 99)));
    assertThrows(ProtocolException.class, () -> d.decode(bytes(131, 68, 1, 0x00, 9, 104)),
        "a reference to an empty cache entry");
    assertThrows(ProtocolException.class, () -> d.decode(bytes(131, 70, 0, 0, 0, 0, 0, 0, 0, 1,
        0, 0, 0, 0, 0, 0, 0, 1, 0)), "a continuation of nothing");
    byte[] ok = packets(new Link(LOCAL, REMOTE), HEADER_FLAGS, 1 << 16).get(0);
    assertThrows(ProtocolException.class, () -> d.decode(Arrays.copyOf(ok, ok.length - 1)),
        "a truncated control term");
    byte[] junk = Arrays.copyOf(ok, ok.length + 3);
    junk[ok.length] = 97; // SMALL_INTEGER_EXT 0, then one byte too many
    assertThrows(ProtocolException.class, () -> d.decode(junk), "bytes after the last term");
    byte[] withPayload = Arrays.copyOf(ok, ok.length + 2);
    withPayload[ok.length] = 97;
    PacketDecoder.Message m = d.decode(withPayload);
    assertThrows(ProtocolException.class, () -> ControlMessage.decode(m.control(), m.payload()),
        "a LINK followed by a term it does not carry");
  }

  @Test
  void fragmentsOutOfOrderOrOverTheLimitFail() throws Exception {
    List<byte[]> packets = packets(new Send(LOCAL, REMOTE, Binary.of(new byte[1000])),
        HEADER_FLAGS, 100);
    PacketDecoder d = new PacketDecoder(1 << 20);
    d.decode(packets.get(0));
    ProtocolException e = assertThrows(ProtocolException.class, () -> d.decode(packets.get(2)));
    assertTrue(e.getMessage().contains("due"), e.getMessage());

    PacketDecoder small = new PacketDecoder(1024);
    ProtocolException big = assertThrows(ProtocolException.class, () -> {
      for (byte[] p : packets(new Send(LOCAL, REMOTE, Binary.of(new byte[5000])), HEADER_FLAGS,
          100)) {
        small.decode(p);
      }
    });
    assertTrue(big.getMessage().contains("limit"), big.getMessage());
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }
}
