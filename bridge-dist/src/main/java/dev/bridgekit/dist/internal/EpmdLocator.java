package dev.bridgekit.dist.internal; // not exported

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Finds peers through the EPMD on their host, as BEAM does: PORT_PLEASE2_REQ for their name. */
public final class EpmdLocator implements PeerLocator {
  private final int epmdPort;
  private final Duration timeout;

  /** Asks the EPMD listening on {@code epmdPort} of each peer's host. */
  public EpmdLocator(int epmdPort, Duration timeout) {
    this.epmdPort = epmdPort;
    this.timeout = timeout;
  }

  @Override
  public Location locate(NodeName node) throws IOException {
    InetAddress host = InetAddress.getByName(node.host());
    InetSocketAddress epmd = new InetSocketAddress(host, epmdPort);
    EpmdProtocol.NodeEntry entry = EpmdClient.lookup(epmd, node.alive(), timeout)
        .orElseThrow(() -> new EpmdException(node + " is not registered with the EPMD at "
            + epmd));
    return new Location(new InetSocketAddress(host, entry.port()), entry.highestVersion() >= 6);
  }
}
