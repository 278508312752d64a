package dev.bridgekit.ports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Looks at live processes through /proc, for tests that prove programs do not outlive ports. */
final class ProcTable {
  private ProcTable() {}

  /** A process as /proc/PID/stat shows it. */
  record Stat(long pid, char state, long ppid, long pgid, long startTime) {}

  static Stat stat(long pid) {
    try {
      String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command sits in parentheses and may hold spaces: parse after its last ')'.
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      return new Stat(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]),
          Long.parseLong(f[19]));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static List<Stat> all() {
    List<Stat> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
      dirs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
          .forEach(n -> {
            Stat st = stat(Long.parseLong(n));
            if (st != null) {
              out.add(st);
            }
          });
    } catch (IOException e) {
      throw new AssertionError("cannot list /proc", e);
    }
    return out;
  }

  /** Returns true while {@code pid} exists and is not a zombie. */
  static boolean alive(long pid) {
    Stat st = stat(pid);
    return st != null && st.state() != 'Z' && st.state() != 'X';
  }

  /** Returns the live members of process group {@code pgid}. */
  static List<Long> group(long pgid) {
    return all().stream().filter(s -> s.pgid() == pgid && s.state() != 'Z').map(Stat::pid).toList();
  }

  /** Returns every live descendant of {@code root}, with its start time (to tell reused pids). */
  static Map<Long, Long> descendants(long root) {
    List<Stat> all = all();
    Map<Long, Long> found = new HashMap<>();
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Stat s : all) {
        if (!found.containsKey(s.pid()) && (s.ppid() == root || found.containsKey(s.ppid()))
            && s.state() != 'Z') {
          found.put(s.pid(), s.startTime());
          grew = true;
        }
      }
    }
    return found;
  }

  /** Waits until none of {@code pids} is alive; returns false if some still are after {@code max}. */
  static boolean awaitGone(Collection<Long> pids, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      if (pids.stream().noneMatch(ProcTable::alive)) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
  }

  /** As {@link #awaitGone}, for processes recorded with their start times (a reused pid is gone). */
  static Map<Long, Long> awaitGone(Map<Long, Long> pidsWithStart, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      Map<Long, Long> left = new HashMap<>();
      pidsWithStart.forEach((pid, start) -> {
        Stat st = stat(pid);
        if (st != null && st.startTime() == start && st.state() != 'Z' && st.state() != 'X') {
          left.put(pid, start);
        }
      });
      if (left.isEmpty() || System.nanoTime() > deadline) {
        return left;
      }
      Thread.sleep(20);
    }
  }
}
