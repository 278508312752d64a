package dev.bridgekit.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Finds free TCP ports for tests that need a fixed one (an EPMD port to hand to erl). */
public final class TestPorts {
  private TestPorts() {}

  /** Returns a port that was free a moment ago. */
  public static int free() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
