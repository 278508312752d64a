package dev.bridgekit.ffi.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The isolated host's wire format, byte by byte, apart from any host. */
class HostProtocolTest {
  @Test
  void aCallEncodesEachArgumentAsTheHostReadsIt() {
    byte[] request = HostProtocol.call(258, 'i', true, new char[] {'b', 'f', 'S', 'B', 'z'},
        new Object[] {(byte) -1, 1.5f, "é", new byte[] {7}, true});
    assertEquals("43" + "0102" + "69" + "01" + "05"
            + "62" + "ffffffffffffffff"
            + "66" + "3fc00000"
            + "53" + "00000002" + "c3a9"
            + "42" + "00000001" + "07"
            + "7a" + "0000000000000001",
        HexFormat.of().formatHex(request));
  }

  @Test
  void nullStringsAndArraysTravelAsTheNullLength() {
    byte[] request = HostProtocol.call(0, 'v', false, new char[] {'S', 'B'},
        new Object[] {null, null});
    assertEquals("43" + "0000" + "76" + "00" + "02" + "53ffffffff" + "42ffffffff",
        HexFormat.of().formatHex(request));
  }

  @Test
  void aReturnedReplyGivesTheValueErrnoAndArrays() {
    ByteBuffer reply = ByteBuffer.allocate(64);
    reply.put((byte) 'R').putInt(2).put((byte) 'S').putInt(2)
        .put("ok".getBytes(StandardCharsets.UTF_8)).putInt(1).put((byte) 9).putInt(-1);
    var r = assertInstanceOf(HostProtocol.Returned.class,
        HostProtocol.read(slice(reply), 'S', 2));
    assertEquals(2, r.errno());
    assertEquals("ok", r.value());
    assertArrayEquals(new byte[] {9}, r.arrays().get(0));
    assertNull(r.arrays().get(1));
  }

  @Test
  void narrowIntegersAndFloatsComeBackInTheirJavaTypes() {
    ByteBuffer b = ByteBuffer.allocate(16).put((byte) 'R').putInt(0).put((byte) 'b').putLong(-128);
    assertEquals((byte) -128, ((HostProtocol.Returned) HostProtocol.read(slice(b), 'b', 0)).value());
    ByteBuffer f = ByteBuffer.allocate(16).put((byte) 'R').putInt(0).put((byte) 'f')
        .putInt(Float.floatToRawIntBits(0.75f));
    assertEquals(0.75f, ((HostProtocol.Returned) HostProtocol.read(slice(f), 'f', 0)).value());
  }

  @Test
  void aFailedReplyCarriesItsCodeFunctionAndText() {
    ByteBuffer b = ByteBuffer.allocate(32).put((byte) 'E').put((byte) 2).putShort((short) 3)
        .putShort((short) 4).put("nope".getBytes(StandardCharsets.US_ASCII));
    var f = assertInstanceOf(HostProtocol.Failed.class, HostProtocol.read(slice(b), 'v', 0));
    assertEquals(HostProtocol.ERR_SYMBOL, f.code());
    assertEquals(3, f.function());
    assertEquals("nope", f.text());
  }

  @Test
  void repliesThatAreShortLongOrOfTheWrongTypeAreRefused() {
    ByteBuffer wrongType = ByteBuffer.allocate(16).put((byte) 'R').putInt(0).put((byte) 'l')
        .putLong(1);
    assertThrows(IllegalArgumentException.class, () -> HostProtocol.read(slice(wrongType), 'i', 0));
    assertThrows(IllegalArgumentException.class,
        () -> HostProtocol.read(new byte[] {'R', 0, 0}, 'i', 0));
    ByteBuffer trailing = ByteBuffer.allocate(16).put((byte) 'K').put((byte) 0);
    assertThrows(IllegalArgumentException.class, () -> HostProtocol.read(slice(trailing), 'v', 0));
    ByteBuffer lying = ByteBuffer.allocate(16).put((byte) 'R').putInt(0).put((byte) 'S')
        .putInt(1_000);
    assertThrows(IllegalArgumentException.class, () -> HostProtocol.read(slice(lying), 'S', 0));
  }

  private static byte[] slice(ByteBuffer b) {
    byte[] out = new byte[b.position()];
    b.flip().get(out);
    return out;
  }
}
