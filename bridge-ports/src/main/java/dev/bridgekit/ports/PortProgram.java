package dev.bridgekit.ports;

import java.io.IOException;

/**
 * Runs a request-reply port program on this JVM's stdin and stdout: every {@code {packet,N}}
 * request the port sends is answered with what the handler returns, in order, until the port
 * closes the program's input. A {@code main} method is all it takes:
 *
 * <pre>{@code
 * public static void main(String[] args) throws IOException {
 *   PortProgram.serve(4, request -> reply(request));
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
    PacketIO io = PacketIO.stdio(headerBytes);
    for (byte[] request; (request = io.read()) != null; ) {
      byte[] reply = handler.handle(request);
      if (reply != null) {
        io.write(reply);
      }
    }
  }
}
