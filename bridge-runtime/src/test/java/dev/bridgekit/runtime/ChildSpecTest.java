package dev.bridgekit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildSpecTest {
  private static final ChildStart START = () -> Processes.spawnLink(() -> {});

  private static String message(Runnable build) {
    return assertThrows(IllegalArgumentException.class, build::run).getMessage();
  }

  @Test
  void defaultsDependOnTheChildType() {
    ChildSpec worker = ChildSpec.worker("w", START);
    assertEquals(Restart.PERMANENT, worker.restart());
    assertEquals(ShutdownPolicy.timeout(Duration.ofSeconds(5)), worker.shutdown());
    assertEquals(ChildType.WORKER, worker.type());
    ChildSpec supervisor = ChildSpec.supervisor("s", START);
    assertEquals(ShutdownPolicy.INFINITY, supervisor.shutdown());
    assertEquals(ChildType.SUPERVISOR, supervisor.type());
  }

  @Test
  void withersChangeOneValue() {
    ChildSpec spec =
        ChildSpec.worker("w", START)
            .withRestart(Restart.TEMPORARY)
            .withShutdown(ShutdownPolicy.BRUTAL_KILL);
    assertEquals(
        new ChildSpec("w", START, Restart.TEMPORARY, ShutdownPolicy.BRUTAL_KILL, ChildType.WORKER),
        spec);
  }

  @Test
  void badValuesFailWhenTheSpecIsBuiltNamingTheValue() {
    assertEquals(
        "invalid restart type: null (child w)",
        message(() -> ChildSpec.worker("w", START).withRestart(null)));
    assertEquals(
        "invalid shutdown: null (child w)",
        message(() -> ChildSpec.worker("w", START).withShutdown(null)));
    assertEquals(
        "invalid child type: null (child w)",
        message(() -> ChildSpec.worker("w", START).withType(null)));
    assertEquals(
        "invalid child start: null (child w)",
        message(() -> ChildSpec.worker("w", (ChildStart) null)));
    assertEquals(
        "invalid child id: null (1 to 255 characters)",
        message(() -> ChildSpec.worker(null, START)));
    assertEquals(
        "invalid child id: \"\" (1 to 255 characters)", message(() -> ChildSpec.worker("", START)));
    assertEquals("shutdown timeout < 0: -5 ms", message(() -> ShutdownPolicy.timeoutMillis(-5)));
    assertEquals(
        "shutdown timeout < 0: PT-1S",
        message(() -> ShutdownPolicy.timeout(Duration.ofSeconds(-1))));
  }

  @Test
  void supervisorFlagsAreCheckedToo() {
    assertEquals(
        new SupervisorFlags(Strategy.ONE_FOR_ONE, 3, Duration.ofSeconds(5)),
        SupervisorFlags.oneForOne());
    assertEquals(
        "intensity < 0: -1",
        message(() -> SupervisorFlags.oneForAll().withIntensity(-1, Duration.ofSeconds(1))));
    assertEquals(
        "period <= 0: PT0S",
        message(() -> SupervisorFlags.restForOne().withIntensity(1, Duration.ZERO)));
    assertEquals("invalid strategy: null", message(() -> SupervisorFlags.of(null)));
    assertEquals(
        "maxChildren < 1: 0", message(() -> DynamicSupervisorFlags.defaults().withMaxChildren(0)));
  }

  @Test
  void aListOfSpecsRejectsDuplicateIdsAndNulls() {
    ChildSpec a = ChildSpec.worker("worker1", START);
    assertEquals("duplicate child id: worker1", message(() -> ChildSpec.validate(List.of(a, a))));
    assertEquals(
        "duplicate child id: worker1",
        message(() -> Supervisor.childSpec("sup", SupervisorFlags.oneForOne(), List.of(a, a))));
    assertEquals("invalid child specs: null", message(() -> ChildSpec.validate(null)));
  }
}
