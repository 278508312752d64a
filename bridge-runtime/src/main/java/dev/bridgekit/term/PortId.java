package dev.bridgekit.term;

import java.util.Objects;

/**
 * An Erlang port identifier (V4_PORT_EXT), as BEAM sends it. Named {@code PortId} so as not to
 * clash with the ports bridge's {@code Port}, which is a live port, not its name.
 *
 * @param node the node the port lives on
 * @param id the port number (64 bits on the wire)
 * @param creation the node's creation
 */
public record PortId(Atom node, long id, int creation) implements Term {
  public PortId {
    Objects.requireNonNull(node, "node");
  }

  @Override
  public String toString() {
    return "#Port<" + node + "." + Long.toUnsignedString(id) + ">";
  }
}
