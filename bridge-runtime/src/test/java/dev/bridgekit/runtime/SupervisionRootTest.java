package dev.bridgekit.runtime;

import static dev.bridgekit.runtime.SupProbe.awaitStarted;
import static dev.bridgekit.runtime.SupProbe.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Term;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisionRootTest {

  @Test
  void stopStopsTheTopLevelSupervisorsLastStartedFirst() {
    Queue<String> log = new ConcurrentLinkedQueue<>();
    try (Mailbox mailbox = Processes.openMailbox()) {
      Pid me = mailbox.pid();
      Pid one = Supervisor.start(SupervisorFlags.oneForOne(), List.of(worker("one", me, log)));
      Pid two = DynamicSupervisor.start(DynamicSupervisorFlags.defaults());
      DynamicSupervisor.startChild(two, worker("two", me, log));
      Pid three = Supervisor.start(SupervisorFlags.oneForAll(), List.of(worker("three", me, log)));
      List<Pid> live = SupervisionRoot.supervisors();
      assertTrue(
          live.indexOf(one) < live.indexOf(two) && live.indexOf(two) < live.indexOf(three),
          live.toString());

      SupervisionRoot.StopReport report = SupervisionRoot.stop(Duration.ofSeconds(5));

      assertTrue(report.complete(), report.toString());
      List<Pid> stopped = report.stopped();
      assertTrue(
          stopped.indexOf(three) < stopped.indexOf(two)
              && stopped.indexOf(two) < stopped.indexOf(one)
              && stopped.indexOf(three) >= 0,
          stopped.toString());
      assertEquals(
          List.of("stop:three", "stop:two", "stop:one"),
          log.stream().filter(s -> s.startsWith("stop:")).toList());
      assertFalse(Processes.isAlive(one) || Processes.isAlive(two) || Processes.isAlive(three));
      assertFalse(SupervisionRoot.supervisors().contains(one));
    }
  }

  @Test
  void stopReturnsWithinItsBoundAndReportsTheSupervisorsThatDidNotStop() {
    try (Mailbox mailbox = Processes.openMailbox()) {
      Pid me = mailbox.pid();
      ChildSpec stuck =
          ChildSpec.worker(
                  "stuck",
                  ChildStart.process(
                      () -> {
                        Processes.trapExit(true);
                        Processes.send(me, new SupProbe.Started("stuck", Processes.self()));
                        while (true) {
                          Processes.receive(); // ignores the shutdown signal
                        }
                      }))
              .withShutdown(ShutdownPolicy.INFINITY);
      Pid sup = Supervisor.start(SupervisorFlags.oneForOne(), List.of(stuck));
      Pid child = awaitStarted("stuck").pid();

      long start = System.nanoTime();
      SupervisionRoot.StopReport report = SupervisionRoot.stop(Duration.ofMillis(300));
      long took = System.nanoTime() - start;

      assertTrue(took >= TimeUnit.MILLISECONDS.toNanos(300), "took " + took + " ns");
      assertTrue(took < TimeUnit.SECONDS.toNanos(2), "took " + took + " ns");
      assertFalse(report.complete());
      assertEquals(List.of(sup), report.notStopped());
      assertFalse(Processes.isAlive(sup), "killed once the bound passed");
      Processes.exit(child, ExitReason.KILL); // it traps exits: only we can end it
    }
  }

  /**
   * The JVM a test below launches: starts a top-level supervisor whose worker writes its
   * terminate reason to the file named by the first argument, says "ready", waits to be killed.
   */
  public static final class SigtermChild {
    public static void main(String[] args) throws Exception {
      Path file = Path.of(args[0]);
      GenServer<Path> writer =
          new GenServer<>() {
            @Override
            public Path init() {
              Processes.trapExit(true);
              return file;
            }

            @Override
            public CallResult<Path> handleCall(Object request, From from, Path state) {
              return new Reply<>(request, state);
            }

            @Override
            public void terminate(Term reason, Path state) throws Exception {
              Files.writeString(state, "terminated " + reason);
            }
          };
      Supervisor.start(SupervisorFlags.oneForOne(), List.of(ChildSpec.worker("writer", writer)));
      System.out.println("ready");
      System.out.flush();
      Thread.sleep(Duration.ofMinutes(1));
    }
  }

  @Test
  void sigtermStopsTheSupervisorsOfAJvmThroughItsShutdownHook(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("terminated.txt");
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process jvm =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                SigtermChild.class.getName(),
                file.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
      String first =
          CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      String line;
                      while ((line = out.readLine()) != null && !line.equals("ready")) {
                        System.err.println("child JVM: " + line);
                      }
                      return line;
                    } catch (java.io.IOException e) {
                      return e.toString();
                    }
                  })
              .get(20, TimeUnit.SECONDS);
      assertEquals("ready", first);
      jvm.destroy(); // SIGTERM
      assertTrue(jvm.waitFor(20, TimeUnit.SECONDS), "the child JVM exited");
      assertEquals("terminated shutdown", Files.readString(file));
    } finally {
      jvm.destroyForcibly();
    }
  }
}
