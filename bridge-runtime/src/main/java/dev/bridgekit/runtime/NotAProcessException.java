package dev.bridgekit.runtime;

/**
 * Thrown by calls that act for the calling process ({@code self}, {@code receive}, {@code link},
 * ...) when the calling thread is neither a process nor holds an open {@link Mailbox}.
 */
public final class NotAProcessException extends IllegalStateException {
  public NotAProcessException(String call) {
    super(call + " called outside a process: run it in a spawned process or open a Mailbox"
        + " (Processes.openMailbox()) on this thread first");
  }
}
