package dev.bridgekit.examples;

public final class Demo {
  public static void main(String[] args) {
    System.out.println("java " + Runtime.version() + " at " + System.getProperty("java.home"));
  }
}
