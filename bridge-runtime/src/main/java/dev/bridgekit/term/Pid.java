package dev.bridgekit.term;

import java.util.Objects;

/**
 * A process identifier, with the shape of an Erlang pid (NEW_PID_EXT): the node it lives on, an id
 * and a serial that together name the process on that node, and the node's creation (which
 * incarnation of the node made it). Local Java processes and BEAM processes have pids of the same
 * type, so a pid can be sent to a BEAM node unchanged and a BEAM pid can be sent to.
 *
 * @param node the node's name, {@code nonode@nohost} when the runtime is not distributed
 * @param id the process number (32 bits on the wire)
 * @param serial the serial (32 bits on the wire)
 * @param creation the node's creation (32 bits on the wire; 0 is "any" for a local node)
 */
public record Pid(Atom node, int id, int serial, int creation) implements Term {
  public Pid {
    Objects.requireNonNull(node, "node");
  }

  @Override
  public String toString() {
    return "<" + node + "." + Integer.toUnsignedString(id) + "." + Integer.toUnsignedString(serial)
        + ">";
  }
}
