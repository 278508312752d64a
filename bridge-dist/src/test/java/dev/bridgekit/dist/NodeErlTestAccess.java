package dev.bridgekit.dist;

/** Lends the echo loop of {@link NodeErlTest} to tests in other packages. */
public final class NodeErlTestAccess {
  private NodeErlTestAccess() {}

  /** Answers {From, Msg} with {self(), Msg}, for ever. */
  public static void echoLoop() {
    NodeErlTest.echoLoop();
  }
}
