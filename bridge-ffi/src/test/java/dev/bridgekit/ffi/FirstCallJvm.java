package dev.bridgekit.ffi;

/**
 * A JVM of its own for {@link LongCallTest}: binds the demo library's scalars with the backend
 * named by its argument, makes one call, and prints how many long calls were counted. Only a
 * fresh JVM links a first call from scratch; in the test's JVM, earlier bindings have done most.
 */
public final class FirstCallJvm {
  private FirstCallJvm() {}

  public static void main(String[] args) {
    DemoScalars demo = Binding.of(DemoScalars.class).backend(Backend.valueOf(args[0]))
        .library(DemoLibrary.source()).bind();
    int sum = demo.addInt(2, 3);
    System.out.println("sum " + sum + " long " + LongCalls.total());
  }
}
