package dev.bridgekit.ports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketIOTest {

  static PacketIO over(byte[] input, ByteArrayOutputStream out, int n, long max) {
    return new PacketIO(new ByteArrayInputStream(input), out, n, max);
  }

  @Test
  void writtenPacketsReadBackAndEndCleanly() throws Exception {
    for (int n : new int[] {1, 2, 4}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PacketIO writer = over(new byte[0], out, n, 1000);
      writer.write("hello".getBytes(StandardCharsets.UTF_8));
      writer.write(new byte[0]);
      writer.write(new byte[255]);
      assertEquals(n + 5 + n + n + 255, out.size());
      PacketIO reader = over(out.toByteArray(), new ByteArrayOutputStream(), n, 1000);
      assertEquals("hello", new String(reader.read(), StandardCharsets.UTF_8));
      assertArrayEquals(new byte[0], reader.read());
      assertEquals(255, reader.read().length);
      assertNull(reader.read(), "end of input between frames");
    }
  }

  @Test
  void aPrefixOverTheMaximumFailsBeforeAllocating() {
    PacketIO reader = over(new byte[] {(byte) 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
        new ByteArrayOutputStream(), 4, 1 << 20);
    InvalidPacketException e = assertThrows(InvalidPacketException.class, reader::read);
    assertEquals(FrameDecoder.PACKET_TOO_LARGE, e.reason());
    assertEquals(0x7FFFFFFFL, e.size());
  }

  @Test
  void inputEndingInsideAFrameIsTruncatedAtEveryCut() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    over(new byte[0], out, 2, 100).write("abcdef".getBytes(StandardCharsets.UTF_8));
    byte[] whole = out.toByteArray();
    for (int len = 1; len < whole.length; len++) {
      PacketIO reader = over(Arrays.copyOf(whole, len), new ByteArrayOutputStream(), 2, 100);
      InvalidPacketException e = assertThrows(InvalidPacketException.class, reader::read, "cut at " + len);
      assertEquals(FrameDecoder.TRUNCATED_PACKET, e.reason());
      assertEquals(len, e.size());
    }
  }

  @Test
  void aPayloadThePrefixCannotCarryWritesNothing() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PacketIO writer = over(new byte[0], out, 1, 100);
    assertThrows(PacketTooLargeException.class, () -> writer.write(new byte[256]));
    assertEquals(0, out.size());
  }
}
