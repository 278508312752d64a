package dev.bridgekit.ffi;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.time.Duration;

/**
 * Runs native calls that may take long on a fixed set of platform threads, as BEAM's dirty
 * schedulers run long NIFs, so that they never pin a virtual thread's carrier. Bounded both ways:
 * a fixed number of threads and a fixed queue; a call submitted to a full queue is rejected with
 * {@link NativeRejectedException}, never run on a new thread.
 *
 * <p>Two shared executors serve bindings that name none: {@link #cpu()} and {@link #io()}. Any
 * thread may submit; a virtual thread waiting for a result parks.
 */
public final class DirtyExecutor implements AutoCloseable {
  /** The queue capacity of the shared executors. */
  public static final int DEFAULT_QUEUE_CAPACITY = 1024;
  /** The thread count of the shared IO executor, as BEAM's default dirty IO schedulers. */
  public static final int DEFAULT_IO_THREADS = 10;

  private static final class Shared {
    static final DirtyExecutor CPU =
        new DirtyExecutor("dirty-cpu", Runtime.getRuntime().availableProcessors(),
            DEFAULT_QUEUE_CAPACITY, true);
    static final DirtyExecutor IO =
        new DirtyExecutor("dirty-io", DEFAULT_IO_THREADS, DEFAULT_QUEUE_CAPACITY, true);
  }

  private final String name;
  private final int threads;
  private final int queueCapacity;
  private final boolean shared;
  private final ThreadPoolExecutor pool;
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong totalWaitNanos = new AtomicLong();
  private final AtomicLong maxWaitNanos = new AtomicLong();
  private final AtomicInteger running = new AtomicInteger();

  private DirtyExecutor(String name, int threads, int queueCapacity, boolean shared) {
    this.name = name;
    this.threads = threads;
    this.queueCapacity = queueCapacity;
    this.shared = shared;
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory = task -> {
      Thread t = Thread.ofPlatform()
          .name("bridgekit-" + name + "-" + count.incrementAndGet())
          .daemon(true)
          .unstarted(task);
      return t;
    };
    this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(queueCapacity), factory, new ThreadPoolExecutor.AbortPolicy());
  }

  /** Returns the shared dirty CPU executor: one thread per available processor. */
  public static DirtyExecutor cpu() {
    return Shared.CPU;
  }

  /** Returns the shared dirty IO executor: {@value #DEFAULT_IO_THREADS} threads. */
  public static DirtyExecutor io() {
    return Shared.IO;
  }

  /**
   * Returns a new executor of {@code threads} platform threads (started as calls arrive) and a
   * queue of {@code queueCapacity} calls. Close it when done.
   */
  public static DirtyExecutor create(String name, int threads, int queueCapacity) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name is blank: " + name);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads < 1: " + threads);
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity < 1: " + queueCapacity);
    }
    return new DirtyExecutor(name, threads, queueCapacity, false);
  }

  /** Returns the executor's name. */
  public String name() {
    return name;
  }

  /**
   * Runs {@code task} (a native call to {@code function}) on one of this executor's threads and
   * returns its future at once.
   *
   * @throws NativeRejectedException if the queue is full or the executor closed; nothing ran
   */
  public <T> CompletableFuture<T> submit(String function, Callable<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    long queuedAt = System.nanoTime();
    Runnable run = () -> {
      recordWait(System.nanoTime() - queuedAt);
      running.incrementAndGet();
      T value = null;
      Throwable failure = null;
      try {
        value = task.call();
      } catch (Throwable t) {
        failure = t;
      }
      // Counted before the caller can see the outcome, so stats never lag what callers saw.
      running.decrementAndGet();
      completed.incrementAndGet();
      if (failure == null) {
        result.complete(value);
      } else {
        result.completeExceptionally(failure);
      }
    };
    try {
      pool.execute(run);
    } catch (RejectedExecutionException e) {
      rejected.incrementAndGet();
      throw new NativeRejectedException(function, name, queueCapacity);
    }
    submitted.incrementAndGet();
    return result;
  }

  private void recordWait(long nanos) {
    totalWaitNanos.addAndGet(nanos);
    maxWaitNanos.accumulateAndGet(nanos, Math::max);
  }

  /** Returns the executor's load now. */
  public DirtyStats stats() {
    return new DirtyStats(name, threads, queueCapacity, pool.getQueue().size(), running.get(),
        submitted.get(), completed.get(), rejected.get(),
        Duration.ofNanos(totalWaitNanos.get()), Duration.ofNanos(maxWaitNanos.get()));
  }

  /**
   * Stops accepting calls; queued and running calls still finish, on threads that then end.
   *
   * @throws IllegalStateException for the shared executors, which live as long as the JVM
   */
  @Override
  public void close() {
    if (shared) {
      throw new IllegalStateException("the shared executor " + name + " cannot be closed");
    }
    pool.shutdown();
  }

  @Override
  public String toString() {
    return "DirtyExecutor[" + name + ", " + threads + " threads]";
  }
}
