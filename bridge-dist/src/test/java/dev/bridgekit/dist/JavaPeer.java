package dev.bridgekit.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/** Runs {@link PeerNodeMain} in a child JVM (the same java, the same class path). */
final class JavaPeer implements AutoCloseable {
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private JavaPeer(Process process) {
    this.process = process;
    Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the child is gone; expect() reports it
      }
    });
  }

  static JavaPeer start(String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        "--enable-native-access=ALL-UNNAMED", // the node's native sockets
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", PeerNodeMain.class.getName()));
    cmd.addAll(List.of(args));
    return new JavaPeer(new ProcessBuilder(cmd).redirectErrorStream(true).start());
  }

  /** Waits for an output line starting with {@code prefix} and returns the rest of it. */
  String expect(String prefix) throws InterruptedException {
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line == null) {
        continue;
      }
      if (line.startsWith(prefix)) {
        return line.substring(prefix.length()).strip();
      }
      seen.add(line);
    }
    return Assertions.fail("child node never printed " + prefix + "; it printed: " + seen);
  }

  /** Closes the child's input, which stops its node, and waits for it (killing it at last). */
  @Override
  public void close() throws IOException {
    process.getOutputStream().close();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
