package dev.bridgekit.dist.internal; // not exported

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

/** Makes the node's carriers and its listener. */
public final class Carriers {
  private Carriers() {}

  /** Listens on {@code port} (0: any) of {@code address} (null: every address). */
  public static CarrierListener listen(InetAddress address, int port, int backlog)
      throws IOException {
    return ServerSocketListener.listen(address, port, backlog);
  }

  /** Returns an unconnected carrier for an address of the same family as {@code peer}. */
  public static Carrier unconnected(InetAddress peer) {
    return new SocketCarrier(new Socket());
  }

  /** Wraps a {@code java.net} socket (for tests that play a peer by hand). */
  public static Carrier of(Socket socket) {
    return new SocketCarrier(socket);
  }
}
