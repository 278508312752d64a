package dev.bridgekit.ports;

import static dev.bridgekit.ports.Recv.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.runtime.CallException;
import dev.bridgekit.runtime.ChildInfo;
import dev.bridgekit.runtime.ChildSpec;
import dev.bridgekit.runtime.Down;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.GenServer;
import dev.bridgekit.runtime.Mailbox;
import dev.bridgekit.runtime.NativeDir;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.runtime.StartException;
import dev.bridgekit.runtime.Supervisor;
import dev.bridgekit.runtime.SupervisorFlags;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Binary;
import dev.bridgekit.term.Int;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SupervisionTest {
  private Mailbox mailbox;

  @BeforeEach
  void openMailbox() {
    mailbox = Processes.openMailbox();
  }

  @AfterEach
  void closeMailbox() {
    mailbox.close();
  }

  static PortSpec allcaps() {
    return PortSpec.program(NativeDir.resolve("bk_allcaps")).framing(Framing.packet(4)).build();
  }

  static Pid child(Pid supervisor, String id) {
    for (ChildInfo c : Supervisor.whichChildren(supervisor)) {
      if (c.id().equals(id) && c.pid().isPresent()) {
        return c.pid().get();
      }
    }
    throw new AssertionError("no running child " + id);
  }

  @Test
  void aPortServerAnswersEachCallerInOrder() throws Exception {
    Pid server = PortServer.start(allcaps());
    Pid parent = mailbox.pid();
    for (int i = 0; i < 10; i++) {
      String word = "word" + i;
      Processes.spawn(() -> {
        for (int j = 0; j < 20; j++) {
          String got = new String(PortServer.call(server, utf8(word + "." + j)), StandardCharsets.UTF_8);
          if (!got.equals((word + "." + j).toUpperCase())) {
            Processes.send(parent, "wrong: " + got);
          }
        }
        Processes.send(parent, "done");
      });
    }
    for (int i = 0; i < 10; i++) {
      assertEquals("done", Recv.message(m -> m instanceof String s ? s : null));
    }
    PortServer.call(server, utf8("last"));
    GenServer.stop(server);
  }

  @Test
  void aLineFramedCliProgramServesOneLinePerRequest() {
    Pid server = PortServer.start(PortSpec.program("/bin/cat").framing(Framing.line(4)).build());
    assertEquals("a long line, in pieces", new String(PortServer.call(server, utf8("a long line, in pieces\n")), StandardCharsets.UTF_8));
    GenServer.stop(server);
  }

  @Test
  void aProgramThatCannotStartFailsTheStartWithItsPosixErrorAndPath() {
    StartException e = assertThrows(StartException.class,
        () -> PortServer.start(PortSpec.program("/no/such").framing(Framing.packet(4)).build()));
    assertEquals(Tuple.of(Atom.of("enoent"), Binary.of("/no/such")), e.reason());
    assertThrows(IllegalArgumentException.class,
        () -> PortServer.start(PortSpec.program("/bin/cat").build()), "stream framing");
  }

  @Test
  void aCrashingProgramIsRestartedWithinTheSupervisorsIntensity() throws Exception {
    Pid sup = Supervisor.start(SupervisorFlags.oneForOne().withIntensity(3, Duration.ofSeconds(5)),
        List.of(PortServer.childSpec("caps", allcaps())));
    try {
      for (int crash = 0; crash < 3; crash++) {
        Pid worker = child(sup, "caps");
        long os = PortServer.port(worker).osPid();
        assertEquals("HELLO", new String(PortServer.call(worker, utf8("hello")), StandardCharsets.UTF_8));
        Down d = awaitDown(worker, () -> ProcessHandle.of(os).orElseThrow().destroyForcibly());
        assertEquals(Tuple.of(PortServer.EXIT_STATUS, Int.of(137)), d.reason(), "killed by SIGKILL");
        Pid next = awaitRestart(sup, "caps", worker);
        assertNotEquals(os, PortServer.port(next).osPid());
      }
      assertTrue(Processes.isAlive(sup), "three restarts are within the intensity");
    } finally {
      GenServer.stop(sup);
    }
  }

  interface Action {
    void run() throws Exception;
  }

  static Down awaitDown(Pid pid, Action action) throws Exception {
    var ref = Processes.monitor(pid);
    action.run();
    return Recv.message(m -> m instanceof Down d && d.ref().equals(ref) ? d : null);
  }

  static Pid awaitRestart(Pid sup, String id, Pid old) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      for (ChildInfo c : Supervisor.whichChildren(sup)) {
        if (c.id().equals(id) && c.pid().isPresent() && !c.pid().get().equals(old)) {
          return c.pid().get();
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("child " + id + " was not restarted");
  }

  @Test
  void aSupervisorThatGivesUpOnAFlakyProgramEscalatesToItsParent() throws Exception {
    PortSpec flaky = PortSpec.program("/bin/sh").args("-c", "sleep 0.02; exit 3")
        .framing(Framing.line(100)).build();
    ChildSpec inner = Supervisor.childSpec("inner",
        SupervisorFlags.oneForOne().withIntensity(2, Duration.ofSeconds(10)),
        List.of(PortServer.childSpec("flaky", flaky)));
    Pid top = Supervisor.start(SupervisorFlags.oneForOne().withIntensity(0, Duration.ofSeconds(10)),
        List.of(inner));
    Pid innerPid = child(top, "inner");
    var innerRef = Processes.monitor(innerPid);
    var topRef = Processes.monitor(top);
    assertEquals(ExitReason.SHUTDOWN,
        Recv.message(m -> m instanceof Down d && d.ref().equals(innerRef) ? d.reason() : null),
        "the inner supervisor gave up after 2 restarts");
    assertEquals(ExitReason.SHUTDOWN,
        Recv.message(m -> m instanceof Down d && d.ref().equals(topRef) ? d.reason() : null),
        "and its parent, allowed no restart, gave up in turn");
  }

  @Test
  void stoppingTheSupervisorEndsTheProgramsWholeGroup() throws Exception {
    PortSpec spec = PortSpec.program("/bin/sh").args("-c", "sleep 1000 & exec cat")
        .framing(Framing.line(100)).build();
    Pid sup = Supervisor.start(SupervisorFlags.oneForOne(), List.of(PortServer.childSpec("cat", spec)));
    Pid worker = child(sup, "cat");
    assertEquals("ping", new String(PortServer.call(worker, utf8("ping\n")), StandardCharsets.UTF_8));
    long os = PortServer.port(worker).osPid();
    List<Long> group = ProcTable.group(os);
    assertEquals(2, group.size(), "cat and sleep: " + group);
    GenServer.stop(sup);
    assertTrue(ProcTable.awaitGone(group, Duration.ofSeconds(5)), "left: " + ProcTable.group(os));
    CallException gone = assertThrows(CallException.class, () -> PortServer.call(worker, utf8("x\n")));
    assertEquals(ExitReason.NOPROC, gone.reason());
  }
}
