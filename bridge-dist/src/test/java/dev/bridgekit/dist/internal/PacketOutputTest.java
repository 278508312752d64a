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

  /** A socket that takes the "more follows" hint, as a native carrier's does. */
  static final class CorkableSocket extends Socket implements CorkableOutput {
    @Override
    public void writeMore(byte[] b, int off, int len) {
      record(b, off, len, true);
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
  void onACorkableSocketTheRunBeforeABigOneIsSentWithMoreToFollow() throws IOException {
    CorkableSocket socket = new CorkableSocket();
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
    CorkableSocket socket = new CorkableSocket();
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
