package dev.bridgekit.examples.runtime;

import dev.bridgekit.runtime.CallException;
import dev.bridgekit.runtime.ChildSpec;
import dev.bridgekit.runtime.ChildStart;
import dev.bridgekit.runtime.Down;
import dev.bridgekit.runtime.From;
import dev.bridgekit.runtime.GenServer;
import dev.bridgekit.runtime.Mailbox;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.runtime.SupervisionRoot;
import dev.bridgekit.runtime.Supervisor;
import dev.bridgekit.runtime.SupervisorFlags;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Tuple;
import java.time.Duration;
import java.util.List;

/**
 * The runtime demo: a counter GenServer under a one_for_one Supervisor crashes on a bad request
 * and is restarted with a fresh state, as it would be on BEAM.
 */
public final class SupervisedCounter {
  /** Asks the counter for its next value. */
  record Next() {}

  /** A request the counter does not survive. */
  record Explode() {}

  /** Counts calls; dies on {@link Explode}. */
  static final class Counter implements GenServer<Integer> {
    @Override
    public Integer init() {
      return 0;
    }

    @Override
    public CallResult<Integer> handleCall(Object request, From from, Integer n) {
      return switch (request) {
        case Next next -> new Reply<>(n, n + 1);
        case Explode explode -> throw new IllegalStateException("asked to explode at " + n);
        default -> throw new IllegalArgumentException("unknown call: " + request);
      };
    }
  }

  private SupervisedCounter() {}

  /** Runs the demo, printing what happens. */
  public static void run() {
    say("runtime: processes are virtual threads with mailboxes, links and monitors, as on BEAM.");
    Pid sup =
        Supervisor.start(
            SupervisorFlags.oneForOne(),
            List.of(ChildSpec.worker("counter", ChildStart.genServer(new Counter(), "counter"))));
    Pid first = Processes.whereis("counter").orElseThrow();
    say("  started a supervisor %s with a counter GenServer %s registered as 'counter'", sup, first);

    for (int i = 0; i < 3; i++) {
      say("  GenServer.call(\"counter\", Next) -> %s", GenServer.call("counter", new Next()));
    }

    try (Mailbox me = Processes.openMailbox()) {
      var monitor = Processes.monitor(first);
      try {
        GenServer.call("counter", new Explode());
      } catch (CallException e) {
        // A crash's exit reason is {exception, Class, Message, Stacktrace}, readable on BEAM too.
        Tuple reason = (Tuple) e.reason();
        say("  GenServer.call(\"counter\", Explode) failed: the server crashed with"
            + " {exception, %s, %s, [...]}", reason.get(1), reason.get(2));
      }
      Down down = Processes.receive(m -> m instanceof Down d && d.ref().equals(monitor) ? d : null);
      say("  our monitor saw it go: DOWN from %s", down.pid());
    }

    Pid second = waitForRestart(first);
    say("  the supervisor restarted it as %s, with a fresh state:", second);
    say("  GenServer.call(\"counter\", Next) -> %s", GenServer.call("counter", new Next()));

    var report = SupervisionRoot.stop(Duration.ofSeconds(5));
    say("  stopped the supervision tree (children in reverse order): %s", report);
  }

  private static Pid waitForRestart(Pid old) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      var now = Processes.whereis("counter");
      if (now.isPresent() && !now.get().equals(old)) {
        return now.get();
      }
      Thread.onSpinWait();
    }
    throw new IllegalStateException("the counter was not restarted within 5 s");
  }

  private static void say(String format, Object... args) {
    System.out.println(String.format(format, args));
  }
}
