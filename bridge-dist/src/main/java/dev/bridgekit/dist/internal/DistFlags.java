package dev.bridgekit.dist.internal; // not exported

import java.util.ArrayList;
import java.util.List;

/**
 * Holds the distribution capability flags ("Distribution Flags" in Erlang's Distribution Protocol
 * document; the values are erts' {@code dist.h}), the set this node advertises and the set it
 * requires of a peer.
 */
public final class DistFlags {
  private DistFlags() {}

  public static final long PUBLISHED = 0x1L;
  public static final long ATOM_CACHE = 0x2L;
  public static final long EXTENDED_REFERENCES = 0x4L;
  public static final long DIST_MONITOR = 0x8L;
  public static final long FUN_TAGS = 0x10L;
  public static final long DIST_MONITOR_NAME = 0x20L;
  public static final long HIDDEN_ATOM_CACHE = 0x40L;
  public static final long NEW_FUN_TAGS = 0x80L;
  public static final long EXTENDED_PIDS_PORTS = 0x100L;
  public static final long EXPORT_PTR_TAG = 0x200L;
  public static final long BIT_BINARIES = 0x400L;
  public static final long NEW_FLOATS = 0x800L;
  public static final long UNICODE_IO = 0x1000L;
  public static final long DIST_HDR_ATOM_CACHE = 0x2000L;
  public static final long SMALL_ATOM_TAGS = 0x4000L;
  public static final long UTF8_ATOMS = 0x10000L;
  public static final long MAP_TAG = 0x20000L;
  public static final long BIG_CREATION = 0x40000L;
  public static final long SEND_SENDER = 0x80000L;
  public static final long BIG_SEQTRACE_LABELS = 0x100000L;
  public static final long EXIT_PAYLOAD = 0x400000L;
  public static final long FRAGMENTS = 0x800000L;
  public static final long HANDSHAKE_23 = 0x1000000L;
  public static final long UNLINK_ID = 0x2000000L;
  /** "Supports everything OTP 25 made mandatory" (bit 26, as erts' dist.h defines it). */
  public static final long MANDATORY_25_DIGEST = 0x4000000L;
  public static final long SPAWN = 1L << 32;
  public static final long NAME_ME = 1L << 33;
  public static final long V4_NC = 1L << 34;
  public static final long ALIAS = 1L << 35;

  /** What OTP 25 refuses to connect without. */
  public static final long MANDATORY_25 = EXTENDED_REFERENCES | FUN_TAGS | EXTENDED_PIDS_PORTS
      | NEW_FUN_TAGS | EXPORT_PTR_TAG | BIT_BINARIES | NEW_FLOATS | UTF8_ATOMS | MAP_TAG
      | BIG_CREATION | HANDSHAKE_23;

  /**
   * What this node requires of a peer: the OTP 25 set, which the term codec relies on (UTF-8
   * atoms, maps, new pids and references, new floats, export funs and bit binaries in both
   * directions) and which the OTP 23 handshake needs.
   */
  public static final long REQUIRED = MANDATORY_25;

  /**
   * What this node advertises, but for {@link #PUBLISHED}: everything it implements. With
   * DIST_HDR_ATOM_CACHE, which BEAM needs to send big messages in fragments (it reads the atom
   * cache references BEAM sends, and sends none). With SPAWN (SPAWN_REQUEST and SPAWN_REPLY, which
   * {@code rpc:call} into this node needs). Not NAME_ME (a request, not a capability).
   */
  public static final long ADVERTISED = MANDATORY_25 | MANDATORY_25_DIGEST | DIST_MONITOR
      | DIST_HDR_ATOM_CACHE
      | DIST_MONITOR_NAME | UNICODE_IO | SMALL_ATOM_TAGS | SEND_SENDER | BIG_SEQTRACE_LABELS
      | EXIT_PAYLOAD | FRAGMENTS | UNLINK_ID | V4_NC | ALIAS | SPAWN;

  /** Returns the flags this node sends: {@link #ADVERTISED}, plus PUBLISHED unless hidden. */
  public static long ours(boolean hidden) {
    return hidden ? ADVERTISED : ADVERTISED | PUBLISHED;
  }

  /** Returns the names of the flags in {@link #REQUIRED} that {@code flags} lacks. */
  public static List<String> missing(long flags) {
    return names(REQUIRED & ~flags);
  }

  /** Returns the names of the set bits, for logs. */
  public static List<String> names(long flags) {
    List<String> out = new ArrayList<>();
    String[] low = {"PUBLISHED", "ATOM_CACHE", "EXTENDED_REFERENCES", "DIST_MONITOR", "FUN_TAGS",
        "DIST_MONITOR_NAME", "HIDDEN_ATOM_CACHE", "NEW_FUN_TAGS", "EXTENDED_PIDS_PORTS",
        "EXPORT_PTR_TAG", "BIT_BINARIES", "NEW_FLOATS", "UNICODE_IO", "DIST_HDR_ATOM_CACHE",
        "SMALL_ATOM_TAGS", "ETS_COMPRESSED", "UTF8_ATOMS", "MAP_TAG", "BIG_CREATION",
        "SEND_SENDER", "BIG_SEQTRACE_LABELS", "PENDING_CONNECT", "EXIT_PAYLOAD", "FRAGMENTS",
        "HANDSHAKE_23", "UNLINK_ID", "MANDATORY_25_DIGEST"};
    String[] high = {"SPAWN", "NAME_ME", "V4_NC", "ALIAS", "LOCAL_EXT", "ALTACT_SIG"};
    for (int bit = 0; bit < 64; bit++) {
      if ((flags & (1L << bit)) == 0) {
        continue;
      }
      if (bit < low.length) {
        out.add(low[bit]);
      } else if (bit >= 32 && bit - 32 < high.length) {
        out.add(high[bit - 32]);
      } else {
        out.add("bit" + bit);
      }
    }
    return out;
  }
}
