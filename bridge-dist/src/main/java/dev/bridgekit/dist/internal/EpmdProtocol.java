package dev.bridgekit.dist.internal; // not exported

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Encodes and decodes EPMD's messages ("EPMD Protocol" in Erlang's Distribution Protocol
 * document), as pure functions over byte arrays: {@link EpmdClient} and {@link EpmdServer} do the
 * I/O. Requests carry a 2-byte length; responses do not.
 */
public final class EpmdProtocol {
  private EpmdProtocol() {}

  /** The port EPMD listens on unless {@code ERL_EPMD_PORT} says otherwise. */
  public static final int DEFAULT_PORT = 4369;

  static final int ALIVE2_REQ = 120;
  static final int ALIVE2_X_RESP = 118;
  static final int ALIVE2_RESP = 121;
  static final int PORT_PLEASE2_REQ = 122;
  static final int PORT2_RESP = 119;
  static final int NAMES_REQ = 110;
  static final int DUMP_REQ = 100;
  static final int KILL_REQ = 107;
  static final int STOP_REQ = 115;

  /** NodeType of a visible (normal) node. */
  public static final int NODE_TYPE_NORMAL = 77;
  /** NodeType of a hidden node (a C node, or a hidden Erlang node). */
  public static final int NODE_TYPE_HIDDEN = 72;

  static final int PROTOCOL_TCP_IPV4 = 0;
  static final int HIGHEST_VERSION = 6;
  static final int LOWEST_VERSION = 5;

  /** Node names longer than this (in UTF-8 bytes) are refused, as by erts' epmd (MAXSYMLEN). */
  static final int MAX_NAME_BYTES = 255;

  /**
   * Holds what EPMD knows of one registered node.
   *
   * @param name the node's alive name (the part before {@code @})
   * @param port the port it accepts distribution connections on
   * @param nodeType {@link #NODE_TYPE_NORMAL} or {@link #NODE_TYPE_HIDDEN}
   * @param protocol 0 for TCP/IPv4
   * @param highestVersion the highest distribution version it speaks
   * @param lowestVersion the lowest
   * @param extra the extra bytes it registered
   */
  public record NodeEntry(String name, int port, int nodeType, int protocol, int highestVersion,
      int lowestVersion, byte[] extra) {}

  /** Returns the ALIVE2_REQ registering {@code entry}, with its length prefix. */
  static byte[] alive2Request(NodeEntry entry) {
    byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int length = 1 + 2 + 1 + 1 + 2 + 2 + 2 + name.length + 2 + entry.extra().length;
    put16(out, length);
    out.write(ALIVE2_REQ);
    put16(out, entry.port());
    out.write(entry.nodeType());
    out.write(entry.protocol());
    put16(out, entry.highestVersion());
    put16(out, entry.lowestVersion());
    put16(out, name.length);
    out.writeBytes(name);
    put16(out, entry.extra().length);
    out.writeBytes(entry.extra());
    return out.toByteArray();
  }

  /** Decodes the body (after the length and the tag byte 120) of an ALIVE2_REQ. */
  static NodeEntry parseAlive2Request(ByteReader in) throws ProtocolException {
    int port = in.u16();
    int nodeType = in.u8();
    int protocol = in.u8();
    int highest = in.u16();
    int lowest = in.u16();
    int nlen = in.u16();
    if (nlen == 0 || nlen > MAX_NAME_BYTES) {
      throw new ProtocolException("ALIVE2_REQ name length out of range: " + nlen);
    }
    String name = in.utf8(nlen);
    int elen = in.u16();
    byte[] extra = in.bytes(elen);
    in.expectEnd();
    return new NodeEntry(name, port, nodeType, protocol, highest, lowest, extra);
  }

  /**
   * Returns the response to an ALIVE2_REQ: ALIVE2_X_RESP with a 32-bit creation when the node
   * speaks version 6, else the old ALIVE2_RESP with 16 bits.
   */
  static byte[] alive2Response(boolean extended, int result, int creation) {
    if (extended) {
      return new byte[] {(byte) ALIVE2_X_RESP, (byte) result, (byte) (creation >>> 24),
          (byte) (creation >>> 16), (byte) (creation >>> 8), (byte) creation};
    }
    return new byte[] {(byte) ALIVE2_RESP, (byte) result, (byte) (creation >>> 8),
        (byte) creation};
  }

  /** Returns the PORT_PLEASE2_REQ asking for {@code name}, with its length prefix. */
  static byte[] portPlease2Request(String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    put16(out, 1 + n.length);
    out.write(PORT_PLEASE2_REQ);
    out.writeBytes(n);
    return out.toByteArray();
  }

  /** Returns PORT2_RESP for {@code entry}, or the error form when it is null. */
  static byte[] port2Response(NodeEntry entry) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(PORT2_RESP);
    if (entry == null) {
      out.write(1);
      return out.toByteArray();
    }
    byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
    out.write(0);
    put16(out, entry.port());
    out.write(entry.nodeType());
    out.write(entry.protocol());
    put16(out, entry.highestVersion());
    put16(out, entry.lowestVersion());
    put16(out, name.length);
    out.writeBytes(name);
    put16(out, entry.extra().length);
    out.writeBytes(entry.extra());
    return out.toByteArray();
  }

  /**
   * Decodes a whole PORT2_RESP.
   *
   * @return the entry, or null when EPMD answered that no such node is registered
   */
  static NodeEntry parsePort2Response(ByteReader in) throws ProtocolException {
    int tag = in.u8();
    if (tag != PORT2_RESP) {
      throw new ProtocolException("expected PORT2_RESP (119), got " + tag);
    }
    int result = in.u8();
    if (result != 0) {
      return null;
    }
    int port = in.u16();
    int nodeType = in.u8();
    int protocol = in.u8();
    int highest = in.u16();
    int lowest = in.u16();
    int nlen = in.u16();
    String name = in.utf8(nlen);
    int elen = in.u16();
    byte[] extra = in.bytes(elen);
    return new NodeEntry(name, port, nodeType, protocol, highest, lowest, extra);
  }

  /** Returns the NAMES_REQ, with its length prefix. */
  static byte[] namesRequest() {
    return new byte[] {0, 1, (byte) NAMES_REQ};
  }

  /** Returns the NAMES_RESP text for the registered nodes, after the 4-byte EPMD port. */
  static byte[] namesResponse(int epmdPort, Iterable<NodeEntry> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(epmdPort >>> 24);
    out.write(epmdPort >>> 16);
    out.write(epmdPort >>> 8);
    out.write(epmdPort);
    for (NodeEntry e : entries) {
      out.writeBytes(("name " + e.name() + " at port " + e.port() + "\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  /** Decodes a whole NAMES_RESP into names and ports, in EPMD's order. */
  static Map<String, Integer> parseNamesResponse(ByteReader in) throws ProtocolException {
    in.i32(); // EPMD's own port
    Map<String, Integer> names = new LinkedHashMap<>();
    for (String line : in.restUtf8().split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      // "name <Name> at port <Port>"; names may not contain spaces in practice, but parse from
      // the right so that one that does still decodes.
      int at = line.lastIndexOf(" at port ");
      if (!line.startsWith("name ") || at < 5) {
        throw new ProtocolException("malformed NAMES_RESP line: " + line);
      }
      try {
        names.put(line.substring(5, at), Integer.parseInt(line.substring(at + 9).trim()));
      } catch (NumberFormatException e) {
        throw new ProtocolException("malformed port in NAMES_RESP line: " + line);
      }
    }
    return names;
  }

  private static void put16(ByteArrayOutputStream out, int v) {
    out.write(v >>> 8);
    out.write(v);
  }
}
