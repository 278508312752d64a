package dev.bridgekit.examples;

import dev.bridgekit.examples.dist.EchoDemo;
import dev.bridgekit.examples.ffi.FfiDemo;
import dev.bridgekit.examples.ports.PortsDemo;
import dev.bridgekit.examples.runtime.SupervisedCounter;

/** What {@code make demo} runs: each bridge's demo, one after the other, as a short narrative. */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws Exception {
    System.out.println("bridgekit demo, on Java " + Runtime.version().feature());
    System.out.println();
    SupervisedCounter.run();
    System.out.println();
    FfiDemo.run();
    System.out.println();
    PortsDemo.run();
    System.out.println();
    EchoDemo.run();
  }
}
