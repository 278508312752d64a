package dev.bridgekit.ports;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Objects;

/**
 * Reads and writes {@code {packet,N}} frames on blocking streams: the other side of a port, for
 * port programs written in Java (see {@link PortProgram}). It never trusts a length prefix: a
 * prefix above the maximum packet size fails before anything is allocated.
 *
 * <p>Not thread-safe: one reader thread and one writer thread at most, as a port program has.
 */
public final class PacketIO {
  private final InputStream in;
  private final OutputStream out;
  private final Framing.Packet framing;
  private final long maxPacketSize;

  /**
   * Returns frames on {@code in} and {@code out} with an N-byte prefix ({@code headerBytes} 1, 2
   * or 4), refusing incoming frames over {@code maxPacketSize} bytes.
   */
  public PacketIO(InputStream in, OutputStream out, int headerBytes, long maxPacketSize) {
    this.in = Objects.requireNonNull(in, "in");
    this.out = Objects.requireNonNull(out, "out");
    this.framing = Framing.packet(headerBytes);
    if (maxPacketSize < 0 || maxPacketSize > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxPacketSize out of [0, 2^31-9]: " + maxPacketSize);
    }
    this.maxPacketSize = maxPacketSize;
  }

  /**
   * Returns frames on this JVM's own stdin and stdout, unbuffered, for a port program; and points
   * {@link System#out} at stderr, so that a stray {@code println} cannot corrupt a frame. The
   * maximum incoming packet is {@link PortSpec#DEFAULT_MAX_PACKET_SIZE}.
   */
  public static PacketIO stdio(int headerBytes) {
    PacketIO io = new PacketIO(new FileInputStream(FileDescriptor.in),
        new FileOutputStream(FileDescriptor.out), headerBytes, PortSpec.DEFAULT_MAX_PACKET_SIZE);
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    return io;
  }

  /**
   * Returns frames on fds 3 (input) and 4 (output), as a port opened with {@code nouse_stdio}
   * ({@link PortSpec.Builder#noUseStdio}) gives them to its program, so that stdout stays free for
   * logs: {@link System#out} is left alone. The maximum incoming packet is {@link
   * PortSpec#DEFAULT_MAX_PACKET_SIZE}.
   *
   * <p>Fds 3 and 4 are sockets, which the JDK cannot open by number (nor through {@code
   * /proc/self/fd}); they are read and written through libc's {@code read} and {@code write},
   * called through the FFM API. Start the program's JVM with {@code
   * --enable-native-access=dev.bridgekit.ports} ({@code ALL-UNNAMED} on the class path) to keep it
   * from warning about that on stderr.
   */
  public static PacketIO nouseStdio(int headerBytes) {
    return new PacketIO(NativeFd.input(3), NativeFd.output(4), headerBytes,
        PortSpec.DEFAULT_MAX_PACKET_SIZE);
  }

  /**
   * Reads the next payload; returns null at end of input exactly between frames.
   *
   * @throws InvalidPacketException for a prefix over the maximum or input ending inside a frame
   */
  public byte[] read() throws IOException {
    int n = framing.headerBytes();
    byte[] header = new byte[n];
    int got = in.readNBytes(header, 0, n);
    if (got == 0) {
      return null;
    }
    if (got < n) {
      throw truncated(got, n);
    }
    long length = 0;
    for (byte b : header) {
      length = (length << 8) | (b & 0xFF);
    }
    if (length > maxPacketSize) {
      throw new InvalidPacketException(FrameDecoder.PACKET_TOO_LARGE, length,
          "packet of " + length + " bytes exceeds the maximum of " + maxPacketSize);
    }
    byte[] payload = new byte[(int) length];
    int read = in.readNBytes(payload, 0, payload.length);
    if (read < payload.length) {
      throw truncated(n + read, n + length);
    }
    return payload;
  }

  private static InvalidPacketException truncated(long got, long expected) {
    return new InvalidPacketException(FrameDecoder.TRUNCATED_PACKET, got,
        "input ended after " + got + " of " + expected + " bytes of a frame");
  }

  /**
   * Writes {@code payload} with its prefix and flushes.
   *
   * @throws PacketTooLargeException if the prefix cannot carry it; nothing is written
   */
  public void write(byte[] payload) throws IOException {
    byte[] header = FrameEncoder.header(framing, payload.length);
    // One write for the frame: the streams are unbuffered, and a reader sees it whole sooner.
    byte[] frame = new byte[header.length + payload.length];
    System.arraycopy(header, 0, frame, 0, header.length);
    System.arraycopy(payload, 0, frame, header.length, payload.length);
    out.write(frame);
    out.flush();
  }
}
