package dev.bridgekit.ports;

import dev.bridgekit.term.Atom;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Encodes and decodes the launcher's control frames; see the protocol in {@code bk_shim.c}. */
final class LauncherFrames {
  static final int SPAWN = 1;
  static final int TERMINATE = 2;
  static final int SPAWNED = 1;
  static final int FAILED = 2;
  static final int EXITED = 3;

  static final int STAGE_CONNECT = 1;
  static final int STAGE_FORK = 2;
  static final int STAGE_SETUP = 3;
  static final int STAGE_CHDIR = 4;
  static final int STAGE_EXEC = 5;

  private LauncherFrames() {}

  /** Returns the SPAWN frame, its {packet,4} prefix included. */
  static ByteBuffer spawn(long id, Launcher.Request r) {
    List<byte[]> strings = new ArrayList<>();
    strings.add(utf8(r.path()));
    strings.add(utf8(r.cwd() == null ? "" : r.cwd()));
    int size = 1 + 8 + 1 + 4 + 4 + 4;
    for (String a : r.argv()) {
      strings.add(utf8(a));
    }
    List<String> env = r.env() == null ? List.of() : r.env();
    for (String e : env) {
      strings.add(utf8(e));
    }
    for (byte[] s : strings) {
      size += 4 + s.length;
    }
    int stderrBits = switch (r.stderr()) {
      case DISCARD -> 0;
      case LOG, OWNER -> 1;
      case MERGE -> 2;
    };
    int flags = (r.nouseStdio() ? 1 : 0) | (stderrBits << 1) | (r.cwd() != null ? 8 : 0)
        | (r.env() == null ? 16 : 0);
    ByteBuffer b = ByteBuffer.allocate(4 + size);
    b.putInt(size).put((byte) SPAWN).putLong(id).put((byte) flags).putInt((int) r.graceMs());
    int i = 0;
    putString(b, strings.get(i++));
    putString(b, strings.get(i++));
    b.putInt(r.argv().size());
    for (int n = 0; n < r.argv().size(); n++) {
      putString(b, strings.get(i++));
    }
    b.putInt(env.size());
    for (int n = 0; n < env.size(); n++) {
      putString(b, strings.get(i++));
    }
    return b.flip();
  }

  /** Returns the TERMINATE frame, its prefix included. */
  static ByteBuffer terminate(long id) {
    return ByteBuffer.allocate(4 + 9).putInt(9).put((byte) TERMINATE).putLong(id).flip();
  }

  /** Reads a len:4 + bytes string. */
  static String string(ByteBuffer f) {
    int len = f.getInt();
    if (len < 0 || len > f.remaining()) {
      throw new IllegalStateException("bad string length in a launcher reply: " + len);
    }
    byte[] bytes = new byte[len];
    f.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Returns the exception for a failed spawn, naming what failed. */
  static PortOpenException openFailure(Launcher.Request r, PendingSpawn.PortOpenFailure f) {
    Atom posix = Atom.of(f.name());
    String detail = posix + " (" + f.message() + ")";
    return switch (f.stage()) {
      case STAGE_EXEC -> new PortOpenException(posix, r.path(),
          "cannot execute " + r.path() + ": " + detail);
      case STAGE_CHDIR -> new PortOpenException(posix, r.cwd(),
          "cannot enter working directory " + r.cwd() + " for " + r.path() + ": " + detail);
      case STAGE_CONNECT -> new PortOpenException(posix, r.path(),
          "cannot connect the streams of " + r.path() + " to the JVM: " + detail);
      case STAGE_FORK -> new PortOpenException(posix, r.path(), "cannot fork for " + r.path() + ": " + detail);
      default -> new PortOpenException(posix, r.path(),
          "cannot set up the process of " + r.path() + " (stage " + f.stage() + "): " + detail);
    };
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void putString(ByteBuffer b, byte[] s) {
    b.putInt(s.length).put(s);
  }
}
