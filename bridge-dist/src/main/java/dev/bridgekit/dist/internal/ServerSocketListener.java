package dev.bridgekit.dist.internal; // not exported

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A {@link CarrierListener} on a {@link java.net.ServerSocket}, the portable one. */
final class ServerSocketListener implements CarrierListener {
  private final ServerSocket socket;

  private ServerSocketListener(ServerSocket socket) {
    this.socket = socket;
  }

  /** Listens on {@code port} (0: any) of {@code address} (null: every address). */
  static ServerSocketListener listen(InetAddress address, int port, int backlog)
      throws IOException {
    ServerSocket s = new ServerSocket();
    try {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(address, port), backlog);
      return new ServerSocketListener(s);
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  @Override
  public Carrier accept() throws IOException {
    Socket s = socket.accept();
    try {
      s.setTcpNoDelay(true);
    } catch (IOException e) {
      s.close();
      throw e;
    }
    return new SocketCarrier(s);
  }

  @Override
  public int localPort() {
    return socket.getLocalPort();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // The port is released with the socket either way.
    }
  }
}
