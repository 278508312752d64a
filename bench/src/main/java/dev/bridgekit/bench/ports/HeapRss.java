package dev.bridgekit.bench.ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads how much of this JVM's heap is resident, from {@code /proc/self/smaps}: the heap is one
 * reservation as large as {@code -Xmx}, which the kernel shows as adjacent anonymous mappings
 * (committed and uncommitted parts apart, and the CDS archive's heap objects mapped from {@code
 * classes.jsa} at its top); this sums the {@code Rss} of the longest run of adjacent anonymous
 * mappings, which must span most of {@code -Xmx}.
 */
final class HeapRss {
  private HeapRss() {}

  /** Returns the resident KiB of the heap's mappings. */
  static long kib() {
    Path smaps = Path.of("/proc/self/smaps");
    String text;
    try {
      text = Files.readString(smaps, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + smaps, e);
    }
    long heapKib = Runtime.getRuntime().maxMemory() >> 10;
    long runEnd = -1;
    long runSize = 0;
    long runRss = 0;
    long bestSize = 0;
    long bestRss = 0;
    boolean anonymous = false;
    for (String line : text.split("\n")) {
      int dash = line.indexOf('-');
      int space = line.indexOf(' ');
      if (dash > 0 && space > dash && isHex(line, 0, dash)) {
        // A mapping's header: "start-end perms offset dev inode [path]".
        long start = Long.parseUnsignedLong(line.substring(0, dash), 16);
        long end = Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
        String[] fields = line.strip().split("\\s+");
        anonymous = fields.length < 6;
        if (!anonymous || start != runEnd) {
          runSize = 0;
          runRss = 0;
        }
        runEnd = anonymous ? end : -1;
        if (anonymous) {
          runSize += (end - start) >> 10;
        }
      } else if (line.startsWith("Rss:") && anonymous) {
        runRss += kib(line);
        if (runSize > bestSize) {
          bestSize = runSize;
          bestRss = runRss;
        }
      }
    }
    if (bestSize < heapKib / 4 * 3) {
      throw new IllegalStateException("no run of anonymous mappings in " + smaps + " spans most"
          + " of the heap (" + heapKib + " KiB); the longest has " + bestSize + " KiB");
    }
    return bestRss;
  }

  private static boolean isHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static long kib(String line) {
    // "Rss:                 123 kB"
    return Long.parseLong(line.substring(line.indexOf(':') + 1).strip().split("\\s+")[0]);
  }
}
