package dev.bridgekit.ffi;

import dev.bridgekit.ffi.internal.AdaptiveSpin;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs native calls that may take long on a fixed set of platform threads, as BEAM's dirty
 * schedulers run long NIFs, so that they never pin a virtual thread's carrier. Bounded both ways:
 * a fixed number of threads (all started with the executor, by a thread of its own, so that no
 * caller's carrier ever waits for a thread to start) and a fixed number of waiting calls; a call
 * submitted when that many wait is rejected with {@link NativeRejectedException}, never run on a
 * new thread.
 *
 * <p>A thread that finishes a call looks for the next one for a short while (up to {@value
 * #SPIN_MICROS} µs) before it parks, as BEAM's schedulers busy-wait: calls that follow each other
 * closely are then taken without waking a parked thread, which is most of the cost of a handoff.
 * One thread at most spins, and only while spinning pays: on a machine with more runnable threads
 * than cores it stops (spinning would only take CPU from the threads the OS must run instead). An
 * idle executor parks all its threads and costs nothing.
 *
 * <p>Two shared executors serve bindings that name none: {@link #cpu()} and {@link #io()}. Any
 * thread may submit; a virtual thread waiting for a result parks.
 */
public final class DirtyExecutor implements AutoCloseable {
  /** The capacity of the shared executors' queues. */
  public static final int DEFAULT_QUEUE_CAPACITY = 1024;
  /** The thread count of the shared IO executor, as BEAM's default dirty IO schedulers. */
  public static final int DEFAULT_IO_THREADS = 10;
  /** How long a thread with nothing to do keeps looking for a call before it parks, at most. */
  public static final long SPIN_MICROS = 20;

  /**
   * A spinner not seen looking for this long was descheduled (it looks every 100 ns or so): a
   * submitter then wakes a parked thread rather than count on it, since a descheduled spinner may
   * not run again for a scheduler time slice, milliseconds.
   */
  private static final long STALE_SPINNER_NANOS = 2_000;

  private static final class Shared {
    static final DirtyExecutor CPU =
        new DirtyExecutor("dirty-cpu", Runtime.getRuntime().availableProcessors(),
            DEFAULT_QUEUE_CAPACITY, true);
    static final DirtyExecutor IO =
        new DirtyExecutor("dirty-io", DEFAULT_IO_THREADS, DEFAULT_QUEUE_CAPACITY, true);
  }

  /** One native call and its caller's future. */
  private final class Task {
    final Callable<?> call;
    final CompletableFuture<Object> result;
    final long queuedAt = System.nanoTime();

    @SuppressWarnings("unchecked") // the future of a Callable<T> completes with a T
    Task(Callable<?> call, CompletableFuture<?> result) {
      this.call = call;
      this.result = (CompletableFuture<Object>) result;
    }

    void run() {
      recordWait(System.nanoTime() - queuedAt);
      running.incrementAndGet();
      Object value = null;
      Throwable failure = null;
      try {
        value = call.call();
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
    }
  }

  private final String name;
  private final int threads;
  private final int queueCapacity;
  private final boolean shared;
  private final ConcurrentLinkedQueue<Task> queue = new ConcurrentLinkedQueue<>();
  // Threads parked for want of work, most recent first; a submitter wakes one when none spins.
  private final ConcurrentLinkedDeque<Thread> parked = new ConcurrentLinkedDeque<>();
  // How many threads are looking for work without parking: at most one, so that spinning never
  // takes more than one core from the calls themselves and from the callers' carriers.
  private final AtomicInteger spinning = new AtomicInteger();
  private volatile long spinnerSeenAt; // when the spinner last looked at the queue
  private final AdaptiveSpin spin = new AdaptiveSpin(SPIN_MICROS * 1_000);
  private volatile boolean closed;
  private final AtomicInteger waiting = new AtomicInteger();
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
    startThreads();
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
   * Returns a new executor of {@code threads} platform threads (started at once; they park while
   * idle) and a queue of {@code queueCapacity} calls. Close it when done.
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
    if (closed) {
      throw reject(function);
    }
    if (waiting.incrementAndGet() > queueCapacity) {
      waiting.decrementAndGet();
      throw reject(function);
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    Task t = new Task(task, result);
    queue.offer(t);
    if (closed && queue.remove(t)) {
      // Every thread may have ended already: take the call back rather than strand it.
      waiting.decrementAndGet();
      throw reject(function);
    }
    submitted.incrementAndGet();
    if (spinning.get() == 0 || System.nanoTime() - spinnerSeenAt > STALE_SPINNER_NANOS) {
      wakeOne();
    }
    return result;
  }

  private NativeRejectedException reject(String function) {
    rejected.incrementAndGet();
    return new NativeRejectedException(function, name, queueCapacity);
  }

  private void wakeOne() {
    Thread sleeper = parked.pollFirst();
    if (sleeper != null) {
      LockSupport.unpark(sleeper);
    }
  }

  /**
   * Starts the threads, from a platform thread of its own: starting a thread blocks the thread
   * that starts it for a while, which must not be a caller's carrier. Calls that come first wait
   * in the queue until a thread runs. All start even if the executor closes meanwhile: they
   * finish what was queued, then end.
   */
  private void startThreads() {
    Thread.ofPlatform().name("bridgekit-" + name + "-starter").daemon(true).start(() -> {
      for (int i = 1; i <= threads; i++) {
        Thread.ofPlatform().name("bridgekit-" + name + "-" + i).daemon(true).start(this::work);
      }
    });
  }

  private void work() {
    for (Task t = next(); t != null; t = next()) {
      t.run();
    }
  }

  /** Returns the next call to run: at once, after a spin, or after parking; null once closed. */
  private Task next() {
    Thread me = Thread.currentThread();
    while (true) {
      Task t = queue.poll();
      if (t == null && spinning.get() == 0 && spinning.compareAndSet(0, 1)) {
        t = spin();
      }
      if (t == null) {
        parked.addFirst(me);
        // Looked at again once visible as parked: a call offered in between either sees this
        // thread in `parked` and wakes it, or is found here.
        t = queue.poll();
        if (t != null) {
          if (!parked.remove(me)) {
            // A submitter took this thread off `parked` to wake it for its call: that call is
            // still queued (this thread has another), so hand the wake-up on.
            wakeOne();
          }
        } else {
          if (!closed) {
            LockSupport.park(this);
          }
          parked.remove(me);
        }
      }
      if (t != null) {
        waiting.decrementAndGet();
        return t;
      }
      if (closed && queue.isEmpty()) {
        return null;
      }
    }
  }

  /** Looks for a call as the one spinning thread, for as long as spinning pays; gives the role up. */
  private Task spin() {
    Task t = spin.await(queue::poll, now -> spinnerSeenAt = now);
    spinning.set(0);
    // More calls behind this one came while a spinner was there to take them, so nobody woke a
    // thread for them: wake one now.
    if (t != null && !queue.isEmpty()) {
      wakeOne();
    }
    return t;
  }

  private void recordWait(long nanos) {
    totalWaitNanos.addAndGet(nanos);
    maxWaitNanos.accumulateAndGet(nanos, Math::max);
  }

  /** Returns the executor's load now. */
  public DirtyStats stats() {
    return new DirtyStats(name, threads, queueCapacity, Math.max(0, waiting.get()),
        running.get(), submitted.get(), completed.get(), rejected.get(),
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
    closed = true;
    for (Thread sleeper; (sleeper = parked.pollFirst()) != null; ) {
      LockSupport.unpark(sleeper);
    }
  }

  @Override
  public String toString() {
    return "DirtyExecutor[" + name + ", " + threads + " threads]";
  }
}
