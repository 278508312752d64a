package dev.bridgekit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.term.Pid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReceiveTest {
  @Test
  void receiveTakesTheOldestMessage() {
    try (Mailbox box = Processes.openMailbox()) {
      for (int i = 0; i < 5; i++) {
        Processes.send(box.pid(), i);
      }
      for (int i = 0; i < 5; i++) {
        assertEquals(i, Processes.receive());
      }
    }
  }

  @Test
  void selectiveReceiveLeavesUnmatchedMessagesInOrder() {
    try (Mailbox box = Processes.openMailbox()) {
      Processes.send(box.pid(), "a");
      Processes.send(box.pid(), 1);
      Processes.send(box.pid(), "b");
      Processes.send(box.pid(), 2);
      Processes.send(box.pid(), "c");
      assertEquals(1, (int) Processes.receive(m -> m instanceof Integer i ? i : null));
      Processes.send(box.pid(), "d");
      assertEquals(2, (int) Processes.receive(m -> m instanceof Integer i ? i : null));
      List<Object> rest = new ArrayList<>();
      Optional<Object> m;
      while ((m = Processes.receive(Matcher.any(), Duration.ZERO)).isPresent()) {
        rest.add(m.get());
      }
      assertEquals(List.of("a", "b", "c", "d"), rest);
    }
  }

  @Test
  void selectiveReceiveWaitsPastUnmatchedMessagesForAMatchingOne() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid self = box.pid();
      Pid sender = Processes.spawn(() -> {
        Processes.receive();
        for (int i = 0; i < 100; i++) {
          Processes.send(self, "noise " + i);
        }
        Processes.send(self, 42);
      });
      Processes.send(sender, "go");
      assertEquals(42, (int) Await.message(m -> m instanceof Integer i ? i : null));
      assertEquals("noise 0", Processes.receive());
    }
  }

  @Test
  void receiveGivesUpAfterItsTimeout() {
    try (Mailbox box = Processes.openMailbox()) {
      Processes.send(box.pid(), "not this");
      long start = System.nanoTime();
      Optional<String> got =
          Processes.receive(m -> m.equals("this") ? "this" : null, Duration.ofMillis(50));
      long waitedMillis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(Optional.empty(), got);
      assertTrue(waitedMillis >= 45, "returned after " + waitedMillis + " ms");
      assertEquals("not this", Processes.receive());
    }
  }

  @Test
  void receiveWithZeroTimeoutOnlyLooksAtWhatIsThere() {
    try (Mailbox box = Processes.openMailbox()) {
      assertEquals(Optional.empty(), Processes.receive(Matcher.any(), Duration.ZERO));
      Processes.send(box.pid(), "there");
      assertEquals(Optional.of("there"), Processes.receive(Matcher.any(), Duration.ZERO));
    }
  }

  @Test
  void receiveWaitsForAMessageSentLater() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid self = box.pid();
      Pid later = Processes.spawn(() -> {
        Processes.receive();
        Thread.sleep(20);
        Processes.send(self, "late");
      });
      Processes.send(later, "go");
      assertEquals("late", Processes.receive(m -> m instanceof String s ? s : null));
    }
  }

  @Test
  void aMatcherThatThrowsLeavesTheMessageInTheMailbox() {
    try (Mailbox box = Processes.openMailbox()) {
      Processes.send(box.pid(), "poison");
      assertThrows(IllegalStateException.class, () -> Processes.receive(m -> {
        throw new IllegalStateException("matcher failed on " + m);
      }));
      assertEquals("poison", Processes.receive());
    }
  }

  @Test
  void negativeTimeoutIsRejectedWithItsValue() {
    try (Mailbox box = Processes.openMailbox()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Processes.receive(Matcher.any(), Duration.ofMillis(-5)));
      assertTrue(e.getMessage().contains("PT-0.005S"), e.getMessage());
    }
  }

  @Test
  void messagesFromManySendersAllArriveEachSendersInOrder() {
    int senders = 10_000;
    int perSender = 10;
    try (Mailbox box = Processes.openMailbox()) {
      Pid collector = box.pid();
      for (int s = 0; s < senders; s++) {
        int id = s;
        Processes.spawn(() -> {
          for (int i = 0; i < perSender; i++) {
            Processes.send(collector, new int[] {id, i});
          }
        });
      }
      int[] next = new int[senders];
      for (int n = 0; n < senders * perSender; n++) {
        int[] m = Await.message(x -> x instanceof int[] a ? a : null);
        assertEquals(next[m[0]], m[1], "sender " + m[0] + " out of order");
        next[m[0]]++;
      }
      for (int s = 0; s < senders; s++) {
        assertEquals(perSender, next[s]);
      }
    }
  }
}
