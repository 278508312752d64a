package dev.bridgekit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Binary;
import dev.bridgekit.term.ListTerm;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Tuple;
import org.junit.jupiter.api.Test;

class ExitReasonTest {
  @Test
  void shutdownWithADetailIsATaggedPair() {
    assertEquals(Tuple.of(Atom.of("shutdown"), Atom.of("x")), ExitReason.shutdown(Atom.of("x")));
  }

  @Test
  void onlyNormalAndShutdownsAreOrderly() {
    assertTrue(ExitReason.isOrderly(ExitReason.NORMAL));
    assertTrue(ExitReason.isOrderly(ExitReason.SHUTDOWN));
    assertTrue(ExitReason.isOrderly(ExitReason.shutdown(Atom.of("x"))));
    assertFalse(ExitReason.isOrderly(ExitReason.KILLED));
    assertFalse(ExitReason.isOrderly(Tuple.of(ExitReason.SHUTDOWN, Atom.of("a"), Atom.of("b"))));
    assertFalse(ExitReason.isOrderly(ExitReason.crash(new RuntimeException())));
  }

  @Test
  void aCrashWithoutMessageHasAnEmptyBinaryAndAtMostTwentyFrames() {
    RuntimeException deep = deepException(50);
    Tuple crash = (Tuple) ExitReason.crash(deep);
    assertEquals(Atom.of("java.lang.RuntimeException"), crash.get(1));
    assertEquals(Binary.of(""), crash.get(2));
    assertEquals(20, ((ListTerm) crash.get(3)).size());
  }

  private static RuntimeException deepException(int depth) {
    return depth == 0 ? new RuntimeException() : deepException(depth - 1);
  }

  @Test
  void aCrashIsMadeOfTermsOnly() {
    Term crash = ExitReason.crash(new IllegalArgumentException("bad: 3"));
    for (Term t : ((Tuple) crash).elements()) {
      assertTrue(t instanceof Atom || t instanceof Binary || t instanceof ListTerm, t.toString());
    }
  }
}
