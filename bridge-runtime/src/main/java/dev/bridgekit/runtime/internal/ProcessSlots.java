package dev.bridgekit.runtime.internal; // not exported

import dev.bridgekit.term.Pid;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Holds the live local processes in slots indexed by pid number, as BEAM's process table does: a
 * pid's {@code id} is its slot, its {@code serial} counts the slot's uses, so a pid is never
 * reused while lookups are two array loads, with no hashing, no resizing, and few cache misses
 * with a million processes (a hash map took 250 to 900 ns a put and 50 to 100 ns a get there).
 *
 * <p>Slots are allocated in chunks as the number of processes alive at once grows and are never
 * given back: the table costs 12 bytes per slot of the peak, as BEAM's costs its {@code +P}. Freed
 * slots go on a lock-free stack (tagged against ABA) and are reused first, the most recently freed
 * first, which keeps the hot part of the table small.
 */
final class ProcessSlots {
  private static final int CHUNK_BITS = 12;
  private static final int CHUNK = 1 << CHUNK_BITS;
  private static final int MASK = CHUNK - 1;
  /** Pid numbers have 28 bits in BEAM; slot 0 is never a process (it ends the free stack). */
  private static final int MAX_SLOTS = 1 << 28;

  private static final class Chunk {
    final AtomicReferenceArray<LocalProcess> processes = new AtomicReferenceArray<>(CHUNK);
    /** Uses of each slot so far; touched only by the slot's current holder. */
    final int[] serials = new int[CHUNK];
    /** Links of the free stack; a stale read is caught by the tag of the stack's head. */
    final int[] nextFree = new int[CHUNK];
  }

  /** Replaced as a whole (copy on write) whenever a chunk is added, so that readers see it. */
  private volatile Chunk[] chunks = new Chunk[] {new Chunk()};
  private final AtomicInteger fresh = new AtomicInteger(1);
  /** The free stack's head: tag in the high 32 bits, slot in the low 32 (0: empty). */
  private final AtomicLong freeHead = new AtomicLong();
  private final LongAdder live = new LongAdder();

  /** Takes a free slot and returns the pid it gives, for {@link #add}. */
  Pid reserve() {
    for (;;) {
      long head = freeHead.get();
      int slot = (int) head;
      if (slot == 0) {
        break;
      }
      int next = chunk(slot).nextFree[slot & MASK];
      if (freeHead.compareAndSet(head, (((head >>> 32) + 1) << 32) | (next & 0xFFFFFFFFL))) {
        return pidOf(slot);
      }
    }
    int slot = fresh.getAndIncrement();
    if (slot >= MAX_SLOTS) {
      fresh.decrementAndGet();
      throw new IllegalStateException("too many processes alive at once: " + MAX_SLOTS);
    }
    if (chunkOrNull(slot >>> CHUNK_BITS) == null) {
      addChunk(slot >>> CHUNK_BITS);
    }
    return pidOf(slot);
  }

  private Pid pidOf(int slot) {
    Chunk c = chunk(slot);
    return LocalNode.pid(slot, c.serials[slot & MASK]++);
  }

  /** Adds chunk {@code index} unless another thread did; rare: once per 4096 slots. */
  private synchronized void addChunk(int index) {
    Chunk[] old = chunks;
    if (index < old.length && old[index] != null) {
      return;
    }
    Chunk[] grown = Arrays.copyOf(old, Math.max(old.length, index + 1));
    grown[index] = new Chunk();
    chunks = grown;
  }

  private Chunk chunkOrNull(int index) {
    Chunk[] cs = chunks;
    return index < cs.length ? cs[index] : null;
  }

  /** Puts {@code p}, whose pid {@link #reserve} gave, in its slot. */
  void add(LocalProcess p) {
    int slot = p.pid().id();
    chunk(slot).processes.setRelease(slot & MASK, p);
    live.increment();
  }

  /** Empties the slot of {@code p} and frees it; once per process. */
  void remove(LocalProcess p) {
    int slot = p.pid().id();
    Chunk c = chunk(slot);
    if (!c.processes.compareAndSet(slot & MASK, p, null)) {
      return;
    }
    live.decrement();
    for (;;) {
      long head = freeHead.get();
      c.nextFree[slot & MASK] = (int) head;
      if (freeHead.compareAndSet(head, (((head >>> 32) + 1) << 32) | slot)) {
        return;
      }
    }
  }

  /** Returns the process in the slot {@code pid} names, if it is that very process, or null. */
  LocalProcess get(Pid pid) {
    int slot = pid.id();
    if (slot <= 0) {
      return null;
    }
    Chunk c = chunkOrNull(slot >>> CHUNK_BITS);
    if (c == null) {
      return null;
    }
    LocalProcess p = c.processes.getAcquire(slot & MASK);
    if (p == null) {
      return null;
    }
    Pid held = p.pid();
    return held == pid || (held.serial() == pid.serial() && held.equals(pid)) ? p : null;
  }

  /** Returns how many processes are in the table. */
  int size() {
    return live.intValue();
  }

  private Chunk chunk(int slot) {
    return chunks[slot >>> CHUNK_BITS];
  }
}
