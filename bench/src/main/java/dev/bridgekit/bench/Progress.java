package dev.bridgekit.bench;

/**
 * Reports what a run is doing while it runs, one line at a time, to stderr: the results go to
 * stdout and the TSV, progress never does.
 */
@FunctionalInterface
public interface Progress {
  /** Reports one line, formatted as {@link String#format}. */
  void say(String format, Object... args);

  /** Returns progress printed to stderr with the seconds since it was made. */
  static Progress stderr() {
    long start = System.nanoTime();
    return (format, args) ->
        System.err.printf(
            "[bench %6.1fs] %s%n", (System.nanoTime() - start) / 1e9, String.format(format, args));
  }
}
