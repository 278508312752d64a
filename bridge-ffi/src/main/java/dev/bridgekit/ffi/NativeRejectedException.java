package dev.bridgekit.ffi;

/**
 * Says that a dirty call was refused because its executor's queue was full: the pools are bounded
 * so that stuck native calls cannot grow threads or memory without limit. Nothing ran.
 */
public final class NativeRejectedException extends RuntimeException {
  private final String function;
  private final String executor;
  private final int queueCapacity;

  /** Creates one for {@code function}, refused by {@code executor} with a full queue. */
  public NativeRejectedException(String function, String executor, int queueCapacity) {
    super(function + " rejected: dirty executor " + executor + " has its queue of "
        + queueCapacity + " full");
    this.function = function;
    this.executor = executor;
    this.queueCapacity = queueCapacity;
  }

  /** Returns the C function's symbol. */
  public String function() {
    return function;
  }

  /** Returns the executor's name. */
  public String executor() {
    return executor;
  }

  /** Returns the queue's capacity. */
  public int queueCapacity() {
    return queueCapacity;
  }
}
