package dev.bridgekit.dist.internal; // not exported

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/** A {@link Carrier} on a {@link java.net.Socket}. */
final class SocketCarrier implements Carrier {
  private final Socket socket;

  /** Wraps {@code socket}, connected or not; closing the carrier closes it. */
  SocketCarrier(Socket socket) {
    this.socket = socket;
  }

  @Override
  public void connect(InetSocketAddress to, int timeoutMillis) throws IOException {
    socket.connect(to, timeoutMillis);
    socket.setTcpNoDelay(true);
  }

  @Override
  public InputStream input() throws IOException {
    return socket.getInputStream();
  }

  @Override
  public OutputStream output() throws IOException {
    return socket.getOutputStream();
  }

  @Override
  public void readTimeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  @Override
  public String peer() {
    return socket.isConnected() ? String.valueOf(socket.getRemoteSocketAddress()) : "unconnected";
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing is the point; nothing is left to do if it fails.
    }
  }
}
