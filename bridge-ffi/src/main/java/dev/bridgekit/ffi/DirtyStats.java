package dev.bridgekit.ffi;

import java.time.Duration;

/**
 * Shows a dirty executor's load at one moment: the run-queue figure of this bridge. Counters run
 * from the executor's creation.
 *
 * @param executor the executor's name
 * @param threads its number of platform threads
 * @param queueCapacity how many calls may wait before new ones are rejected
 * @param queued calls waiting now
 * @param running calls running now
 * @param submitted calls accepted so far
 * @param completed calls finished so far (returned or threw)
 * @param rejected calls refused because the queue was full
 * @param totalWait time accepted calls spent queued before a thread took them, summed
 * @param maxWait the longest such wait
 */
public record DirtyStats(
    String executor,
    int threads,
    int queueCapacity,
    int queued,
    int running,
    long submitted,
    long completed,
    long rejected,
    Duration totalWait,
    Duration maxWait) {

  /** Returns the mean time a started call waited in the queue, zero before any started. */
  public Duration meanWait() {
    long started = completed + running;
    return started == 0 ? Duration.ZERO : totalWait.dividedBy(started);
  }
}
