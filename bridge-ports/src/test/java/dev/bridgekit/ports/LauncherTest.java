package dev.bridgekit.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LauncherTest {
  @RegisterExtension final TrappingMailbox mailbox = new TrappingMailbox();

  @Test
  void programsRunUnderOneLauncherInGroupsOfTheirOwn() {
    Port a = Port.open(PortSpec.program("/bin/cat").build());
    Port b = Port.open(PortSpec.program("/bin/cat").build());
    ProcTable.Stat sa = ProcTable.stat(a.osPid());
    ProcTable.Stat sb = ProcTable.stat(b.osPid());
    assertEquals(sa.ppid(), sb.ppid(), "one launcher");
    assertEquals(ProcessHandle.current().pid(), ProcTable.stat(sa.ppid()).ppid(), "a child of this JVM");
    assertEquals(a.osPid(), sa.pgid(), "a process group of its own");
    assertEquals(b.osPid(), sb.pgid());
    a.close();
    b.close();
  }

  @Test
  void aLauncherKilledWithSigkillClosesItsPortsTakesItsProgramsAndIsReplaced() throws Exception {
    // With exit_status the port waits for a status only the launcher could report.
    Port port = Port.open(PortSpec.program("/bin/sleep").args("1000").exitStatus().build());
    ProcTable.Stat program = ProcTable.stat(port.osPid());
    assertNotNull(program, "the program just opened is gone: " + port + ", " + port.info());
    long launcher = program.ppid();
    ProcessHandle.of(launcher).orElseThrow().destroyForcibly();
    assertEquals(PortCore.LAUNCHER_EXITED, Recv.exit(port));
    assertTrue(ProcTable.awaitGone(List.of(port.osPid()), Duration.ofSeconds(5)),
        "the program died with its launcher (parent-death signal)");

    Port next = Port.open(PortSpec.program("/bin/echo").args("again").build());
    assertEquals("again\n", Recv.text(next));
    // /bin/echo may have exited already: read its entry once.
    ProcTable.Stat echo = ProcTable.stat(next.osPid());
    assertTrue(echo == null || echo.ppid() != launcher, "a new launcher runs it");
  }

  /** Counts this JVM's OS threads, carriers and pollers included. */
  static int osThreads() throws java.io.IOException {
    try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
      return (int) tasks.count();
    }
  }

  @Test
  void idlePortsHoldNoPlatformThread() throws Exception {
    Port warm = Port.open(PortSpec.program("/bin/cat").stderr(StderrMode.OWNER).build());
    warm.command(new byte[] {1});
    Recv.data(warm);
    int before = osThreads();
    List<Port> ports = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ports.add(Port.open(PortSpec.program("/bin/cat").stderr(StderrMode.OWNER).build()));
    }
    // Every port's readers are parked in a read and its writer in its queue: idle.
    for (Port p : ports) {
      p.command(new byte[] {2});
      Recv.data(p);
    }
    int after = osThreads();
    assertTrue(after - before < 20, "platform threads went from " + before + " to " + after
        + " for 200 ports of 3 streams each");
    for (Port p : ports) {
      p.close();
    }
    warm.close();
  }

  /**
   * Counts this JVM's open sockets: what ports open, one to three per program. (Not every fd: the
   * JDK opens the epoll instances of virtual threads' blocking I/O lazily, at any time.)
   */
  static int openSockets() throws java.io.IOException {
    try (var fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
      return (int) fds.filter(fd -> {
        try {
          return java.nio.file.Files.readSymbolicLink(fd).toString().startsWith("socket:");
        } catch (java.io.IOException e) {
          return false; // closed meanwhile (the listing's own fd, for one)
        }
      }).count();
    }
  }

  @Test
  void shortLivedAndClosedProgramsLeaveNoSocketsAndNoZombies() throws Exception {
    long launcher = ProcTable.stat(Port.open(PortSpec.program("/bin/cat").build()).osPid()).ppid();
    openAndClose(20);
    int before = openSockets();
    openAndClose(100);
    // The last closed programs may still be ending: give them a moment to go and be reaped.
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    int after = openSockets();
    List<ProcTable.Stat> zombies = zombies(launcher);
    while ((after > before || !zombies.isEmpty()) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      after = openSockets();
      zombies = zombies(launcher);
    }
    assertTrue(after <= before, "sockets went from " + before + " to " + after + " over 200 ports");
    assertTrue(zombies.isEmpty(), "zombies under the launcher: " + zombies);
  }

  private static List<ProcTable.Stat> zombies(long parent) {
    return ProcTable.all().stream().filter(st -> st.ppid() == parent && st.state() == 'Z').toList();
  }

  /** Runs {@code n} /bin/true to their exit status, and {@code n} cats closed while they run. */
  private static void openAndClose(int n) throws InterruptedException {
    for (int i = 0; i < n; i++) {
      Port p = Port.open(PortSpec.program("/bin/true").exitStatus().build());
      assertEquals(0, Recv.exitStatus(p));
      Port c = Port.open(PortSpec.program("/bin/cat").stderr(StderrMode.OWNER).build());
      c.command(new byte[] {(byte) i});
      Recv.data(c);
      c.close(); // closed while running: its channels are still registered with the selector
    }
  }
}
