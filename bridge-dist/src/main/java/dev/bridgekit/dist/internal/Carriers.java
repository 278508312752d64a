package dev.bridgekit.dist.internal; // not exported

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the node's carriers and its listener: native ones ({@link NativeCarrier}) where {@link
 * NativeSockets} works (Linux with native access), else {@code java.net} ones. The native ones
 * read and write the messages' own arrays, where {@code java.net} copies every byte through a
 * direct buffer of its own, both ways. Measured with an 8 MB message echoed back to erl
 * (bench dist.big_message, same run): a round trip of 6.1 to 6.2 ms against 6.5 to 6.7 ms, of
 * which the reassembly 2.4 ms against 3.1 ms. The system property
 * {@code bridgekit.dist.nativeSockets=false} turns them off.
 */
public final class Carriers {
  private static final Logger LOG = LoggerFactory.getLogger(Carriers.class);
  private static final boolean NATIVE = chooseNative();

  private Carriers() {}

  private static boolean chooseNative() {
    if ("false".equals(System.getProperty("bridgekit.dist.nativeSockets"))) {
      LOG.debug("distribution sockets: java.net (-Dbridgekit.dist.nativeSockets=false)");
      return false;
    }
    if (!NativeSockets.available()) {
      LOG.debug("distribution sockets: java.net ({})", NativeSockets.unavailableReason());
      return false;
    }
    LOG.debug("distribution sockets: native");
    return true;
  }

  /** Listens on {@code port} (0: any) of {@code address} (null: every address). */
  public static CarrierListener listen(InetAddress address, int port, int backlog)
      throws IOException {
    return NATIVE
        ? NativeListener.listen(address, port, backlog)
        : ServerSocketListener.listen(address, port, backlog);
  }

  /** Returns an unconnected carrier for an address of the same family as {@code peer}. */
  public static Carrier unconnected(InetAddress peer) throws IOException {
    return NATIVE ? NativeCarrier.unconnected(peer) : new SocketCarrier(new Socket());
  }

  /** Wraps a {@code java.net} socket (for tests that play a peer by hand). */
  public static Carrier of(Socket socket) {
    return new SocketCarrier(socket);
  }
}
