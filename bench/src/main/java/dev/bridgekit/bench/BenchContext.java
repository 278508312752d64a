package dev.bridgekit.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Holds what the metrics of one run share: the repository root and the work directory under it,
 * progress reporting, and anchors started on first use and kept for the rest of the run (the
 * {@code erl} node, and whatever later rows add: a second node, a raw pipe peer). {@link #close()}
 * stops every anchor, in reverse order of start, also when the run failed.
 */
public final class BenchContext implements AutoCloseable, Progress {
  private final Path root;
  private final Progress progress;
  private final Map<String, AutoCloseable> anchors = new LinkedHashMap<>();

  /** Makes the context of a run in the repository at {@code root}. */
  public BenchContext(Path root, Progress progress) {
    this.root = root;
    this.progress = progress;
  }

  /** Returns the repository root. */
  public Path root() {
    return root;
  }

  /** Returns {@code <root>/target/bench}, where the run writes its results and scratch files. */
  public Path workDir() {
    return root.resolve("target").resolve("bench");
  }

  @Override
  public void say(String format, Object... args) {
    progress.say(format, args);
  }

  /** Returns the run's {@code erl} node, starting it with {@link ErlAnchor#DEFAULT_FLAGS} first. */
  public ErlAnchor erl() throws Exception {
    return anchor(
        "erl",
        () -> {
          ErlAnchor erl = ErlAnchor.start(workDir(), ErlAnchor.DEFAULT_FLAGS);
          say("started %s, OS pid %d", erl.description(), erl.osPid());
          return erl;
        });
  }

  /**
   * Returns the anchor kept under {@code key}, starting it with {@code start} if there is none
   * yet. The context closes it at the end of the run.
   */
  public synchronized <T extends AutoCloseable> T anchor(String key, Callable<T> start)
      throws Exception {
    AutoCloseable anchor = anchors.get(key);
    if (anchor == null) {
      anchor = start.call();
      anchors.put(key, anchor);
    }
    @SuppressWarnings("unchecked") // one key, one type: the callers of a key agree on it
    T typed = (T) anchor;
    return typed;
  }

  /** Stops every anchor, last started first; reports (and goes past) any that fails to stop. */
  @Override
  public synchronized void close() {
    List<Map.Entry<String, AutoCloseable>> started = new ArrayList<>(anchors.entrySet());
    for (Map.Entry<String, AutoCloseable> entry : started.reversed()) {
      try {
        entry.getValue().close();
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        say("could not stop anchor %s: %s", entry.getKey(), e);
      }
    }
    anchors.clear();
  }
}
