package dev.bridgekit.examples.ports;

import dev.bridgekit.ports.Framing;
import dev.bridgekit.ports.Port;
import dev.bridgekit.ports.PortData;
import dev.bridgekit.ports.PortInfo;
import dev.bridgekit.ports.PortPool;
import dev.bridgekit.ports.PortServer;
import dev.bridgekit.ports.PortSpec;
import dev.bridgekit.runtime.ChildInfo;
import dev.bridgekit.runtime.Down;
import dev.bridgekit.runtime.GenServer;
import dev.bridgekit.runtime.Mailbox;
import dev.bridgekit.runtime.NativeDir;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.runtime.Supervisor;
import dev.bridgekit.runtime.SupervisorFlags;
import dev.bridgekit.term.Pid;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ports demo: child programs as Erlang ports. The all-caps program from the Erlang books
 * answers {@code {packet,4}} packets; a flaky command-line program that exits after a few requests
 * is restarted by its supervisor; a pool of all-caps programs serves concurrent callers.
 */
public final class PortsDemo {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private PortsDemo() {}

  /** Runs the demo, printing what happens. */
  public static void run() {
    say("ports: child programs as Erlang ports, owned and supervised by processes.");
    try (Mailbox me = Processes.openMailbox()) {
      allCaps();
      flakyProgram();
      pool();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the ports demo was interrupted", e);
    }
  }

  private static PortSpec allCapsSpec() {
    return PortSpec.program(NativeDir.resolve("bk_allcaps")).framing(Framing.packet(4)).build();
  }

  /** Talks to native/bk_allcaps through a port owned by this process. */
  private static void allCaps() throws InterruptedException {
    Port port = Port.open(allCapsSpec());
    say("  opened %s: {packet,4}, each packet a 4-byte length then the bytes", port);
    for (String text : List.of("hello", "ﬀ")) {
      byte[] request = text.getBytes(StandardCharsets.UTF_8);
      port.command(request);
      byte[] reply = Processes.receive(m -> m instanceof PortData d && d.port() == port
          ? d.data() : null);
      say("  port.command(\"%s\", %d bytes) -> PortData \"%s\", %d bytes", text, request.length,
          new String(reply, StandardCharsets.UTF_8), reply.length);
    }
    say("  (U+FB00 \"ﬀ\" upper-cases to \"FF\": the reply is shorter, and its prefix says so)");
    PortInfo info = port.info();
    say("  port.info(): OS pid %d, %d bytes out, %d bytes in", info.osPid(), info.bytesOut(),
        info.bytesIn());
    port.close();
    say("  port.close(): its program got end of input, and its process group is ended");
  }

  /**
   * A shell script that answers a line per request and exits 1 after its third: a PortServer
   * under a supervisor stops with {exit_status, 1} each time, and is restarted with a fresh
   * program.
   */
  private static void flakyProgram() {
    PortSpec flaky = PortSpec.program("/bin/sh")
        .args("-c", "n=0; while read job; do n=$((n+1)); echo \"did $job (pid $$, request $n)\";"
            + " [ $n -lt 3 ] || exit 1; done")
        .framing(Framing.line(200))
        .build();
    say("");
    say("  a flaky CLI program: /bin/sh -c '... answers a line, exits 1 after 3 requests'");
    Pid sup = Supervisor.start(SupervisorFlags.oneForOne().withIntensity(5, Duration.ofSeconds(10)),
        List.of(PortServer.childSpec("flaky", flaky)));
    say("  started a supervisor %s with a PortServer child 'flaky' (intensity 5 in 10 s)", sup);
    try {
      int job = 0;
      for (int life = 0; life < 2; life++) {
        Pid worker = child(sup);
        var monitor = Processes.monitor(worker);
        for (int i = 0; i < 3; i++) {
          job++;
          byte[] request = ("job" + job + "\n").getBytes(StandardCharsets.UTF_8);
          byte[] reply = PortServer.call(worker, request);
          say("  PortServer.call(%s, \"job%d\") -> \"%s\"", worker, job,
              new String(reply, StandardCharsets.UTF_8));
        }
        Down down =
            Processes.receive(m -> m instanceof Down d && d.ref().equals(monitor) ? d : null);
        Pid next = awaitRestart(sup, worker);
        say("  the program exited: the server went down with %s; the supervisor restarted it as %s",
            down.reason(), next);
      }
    } finally {
      GenServer.stop(sup);
    }
    say("  stopped the supervisor: the server, its port and its program go with it");
  }

  /** Twenty callers, ten requests each, through a pool of four all-caps programs. */
  private static void pool() throws InterruptedException {
    int callers = 20;
    int requests = 10;
    say("");
    PortPool pool = PortPool.start(allCapsSpec(), 4, 0);
    say("  started a PortPool %s of 4 all-caps workers, no overflow", pool.pid());
    Map<Pid, AtomicInteger> served = new ConcurrentHashMap<>();
    AtomicInteger wrong = new AtomicInteger();
    Pid parent = Processes.self();
    long t0 = System.nanoTime();
    for (int c = 0; c < callers; c++) {
      int caller = c;
      Processes.spawn(() -> {
        for (int r = 0; r < requests; r++) {
          String text = "caller " + caller + " request " + r;
          String reply = pool.transaction(TIMEOUT, worker -> {
            served.computeIfAbsent(worker, w -> new AtomicInteger()).incrementAndGet();
            return new String(PortServer.call(worker, text.getBytes(StandardCharsets.UTF_8),
                TIMEOUT), StandardCharsets.UTF_8);
          });
          if (!reply.equals(text.toUpperCase())) {
            wrong.incrementAndGet();
          }
        }
        Processes.send(parent, "done");
      });
    }
    for (int c = 0; c < callers; c++) {
      Processes.receive(m -> "done".equals(m) ? m : null);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    say("  %d processes (virtual threads) sent %d requests each through the pool: %d answered,"
        + " %d wrong, in %d ms", callers, requests, callers * requests - wrong.get(), wrong.get(),
        ms);
    Map<String, Integer> byWorker = new TreeMap<>();
    served.forEach((w, n) -> byWorker.put(w.toString(), n.get()));
    say("  requests per worker (callers wait in checkout while all 4 are busy): %s", byWorker);
    say("  pool status now: %s", pool.status());
    pool.stop();
    say("  stopped the pool: its 4 programs are ended");
  }

  private static Pid child(Pid sup) {
    for (ChildInfo c : Supervisor.whichChildren(sup)) {
      if (c.pid().isPresent()) {
        return c.pid().get();
      }
    }
    throw new IllegalStateException("the supervisor has no running child");
  }

  private static Pid awaitRestart(Pid sup, Pid old) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (ChildInfo c : Supervisor.whichChildren(sup)) {
        if (c.pid().isPresent() && !c.pid().get().equals(old)) {
          return c.pid().get();
        }
      }
      Thread.onSpinWait();
    }
    throw new IllegalStateException("the flaky worker was not restarted within " + TIMEOUT);
  }

  private static void say(String format, Object... args) {
    System.out.println(String.format(format, args));
  }
}
