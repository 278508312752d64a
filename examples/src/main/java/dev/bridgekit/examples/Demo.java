package dev.bridgekit.examples;

import dev.bridgekit.examples.runtime.SupervisedCounter;

/** What {@code make demo} runs: each bridge's demo, one after the other, as a short narrative. */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) {
    System.out.println("bridgekit demo, on Java " + Runtime.version().feature());
    System.out.println();
    SupervisedCounter.run();
  }
}
