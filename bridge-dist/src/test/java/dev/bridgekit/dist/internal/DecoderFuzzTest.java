package dev.bridgekit.dist.internal;

import static org.junit.jupiter.api.Assertions.fail;

import dev.bridgekit.dist.internal.EpmdProtocol.NodeEntry;
import dev.bridgekit.term.Atom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds the decoders of everything a peer sends (handshake messages, distribution packets and
 * control messages, EPMD messages) random bytes and mutations of valid input, from fixed seeds:
 * they may only fail with {@link ProtocolException}.
 */
class DecoderFuzzTest {
  private static final int ROUNDS = 20_000;

  private interface Decoder {
    void decode(byte[] bytes) throws Exception;
  }

  private static void fuzz(long seed, List<byte[]> valid, Decoder decoder) {
    Random random = new Random(seed);
    for (int round = 0; round < ROUNDS; round++) {
      byte[] input;
      if (round % 4 == 0 || valid.isEmpty()) {
        input = new byte[random.nextInt(64)];
        random.nextBytes(input);
      } else {
        input = mutate(valid.get(random.nextInt(valid.size())), random);
      }
      try {
        decoder.decode(input);
      } catch (ProtocolException expected) {
        // the one failure allowed
      } catch (Exception | Error e) {
        fail("seed " + seed + " round " + round + ": " + e + " on " + Arrays.toString(input), e);
      }
    }
  }

  private static byte[] mutate(byte[] valid, Random random) {
    byte[] b = valid.clone();
    switch (random.nextInt(4)) {
      case 0 -> {
        for (int i = random.nextInt(4); i >= 0 && b.length > 0; i--) {
          b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
      }
      case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length + 1));
      case 2 -> {
        b = Arrays.copyOf(b, b.length + 1 + random.nextInt(8));
        for (int i = valid.length; i < b.length; i++) {
          b[i] = (byte) random.nextInt(256);
        }
      }
      default -> {
        if (b.length > 0) {
          int i = random.nextInt(b.length);
          b[i] = (byte) (random.nextBoolean() ? 0xFF : 0x00);
        }
      }
    }
    return b;
  }

  @Test
  void handshakeDecodersFailOnlyWithProtocolException() {
    long flags = DistFlags.ours(false);
    List<byte[]> valid = List.of(
        new HandshakeMessage.Name(true, flags, 77, "a@host").encode(),
        new HandshakeMessage.Name(false, flags, 0, "a@host").encode(),
        new HandshakeMessage.Status("ok_simultaneous").encode(),
        new HandshakeMessage.Challenge(true, flags, 12345, 9, "b@host").encode(),
        new HandshakeMessage.Challenge(false, flags, 12345, 0, "b@host").encode(),
        new HandshakeMessage.Complement(4, 9).encode(),
        new HandshakeMessage.ChallengeReply(5, new byte[16]).encode(),
        new HandshakeMessage.ChallengeAck(new byte[16]).encode());
    fuzz(1, valid, HandshakeMessage::parseName);
    fuzz(2, valid, HandshakeMessage::parseStatus);
    fuzz(3, valid, HandshakeMessage::parseChallenge);
    fuzz(4, valid, HandshakeMessage::parseComplement);
    fuzz(5, valid, HandshakeMessage::parseChallengeReply);
    fuzz(6, valid, HandshakeMessage::parseChallengeAck);
  }

  @Test
  void packetAndControlMessageDecodersFailOnlyWithProtocolException() throws Exception {
    List<byte[]> valid = new ArrayList<>();
    for (ControlMessage m : PacketCodecTest.samples()) {
      valid.addAll(PacketCodecTest.packets(m, PacketCodecTest.HEADER_FLAGS, 1 << 16));
      valid.addAll(PacketCodecTest.packets(m, PacketCodecTest.PASS_THROUGH_FLAGS, 1 << 16));
    }
    valid.addAll(PacketCodecTest.packets(new ControlMessage.Send(PacketCodecTest.LOCAL,
        PacketCodecTest.REMOTE, Atom.of("x".repeat(200))), PacketCodecTest.HEADER_FLAGS, 64));
    valid.add(PacketCodecTest.bytes(131, 68, 2, 0x8C, 0x00, 10, 6, 'a', '@', 'h', 'o', 's', 't',
        5, 6, 'b', '@', 'h', 'o', 's', 't', 104, 1, 97, 5));
    // One decoder for the whole run, as a connection has: its atom cache and reassembly state
    // carry from packet to packet.
    PacketDecoder decoder = new PacketDecoder(1 << 16);
    fuzz(7, valid, bytes -> {
      PacketDecoder.Message m = decoder.decode(bytes);
      if (m != null) {
        ControlMessage.decode(m.control(), m.payload());
      }
    });
  }

  @Test
  void epmdDecodersFailOnlyWithProtocolException() {
    NodeEntry entry = new NodeEntry("node", 4000, 77, 0, 6, 5, new byte[] {1});
    byte[] alive = EpmdProtocol.alive2Request(entry);
    List<byte[]> valid = List.of(Arrays.copyOfRange(alive, 3, alive.length),
        EpmdProtocol.port2Response(entry),
        EpmdProtocol.namesResponse(4369, List.of(entry, entry)));
    fuzz(8, valid, b -> EpmdProtocol.parseAlive2Request(new ByteReader(b, "ALIVE2_REQ")));
    fuzz(9, valid, b -> EpmdProtocol.parsePort2Response(new ByteReader(b, "PORT2_RESP")));
    fuzz(10, valid, b -> EpmdProtocol.parseNamesResponse(new ByteReader(b, "NAMES_RESP")));
  }
}
