package dev.bridgekit.dist.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bridgekit.dist.internal.EpmdProtocol.NodeEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EpmdProtocolTest {
  private static final NodeEntry JAVA = new NodeEntry("java", 9100,
      EpmdProtocol.NODE_TYPE_NORMAL, 0, 6, 5, new byte[0]);

  @Test
  void alive2RequestHasTheDocumentedLayout() {
    byte[] req = EpmdProtocol.alive2Request(JAVA);
    assertArrayEquals(new byte[] {0, 17, 120, 0x23, (byte) 0x8c, 77, 0, 0, 6, 0, 5, 0, 4,
        'j', 'a', 'v', 'a', 0, 0}, req);
  }

  @Test
  void alive2RequestDecodesToWhatWasEncoded() throws ProtocolException {
    byte[] req = EpmdProtocol.alive2Request(new NodeEntry("ñode", 1, 72, 0, 6, 6,
        new byte[] {1, 2}));
    ByteReader r = new ByteReader(req, 3, req.length, "ALIVE2_REQ");
    NodeEntry e = EpmdProtocol.parseAlive2Request(r);
    assertEquals("ñode", e.name());
    assertEquals(72, e.nodeType());
    assertArrayEquals(new byte[] {1, 2}, e.extra());
  }

  @Test
  void alive2ResponsesCarry32Or16BitCreations() {
    assertArrayEquals(new byte[] {118, 0, 0x12, 0x34, 0x56, 0x78},
        EpmdProtocol.alive2Response(true, 0, 0x12345678));
    assertArrayEquals(new byte[] {121, 1, 0, 3}, EpmdProtocol.alive2Response(false, 1, 3));
  }

  @Test
  void port2ResponseRoundTripsAndItsErrorFormIsTwoBytes() throws ProtocolException {
    byte[] ok = EpmdProtocol.port2Response(JAVA);
    NodeEntry e = EpmdProtocol.parsePort2Response(new ByteReader(ok, "PORT2_RESP"));
    assertEquals(9100, e.port());
    assertEquals("java", e.name());
    assertEquals(6, e.highestVersion());
    byte[] err = EpmdProtocol.port2Response(null);
    assertArrayEquals(new byte[] {119, 1}, err);
    assertNull(EpmdProtocol.parsePort2Response(new ByteReader(err, "PORT2_RESP")));
  }

  @Test
  void namesResponseParsesBack() throws ProtocolException {
    byte[] resp = EpmdProtocol.namesResponse(4369, List.of(JAVA,
        new NodeEntry("x", 40000, 77, 0, 6, 6, new byte[0])));
    assertEquals("name java at port 9100\nname x at port 40000\n",
        new String(resp, 4, resp.length - 4));
    assertEquals(Map.of("java", 9100, "x", 40000),
        EpmdProtocol.parseNamesResponse(new ByteReader(resp, "NAMES_RESP")));
  }

  @Test
  void truncatedAndMalformedInputFailsWithProtocolException() {
    byte[] req = EpmdProtocol.alive2Request(JAVA);
    for (int cut = 3; cut < req.length; cut++) {
      int end = cut;
      assertThrows(ProtocolException.class, () -> EpmdProtocol.parseAlive2Request(
          new ByteReader(req, 3, end, "ALIVE2_REQ")));
    }
    byte[] resp = EpmdProtocol.port2Response(JAVA);
    for (int cut = 2; cut < resp.length; cut++) {
      int end = cut;
      assertThrows(ProtocolException.class, () -> EpmdProtocol.parsePort2Response(
          new ByteReader(resp, 0, end, "PORT2_RESP")));
    }
    assertThrows(ProtocolException.class, () -> EpmdProtocol.parseNamesResponse(
        new ByteReader("\0\0\0\0garbage\n".getBytes(), "NAMES_RESP")));
  }
}
