package dev.bridgekit.dist.internal; // not exported

import dev.bridgekit.dist.NodeOptions;
import dev.bridgekit.dist.NodeStartException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The steps of starting a node that read its options: its full name, its cookie, its listen
 * port and socket, its EPMD registration. Each fails with a {@link NodeStartException} saying
 * what was wrong.
 */
public final class NodeSetup {
  private NodeSetup() {}

  /** Returns the node's name, {@code alive@host}, the host found when the options give none. */
  public static NodeName fullName(NodeOptions options) {
    String given = options.name();
    try {
      if (given.indexOf('@') > 0) {
        return NodeName.parse(given);
      }
      return NodeName.parse(given + "@" + host(options.longNames()));
    } catch (IllegalArgumentException e) {
      throw new NodeStartException(e.getMessage(), e);
    }
  }

  private static String host(boolean longNames) {
    try {
      InetAddress local = InetAddress.getLocalHost();
      if (longNames) {
        return local.getCanonicalHostName();
      }
      String host = local.getHostName();
      int dot = host.indexOf('.');
      return dot > 0 ? host.substring(0, dot) : host;
    } catch (UnknownHostException e) {
      throw new NodeStartException("cannot find this host's name for the node name", e);
    }
  }

  /** Returns the options' cookie, or else the cookie file's (created when missing). */
  public static Cookie cookie(NodeOptions options, NodeName name) {
    try {
      String text = options.cookie() != null
          ? options.cookie()
          : CookieFile.read(options.cookieFile() != null ? options.cookieFile()
              : CookieFile.defaultPath());
      return new Cookie(text);
    } catch (IOException | IllegalArgumentException e) {
      throw new NodeStartException("no cookie for node " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns the port to listen on: the options' (0 for any) or, EPMD-less with the port in the
   * name, the name's.
   */
  public static int listenPort(NodeOptions options, NodeName name) {
    if (options.discovery() != NodeOptions.Discovery.PORT_IN_NAME) {
      return options.port();
    }
    int p = NameLocators.portOf(name.alive());
    if (p < 0) {
      throw new NodeStartException("EPMD-less node " + name
          + " needs its port in its name, as name-9100@host");
    }
    return p;
  }

  /** Returns a listener on {@code port} of the options' address. */
  public static CarrierListener listen(NodeOptions options, int port, NodeName name) {
    try {
      return Carriers.listen(options.listenAddress(), port, 128);
    } catch (IOException e) {
      throw new NodeStartException("node " + name + " cannot listen on port " + port + ": "
          + e.getMessage(), e);
    }
  }

  /** Registers the node, listening on {@code port}, with EPMD (started here if the options say). */
  public static Registrar register(NodeOptions options, NodeName name, int port)
      throws IOException {
    int nodeType = options.hidden() ? EpmdProtocol.NODE_TYPE_HIDDEN
        : EpmdProtocol.NODE_TYPE_NORMAL;
    return Registrar.start(options.epmdPort(), new EpmdProtocol.NodeEntry(name.alive(), port,
        nodeType, 0, 6, 5, new byte[0]), options.embeddedEpmd());
  }
}
