package dev.bridgekit.bench.dist;

import dev.bridgekit.bench.AnchorUnavailableException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;

/**
 * Runs OTP's jinterface echo beside the project's: an {@code OtpNode} in this JVM with an {@code
 * OtpMbox} registered as {@code echo} whose platform thread answers {@code {From, Msg}} with
 * {@code {self(), Msg}}, as jinterface's users write it. Reached by reflection, because the bench
 * module compiles against jinterface only when its jar is installed.
 */
final class JinterfaceEcho implements AutoCloseable {
  private static final String PACKAGE = "com.ericsson.otp.erlang.";

  private final Object node;
  private final Object mbox;
  private final Thread thread;

  private JinterfaceEcho(Object node, Object mbox, Thread thread) {
    this.node = node;
    this.mbox = mbox;
    this.thread = thread;
  }

  /**
   * Starts node {@code name} with {@code cookie} (registered with the running EPMD) and its echo.
   *
   * @throws AnchorUnavailableException if the jinterface jar is not on the class path
   */
  static JinterfaceEcho start(String name, String cookie) throws Exception {
    try {
      return startOrThrow(name, cookie);
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("jinterface node " + name + " did not start", t);
    }
  }

  private static JinterfaceEcho startOrThrow(String name, String cookie) throws Throwable {
    Class<?> nodeClass;
    try {
      nodeClass = Class.forName(PACKAGE + "OtpNode");
    } catch (ClassNotFoundException e) {
      throw new AnchorUnavailableException(
          "jinterface is not on the class path: the bench module takes it from"
              + " /usr/share/java/OtpErlang.jar (apt-get install erlang-jinterface)", e);
    }
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    Class<?> mboxClass = Class.forName(PACKAGE + "OtpMbox");
    Class<?> object = Class.forName(PACKAGE + "OtpErlangObject");
    Class<?> tuple = Class.forName(PACKAGE + "OtpErlangTuple");
    Class<?> pid = Class.forName(PACKAGE + "OtpErlangPid");
    Class<?> objects = object.arrayType();
    Object node =
        lookup
            .findConstructor(nodeClass, MethodType.methodType(void.class, String.class, String.class))
            .invoke(name, cookie);
    Object mbox =
        lookup
            .findVirtual(nodeClass, "createMbox", MethodType.methodType(mboxClass, String.class))
            .invoke(node, "echo");
    MethodHandle receive =
        lookup.findVirtual(mboxClass, "receive", MethodType.methodType(object));
    MethodHandle send =
        lookup.findVirtual(mboxClass, "send", MethodType.methodType(void.class, pid, object));
    MethodHandle self = lookup.findVirtual(mboxClass, "self", MethodType.methodType(pid));
    MethodHandle arity = lookup.findVirtual(tuple, "arity", MethodType.methodType(int.class));
    MethodHandle elementAt =
        lookup.findVirtual(tuple, "elementAt", MethodType.methodType(object, int.class));
    MethodHandle newTuple =
        lookup.findConstructor(tuple, MethodType.methodType(void.class, objects));
    Object me = self.invoke(mbox);
    Runnable loop =
        () -> {
          try {
            for (; ; ) {
              Object msg = receive.invoke(mbox);
              if (tuple.isInstance(msg) && (int) arity.invoke(msg) == 2) {
                Object from = elementAt.invoke(msg, 0);
                if (pid.isInstance(from)) {
                  Object reply = Array.newInstance(object, 2);
                  Array.set(reply, 0, me);
                  Array.set(reply, 1, elementAt.invoke(msg, 1));
                  send.invoke(mbox, from, newTuple.invoke(reply));
                }
              }
            }
          } catch (Throwable e) {
            // Closing the mailbox ends receive with an exit: the loop's normal end.
          }
        };
    Thread thread = Thread.ofPlatform().daemon().name("jinterface-echo").start(loop);
    return new JinterfaceEcho(node, mbox, thread);
  }

  @Override
  public void close() throws Exception {
    try {
      mbox.getClass().getMethod("close").invoke(mbox);
      node.getClass().getMethod("close").invoke(node);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot close the jinterface node", e);
    }
    thread.join(5_000);
  }
}
