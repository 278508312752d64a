package dev.bridgekit.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Atom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Work a process puts off until it next waits ({@link MessageQueue#beforeNextWait}): it runs
 * before a receive that has to wait, once, and not before one that finds its message.
 */
class BeforeNextWaitTest {
  private static final Atom GO = Atom.of("go");

  @Test
  void workRunsOnceWhenTheProcessIsAboutToWaitNotBefore() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    CompletableFuture<List<String>> seen = new CompletableFuture<>();
    var p = Processes.spawn(() -> {
      Processes.receive(m -> GO.equals(m) ? m : null);
      Runnable work = () -> log.add("work");
      LocalProcess self = ProcessTable.current();
      self.beforeNextWait(work);
      self.beforeNextWait(work); // the same work again: still once
      log.add("given");
      Processes.receive(); // "waiting" is there already: no wait, no work
      log.add("took a message");
      Processes.receive(m -> m, Duration.ZERO); // only looks: no work either
      log.add("looked");
      Processes.receive(m -> m, Duration.ofMillis(50)); // waits (times out): the work runs
      log.add("waited");
      Processes.receive(m -> m, Duration.ofMillis(20)); // waits again: nothing left to run
      seen.complete(List.copyOf(log));
    });
    Processes.send(p, Atom.of("waiting"));
    Processes.send(p, GO);
    assertEquals(List.of("given", "took a message", "looked", "work", "waited"),
        seen.get(10, TimeUnit.SECONDS));
  }

  @Test
  void differentWorkAllRunsInTheOrderGiven() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    var p = Processes.spawn(() -> {
      LocalProcess self = ProcessTable.current();
      for (int i = 0; i < 5; i++) {
        int n = i;
        self.beforeNextWait(() -> log.add("work " + n));
      }
      Processes.receive(); // waits for "go", which comes only once all the work ran
      done.complete(null);
    });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (log.size() < 5) {
      assertTrue(System.nanoTime() < deadline, "the work ran: " + log);
      Thread.sleep(5);
    }
    Processes.send(p, GO);
    done.get(10, TimeUnit.SECONDS);
    assertEquals(List.of("work 0", "work 1", "work 2", "work 3", "work 4"), log);
  }
}
