package dev.bridgekit.bench.ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an OS process's thread count and resident memory from {@code /proc/<pid>/status} (its
 * {@code Threads} and {@code VmRSS} lines).
 *
 * @param threads the process's threads
 * @param rssKib its resident memory, in KiB
 */
record ProcStatus(long threads, long rssKib) {
  /** Returns this JVM's figures. */
  static ProcStatus self() {
    return of(ProcessHandle.current().pid());
  }

  /** Returns process {@code pid}'s figures. */
  static ProcStatus of(long pid) {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    String text;
    try {
      text = Files.readString(status, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + status, e);
    }
    return new ProcStatus(field(text, "Threads:", status), field(text, "VmRSS:", status));
  }

  private static long field(String text, String name, Path status) {
    for (String line : text.split("\n")) {
      if (line.startsWith(name)) {
        // "VmRSS:	  123456 kB" or "Threads:	37"
        return Long.parseLong(line.substring(name.length()).strip().split("\\s+")[0]);
      }
    }
    throw new IllegalStateException(status + " has no " + name + " line");
  }
}
