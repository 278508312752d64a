package dev.bridgekit.dist.internal; // not exported

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The EPMD-less ways to find a peer: the port encoded in its name, or one port for all nodes
 * (Adopting Elixir's setups). Peers found so speak version 6: an OTP 23+ node that runs without
 * EPMD does.
 */
public final class NameLocators {
  private NameLocators() {}

  /** Returns the locator that dials every peer on {@code port}. */
  public static PeerLocator fixedPort(int port) {
    return node -> new PeerLocator.Location(new InetSocketAddress(host(node), port), true);
  }

  /** Returns the locator that dials {@code name-9100@host} on port 9100. */
  public static PeerLocator portInName() {
    return node -> {
      int port = portOf(node.alive());
      if (port < 0) {
        throw new IOException("node " + node + " has no port in its name (name-PORT@host)");
      }
      return new PeerLocator.Location(new InetSocketAddress(host(node), port), true);
    };
  }

  /**
   * Returns the port at the end of {@code alive} ({@code example-9100} gives 9100), or -1 if it
   * does not end in a dash and a port number.
   */
  public static int portOf(String alive) {
    int dash = alive.lastIndexOf('-');
    if (dash < 0 || dash == alive.length() - 1 || alive.length() - dash > 6) {
      return -1;
    }
    int port = 0;
    for (int i = dash + 1; i < alive.length(); i++) {
      char c = alive.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      port = port * 10 + (c - '0');
    }
    return port >= 1 && port <= 65535 ? port : -1;
  }

  private static InetAddress host(NodeName node) throws UnknownHostException {
    return InetAddress.getByName(node.host());
  }
}
