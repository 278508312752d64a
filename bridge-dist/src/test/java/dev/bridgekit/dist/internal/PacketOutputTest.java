package dev.bridgekit.dist.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The socket output of a connection: small runs buffered, big ones written in place. */
class PacketOutputTest {
  /** One write call the socket saw: the array it was handed, the bytes, and "more follows". */
  record Call(byte[] array, byte[] bytes, boolean more) {}

  /** Records every call, and the bytes in order. */
  static class Socket extends OutputStream {
    final List<Call> calls = new ArrayList<>();
    final ByteArrayOutputStream all = new ByteArrayOutputStream();
    int flushes;

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      record(b, off, len, false);
    }

    void record(byte[] b, int off, int len, boolean more) {
      calls.add(new Call(b, Arrays.copyOfRange(b, off, off + len), more));
      all.write(b, off, len);
    }

    @Override
    public void flush() {
      flushes++;
    }
  }

  /**
   * A socket that takes the "more follows" hint and writes that do not wait, as a native
   * carrier's does, with room for {@link #room} more bytes (a write that waits takes all).
   */
  static final class NativeSocket extends Socket implements SocketOutput {
    long room = Long.MAX_VALUE;

    @Override
    public void writeMore(byte[] b, int off, int len) {
      record(b, off, len, true);
    }

    @Override
    public int writeNow(byte[] b, int off, int len, boolean more) {
      int n = (int) Math.min(len, room);
      room -= n;
      if (n > 0) {
        record(b, off, n, more);
      }
      return n;
    }
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  @Test
  void smallRunsWaitInTheBufferUntilFlushedAndGoOutInOneCall() throws IOException {
    Socket socket = new Socket();
    PacketOutput out = new PacketOutput(socket, 1 << 16);
    out.write(bytes(10, 1), 0, 10);
    out.write(7);
    out.write(bytes(100, 2), 50, 50);
    assertEquals(0, socket.calls.size());
    out.flush();
    assertEquals(1, socket.calls.size());
    assertEquals(1, socket.flushes);
    byte[] expected = new byte[61];
    System.arraycopy(bytes(10, 1), 0, expected, 0, 10);
    expected[10] = 7;
    System.arraycopy(bytes(100, 2), 50, expected, 11, 50);
    assertArrayEquals(expected, socket.all.toByteArray());
  }

  @Test
  void aBigRunIsWrittenFromTheCallersArrayAfterWhatWasBufferedBeforeIt() throws IOException {
    Socket socket = new Socket();
    PacketOutput out = new PacketOutput(socket, 1 << 16);
    byte[] header = bytes(22, 3);
    byte[] body = bytes(PacketOutput.DIRECT * 4, 4);
    out.write(header, 0, header.length);
    out.write(body, 8, body.length - 8);
    assertEquals(2, socket.calls.size(), "the header, then the body: no flush needed for them");
    assertArrayEquals(header, socket.calls.get(0).bytes());
    assertSame(body, socket.calls.get(1).array(), "the body must not be copied");
    assertArrayEquals(Arrays.copyOfRange(body, 8, body.length), socket.calls.get(1).bytes());
    out.write(header, 0, 5);
    out.flush();
    assertEquals(3, socket.calls.size());
    assertEquals(22 + body.length - 8 + 5, socket.all.size());
  }

  @Test
  void onANativeSocketTheRunBeforeABigOneIsSentWithMoreToFollow() throws IOException {
    NativeSocket socket = new NativeSocket();
    PacketOutput out = new PacketOutput(socket, 1 << 16);
    byte[] header = bytes(22, 5);
    byte[] body = bytes(PacketOutput.DIRECT, 6);
    out.write(header, 0, header.length);
    out.write(body, 0, body.length);
    out.write(header, 0, header.length);
    out.flush();
    assertEquals(3, socket.calls.size());
    assertTrue(socket.calls.get(0).more(), "the header goes with the body after it");
    assertFalse(socket.calls.get(1).more());
    assertFalse(socket.calls.get(2).more(), "a flush holds nothing back");
  }

  @Test
  void aRunThatDoesNotFitWhatIsLeftOfTheBufferWritesTheBufferFirst() throws IOException {
    NativeSocket socket = new NativeSocket();
    PacketOutput out = new PacketOutput(socket, PacketOutput.DIRECT);
    byte[] a = bytes(PacketOutput.DIRECT - 100, 5);
    byte[] b = bytes(200, 6);
    out.write(a, 0, a.length);
    out.write(b, 0, b.length);
    assertEquals(1, socket.calls.size());
    assertArrayEquals(a, socket.calls.get(0).bytes());
    assertFalse(socket.calls.get(0).more());
    out.flush();
    assertArrayEquals(b, socket.calls.get(1).bytes());
  }

  @Test
  void bytesOneAtATimeFillTheBufferThenGoOut() throws IOException {
    Socket socket = new Socket();
    PacketOutput out = new PacketOutput(socket, PacketOutput.DIRECT);
    for (int i = 0; i <= PacketOutput.DIRECT; i++) {
      out.write(i);
    }
    assertEquals(1, socket.calls.size());
    assertEquals(PacketOutput.DIRECT, socket.calls.get(0).bytes().length);
    out.flush();
    assertEquals(PacketOutput.DIRECT + 1, socket.all.size());
  }

  @Test
  void writeNowBuffersSmallRunsAndWritesABigOneAsFarAsTheSocketTakesIt() throws IOException {
    NativeSocket socket = new NativeSocket();
    PacketOutput out = new PacketOutput(socket, 1 << 16);
    assertTrue(out.writesWithoutWaiting());
    byte[] header = bytes(22, 7);
    byte[] body = bytes(PacketOutput.DIRECT * 2, 8);
    socket.room = 22 + 1000;
    assertEquals(22, out.writeNow(header, 0, 22));
    assertEquals(0, socket.calls.size(), "a small run waits in the buffer");
    assertEquals(1000, out.writeNow(body, 0, body.length), "as much as there is room for");
    assertTrue(socket.calls.get(0).more(), "the header goes with the body after it");
    assertSame(body, socket.calls.get(1).array());
    assertEquals(0, out.writeNow(body, 1000, body.length - 1000), "the socket is full");
    socket.room = Long.MAX_VALUE;
    out.write(body, 1000, body.length - 1000);
    out.flush();
    byte[] expected = new byte[22 + body.length];
    System.arraycopy(header, 0, expected, 0, 22);
    System.arraycopy(body, 0, expected, 22, body.length);
    assertArrayEquals(expected, socket.all.toByteArray());
  }

  @Test
  void whatTheSocketDidNotTakeOfTheBufferStaysInItInOrder() throws IOException {
    NativeSocket socket = new NativeSocket();
    PacketOutput out = new PacketOutput(socket, PacketOutput.DIRECT);
    byte[] a = bytes(PacketOutput.DIRECT - 10, 9);
    byte[] b = bytes(100, 10);
    assertEquals(a.length, out.writeNow(a, 0, a.length));
    socket.room = 50;
    assertEquals(0, out.writeNow(b, 0, b.length), "no room in the buffer, none in the socket");
    assertFalse(out.drainNow());
    socket.room = Long.MAX_VALUE;
    assertTrue(out.drainNow());
    assertEquals(b.length, out.writeNow(b, 0, b.length));
    out.flush();
    byte[] expected = new byte[a.length + b.length];
    System.arraycopy(a, 0, expected, 0, a.length);
    System.arraycopy(b, 0, expected, a.length, b.length);
    assertArrayEquals(expected, socket.all.toByteArray());
  }

  @Test
  void aPacketWrittenInPartLeavesARestThatWritesTheOtherBytesInOrder() throws IOException {
    byte[] head = bytes(30, 11);
    byte[] body = bytes(PacketOutput.DIRECT * 3, 12);
    byte[] tail = bytes(5, 13);
    PacketEncoder.Packet packet = new PacketEncoder.Packet(List.of(new PacketEncoder.Part(head),
        new PacketEncoder.Part(body, 10, body.length - 20), new PacketEncoder.Part(tail)));
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    packet.writeTo(expected);
    for (long room : new long[] {0, 29, 30, 31, 5000, packet.size() - 5, packet.size()}) {
      NativeSocket socket = new NativeSocket();
      PacketOutput out = new PacketOutput(socket, 1 << 16);
      socket.room = room;
      PacketEncoder.Rest rest = packet.writeNow(out);
      socket.room = Long.MAX_VALUE;
      if (room == 0) {
        assertEquals(packet.size() - head.length, rest.size(), "the head waits in the buffer");
      }
      if (rest != null) {
        rest.writeTo(out);
      }
      out.flush();
      assertArrayEquals(expected.toByteArray(), socket.all.toByteArray(), "room " + room);
    }
  }

  @Test
  void writeNowIsRefusedOnAStreamThatMayWait() {
    PacketOutput out = new PacketOutput(new Socket(), 1 << 16);
    assertFalse(out.writesWithoutWaiting());
    assertThrows(IllegalStateException.class, () -> out.writeNow(new byte[1], 0, 1));
  }

  @Test
  void aBufferSmallerThanABigRunIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> new PacketOutput(new Socket(), PacketOutput.DIRECT - 1));
  }

  @Test
  void badBoundsAreRefusedBeforeAnythingIsWritten() throws IOException {
    Socket socket = new Socket();
    PacketOutput out = new PacketOutput(socket, 1 << 16);
    assertThrows(IndexOutOfBoundsException.class, () -> out.write(new byte[4], 2, 3));
    out.flush();
    assertEquals(0, socket.all.size());
  }
}
