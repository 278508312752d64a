package dev.bridgekit.ports;

import java.io.IOException;

/**
 * Runs a request-reply port program on this JVM's stdin and stdout (or, for a port opened with
 * {@code nouse_stdio}, on fds 3 and 4): every {@code {packet,N}} request the port sends is
 * answered with what the handler returns, in order, until the port closes the program's input. A
 * {@code main} method is all it takes:
 *
 * <pre>{@code
 * public static void main(String[] args) throws IOException {
 *   PortProgram.serve(4, request -> reply(request));
 *   // or, with nouse_stdio, stdout free for logs:
 *   PortProgram.serve(PacketIO.nouseStdio(4), request -> reply(request));
 * }
 * }</pre>
 */
public final class PortProgram {
  private PortProgram() {}

  /** Answers one request; returns the reply, or null to send none. */
  @FunctionalInterface
  public interface Handler {
    byte[] handle(byte[] request) throws IOException;
  }

  /**
   * Serves requests from stdin until its end, replying on stdout (see {@link PacketIO#stdio}).
   *
   * @throws InvalidPacketException when the port sends a bad frame
   */
  public static void serve(int headerBytes, Handler handler) throws IOException {
    serve(PacketIO.stdio(headerBytes), handler);
  }

  /**
   * Serves requests read from {@code io} until its input ends, replying on it: for instance
   * {@link PacketIO#nouseStdio}'s fds 3 and 4.
   *
   * @throws InvalidPacketException when the port sends a bad frame
   */
  public static void serve(PacketIO io, Handler handler) throws IOException {
    for (byte[] request; (request = io.read()) != null; ) {
      byte[] reply = handler.handle(request);
      if (reply != null) {
        io.write(reply);
      }
    }
  }
}
