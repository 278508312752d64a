package dev.bridgekit.ports;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the ends a port's exit status waits for (every output stream's end of file, and the
 * program's exit) and makes sure the owner gets the status at most once, never after the {@link
 * PortClosed}. Whichever thread brings in the last end may send the status itself: the poll
 * thread usually, or the owner while it reads a reply. Any thread.
 */
final class PortEnds {
  private final AtomicInteger toCome = new AtomicInteger(Integer.MAX_VALUE);
  private final AtomicInteger streamsOpen = new AtomicInteger(Integer.MAX_VALUE);
  private volatile int status; // written before the exit's end is counted
  private volatile boolean endedOffPoller; // a stream's end was read by the owner, spinning
  private boolean statusSent; // guarded by this

  /** Sets how many output streams there are; before any of them is read. */
  void expect(int streams) {
    streamsOpen.set(streams);
    toCome.set(streams + 1);
  }

  /** Counts a stream's end, read on the poll thread or not; returns true if it was the last stream. */
  boolean streamEnded(boolean onPollThread) {
    if (!onPollThread) {
      endedOffPoller = true;
    }
    return streamsOpen.decrementAndGet() == 0;
  }

  /**
   * Returns true if every stream ended and the poll thread read each end: it cancelled their keys
   * then, and its next select (which comes without being woken) lets go of the channels.
   */
  boolean streamsEndedOnPoller() {
    return streamsOpen.get() == 0 && !endedOffPoller;
  }

  /** Records the exit status. */
  void exited(int exitStatus) {
    status = exitStatus;
  }

  /** Counts an end (a stream's or the exit); returns true if it was the last of all. */
  boolean countEnd() {
    return toCome.decrementAndGet() == 0;
  }

  int status() {
    return status;
  }

  /** Runs {@code send} (which sends the exit status) unless the status or the close went first. */
  synchronized void sendStatusOnce(Runnable send) {
    if (!statusSent) {
      statusSent = true;
      send.run();
    }
  }

  /** Runs {@code send} (which sends the {@link PortClosed}); no exit status goes after it. */
  synchronized void close(Runnable send) {
    statusSent = true;
    send.run();
  }
}
