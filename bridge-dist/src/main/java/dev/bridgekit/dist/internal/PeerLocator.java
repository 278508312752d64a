package dev.bridgekit.dist.internal; // not exported

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Finds where a peer node accepts distribution connections: through EPMD, or without it (the
 * port in the node's name, or one port for every node).
 */
public interface PeerLocator {
  /**
   * Holds where a node listens.
   *
   * @param address its host and port
   * @param version6 whether it speaks handshake version 6 (else the old name is sent)
   */
  record Location(InetSocketAddress address, boolean version6) {}

  /**
   * Returns where {@code node} listens.
   *
   * @throws IOException if it cannot be found (not registered, no EPMD, unknown host)
   */
  Location locate(NodeName node) throws IOException;
}
