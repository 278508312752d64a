package dev.bridgekit.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.runtime.Down;
import dev.bridgekit.runtime.Mailbox;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.runtime.SpawnedMonitor;
import dev.bridgekit.term.Pid;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Native resources owned by real processes, and callbacks that arrive as messages. */
class ProcessResourcesTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private Mailbox mailbox;
  private Resources lib;

  @BeforeEach
  void open() {
    mailbox = Processes.openMailbox();
    lib = Binding.of(Resources.class).library(DemoLibrary.source()).bind();
  }

  @AfterEach
  void close() {
    mailbox.close();
  }

  private static <T> T receive(Class<T> type) {
    Optional<T> m = Processes.receive(x -> type.isInstance(x) ? type.cast(x) : null, WAIT);
    assertTrue(m.isPresent(), "no " + type.getSimpleName() + " within " + WAIT);
    return m.get();
  }

  /** Polls {@code condition} every millisecond until it holds or {@link #WAIT} has passed. */
  private static void waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
  }

  private static void awaitClosed(NativeResource resource) throws InterruptedException {
    waitFor(() -> !resource.isOpen());
    assertFalse(resource.isOpen(), resource + " still open");
  }

  @Test
  void memoryIsOwnedByTheProcessThatAllocatedItAndFreedWhenItExits() throws Exception {
    Pid self = Processes.self();
    SpawnedMonitor owner = Processes.spawnMonitor(() -> {
      NativeMemory memory = NativeMemory.allocate(16);
      memory.segment().set(ValueLayout.JAVA_INT, 0, 7);
      Processes.send(self, memory);
      Processes.receive(m -> m.equals("exit") ? m : null);
    });
    NativeMemory memory = receive(NativeMemory.class);
    assertEquals(Optional.of(owner.pid()), memory.owner());
    assertEquals(7, memory.segment().get(ValueLayout.JAVA_INT, 0));
    Processes.send(owner.pid(), "exit");
    receive(Down.class);
    awaitClosed(memory);
    assertThrows(IllegalStateException.class, () -> memory.segment().get(ValueLayout.JAVA_INT, 0));
  }

  @Test
  void memoryClosedExplicitlyIsFreedAtOnceAndNotTwice() {
    NativeMemory memory = NativeMemory.allocate(8);
    assertEquals(Optional.of(Processes.self()), memory.owner());
    memory.close();
    memory.close();
    assertFalse(memory.isOpen());
    assertThrows(IllegalStateException.class, () -> memory.segment().get(ValueLayout.JAVA_INT, 0));
    assertThrows(IllegalStateException.class, memory::acquire);
  }

  @Test
  void memoryOutsideAnyProcessHasNoOwner() throws Exception {
    java.util.concurrent.atomic.AtomicReference<Optional<Pid>> owner =
        new java.util.concurrent.atomic.AtomicReference<>();
    Thread t = Thread.ofPlatform().start(() -> {
      try (NativeMemory memory = NativeMemory.allocate(8)) {
        owner.set(memory.owner());
      }
    });
    t.join();
    assertEquals(Optional.empty(), owner.get());
  }

  @Test
  void memoryPassedToABoundCallReachesC() {
    try (NativeMemory ints = NativeMemory.allocate(16)) {
      for (int i = 0; i < 4; i++) {
        ints.segment().setAtIndex(ValueLayout.JAVA_INT, i, i + 1);
      }
      assertEquals(10, lib.sum(ints, 4));
    }
  }

  @Test
  void memoryADirtyCallUsesOutlivesItsOwnerUntilTheCallReturns() throws Exception {
    Pid self = Processes.self();
    SpawnedMonitor owner = Processes.spawnMonitor(() -> {
      NativeMemory cancel = NativeMemory.allocate(4);
      Processes.send(self, cancel);
      // Another thread makes the dirty call with the owner's memory; the owner then exits.
      Processes.send(self, Thread.ofVirtual().start(
          () -> Processes.send(self, "returned " + lib.waitOn(cancel, 10_000))));
      Processes.receive(m -> m.equals("exit") ? m : null);
    });
    NativeMemory cancel = receive(NativeMemory.class);
    awaitWaitingOnADirtyCall(receive(Thread.class));
    Processes.send(owner.pid(), "exit");
    receive(Down.class);
    // Owner gone: the memory is closed, but the call holds a lease, so it is not freed yet.
    awaitClosed(cancel);
    cancel.segment().set(ValueLayout.JAVA_INT, 0, 1); // still mapped: this cancels the C loop
    assertEquals("returned 1", receive(String.class));
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        cancel.segment().get(ValueLayout.JAVA_INT, 0);
        Thread.sleep(1);
      } catch (IllegalStateException freed) {
        return;
      }
    }
    throw new AssertionError("memory not freed after the call returned");
  }

  /**
   * Waits until {@code caller} waits for its dirty call: it has marshaled its arguments, so it
   * holds their leases. (The executor's running count alone could count a call another test left
   * running.)
   */
  private static void awaitWaitingOnADirtyCall(Thread caller) throws InterruptedException {
    waitFor(() -> waiting(caller) && DirtyExecutor.io().stats().running() > 0);
    assertTrue(waiting(caller), caller + " is " + caller.getState());
  }

  private static boolean waiting(Thread t) {
    Thread.State s = t.getState();
    return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
  }

  @Test
  void nativeObjectsAreDestroyedWhenTheirOwnerExits() throws Exception {
    List<NativePointer> destroyed = new CopyOnWriteArrayList<>();
    Pid self = Processes.self();
    SpawnedMonitor owner = Processes.spawnMonitor(() -> {
      NativeObject text = NativeObject.of(lib.upper("owned"), p -> {
        destroyed.add(p);
        lib.free(p);
      });
      Processes.send(self, text);
    });
    NativeObject text = receive(NativeObject.class);
    receive(Down.class);
    awaitClosed(text);
    // Closed comes first, then the janitor runs the destructor: wait for that too.
    waitFor(() -> !destroyed.isEmpty());
    assertEquals(List.of(text.pointer()), destroyed);
  }

  @Test
  void aCallbackFromANativeThreadArrivesAsAMessage() {
    try (NativeCallback<Demo.IntFunction> cb =
        NativeCallback.sendingTo(Demo.IntFunction.class, Processes.self())) {
      assertEquals(0, lib.callBackFromThread(cb, 3));
      List<Object> args = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        CallbackMessage m = receive(CallbackMessage.class);
        assertEquals(Demo.IntFunction.class, m.callback());
        args.addAll(m.args());
      }
      assertEquals(List.of(0, 1, 2), args);
    }
  }

  @Test
  void aCallbackCKeepsPostsMessagesAfterTheCallReturned() {
    Pid self = Processes.self();
    SpawnedMonitor listener = Processes.spawnMonitor(() -> {
      List<Object> got = new ArrayList<>();
      try (NativeCallback<Demo.IntFunction> cb =
          NativeCallback.sendingTo(Demo.IntFunction.class, Processes.self())) {
        assertEquals(0, lib.callBackLater(cb, 4, 20)); // returns before any call
        for (int i = 0; i < 4; i++) {
          got.add(Processes.receive(m -> m instanceof CallbackMessage c ? c.args().get(0) : null));
        }
      }
      Processes.send(self, got);
    });
    assertEquals(List.of(0, 1, 2, 3), receive(List.class));
    assertEquals(listener.pid(), receive(Down.class).pid());
  }

  @Test
  void aCallbackIsReleasedWhenItsOwnerExits() throws Exception {
    Pid self = Processes.self();
    Processes.spawnMonitor(() -> {
      Processes.send(self, NativeCallback.of(Demo.IntFunction.class, i -> i));
    });
    NativeCallback<?> cb = receive(NativeCallback.class);
    receive(Down.class);
    awaitClosed(cb);
    assertThrows(IllegalStateException.class, cb::acquire);
  }
}
