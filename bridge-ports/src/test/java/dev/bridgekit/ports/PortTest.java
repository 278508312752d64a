package dev.bridgekit.ports;

import static dev.bridgekit.ports.Recv.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.runtime.Exit;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.NativeDir;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Pid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PortTest {
  @RegisterExtension final TrappingMailbox mailbox = new TrappingMailbox();

  static PortSpec.Builder echo(int n) {
    return PortSpec.program(NativeDir.resolve("bk_port_echo")).args(Integer.toString(n))
        .framing(Framing.packet(n));
  }

  static PortSpec.Builder sh(String script) {
    return PortSpec.program("/bin/sh").args("-c", script);
  }

  /** Collects stream output up to the end of the port, as one string. */
  static String streamed(Port port) {
    StringBuilder out = new StringBuilder();
    while (true) {
      Object m = Recv.message(x -> x instanceof PortMessage pm && pm.port() == port ? x
          : x instanceof Exit e && e.from().equals(port.pid()) ? x : null);
      if (m instanceof PortData d) {
        out.append(new String(d.data(), StandardCharsets.UTF_8));
      } else if (m instanceof Exit) {
        return out.toString();
      }
    }
  }

  @Test
  void packetsGoToTheProgramAndComeBackFramed() throws Exception {
    for (int n : new int[] {1, 2, 4}) {
      Port port = Port.open(echo(n).exitStatus().build());
      assertTrue(port.osPid() > 0);
      assertEquals(mailbox.pid(), port.owner());
      port.command(utf8("hello"));
      port.command(new byte[0]);
      port.command(utf8("world"));
      assertEquals("hello", Recv.text(port));
      assertEquals("", Recv.text(port));
      assertEquals("world", Recv.text(port));
      port.closeInput();
      assertEquals(0, Recv.exitStatus(port));
      assertEquals(ExitReason.NORMAL, Recv.exit(port));
      assertFalse(port.isOpen());
    }
  }

  @Test
  void lineFramingDeliversEolAndNoeolPieces() {
    Port port = Port.open(sh("printf 'short\\nexactly8\\nlonger than eight\\ntail'")
        .framing(Framing.line(8)).build());
    List<String> got = new ArrayList<>();
    while (true) {
      Object m = Recv.message(x -> x instanceof PortLine l && l.port() == port ? x
          : x instanceof Exit e && e.from().equals(port.pid()) ? x : null);
      if (m instanceof PortLine l) {
        got.add((l.eol() ? "eol:" : "noeol:") + new String(l.data(), StandardCharsets.UTF_8));
      } else {
        break;
      }
    }
    assertEquals(List.of("eol:short", "eol:exactly8", "noeol:longer t", "noeol:han eigh", "eol:t", "noeol:tail"), got);
  }

  @Test
  void exitStatusIsTheCodeOr128PlusTheSignal() {
    for (String[] c : new String[][] {{"exit 7", "7"}, {"exit 0", "0"}, {"kill -9 $$", "137"},
        {"kill -TERM $$", "143"}}) {
      Port port = Port.open(sh(c[0]).exitStatus().build());
      assertEquals(Integer.parseInt(c[1]), Recv.exitStatus(port), c[0]);
      assertEquals(ExitReason.NORMAL, Recv.exit(port), "a port whose program exits closes normally");
    }
  }

  @Test
  void halfCloseGivesTheProgramEofWhileItsOutputKeepsComing() throws Exception {
    Port port = Port.open(sh("cat; echo after-eof").exitStatus().build());
    port.command(utf8("one "));
    port.command(utf8("two\n"));
    port.closeInput();
    assertEquals("one two\nafter-eof\n", streamedUntilStatus(port));
    assertThrowsClosed(() -> port.command(utf8("late")));
  }

  private static String streamedUntilStatus(Port port) {
    StringBuilder out = new StringBuilder();
    while (true) {
      Object m = Recv.message(x -> x instanceof PortMessage pm && pm.port() == port ? x : null);
      if (m instanceof PortData d) {
        out.append(new String(d.data(), StandardCharsets.UTF_8));
      } else if (m instanceof PortExitStatus s) {
        assertEquals(0, s.status());
        return out.toString();
      }
    }
  }

  interface Action {
    void run() throws Exception;
  }

  static void assertThrowsClosed(Action a) {
    try {
      a.run();
    } catch (PortClosedException expected) {
      return;
    } catch (Exception e) {
      throw new AssertionError("expected PortClosedException, got " + e, e);
    }
    throw new AssertionError("expected PortClosedException");
  }

  @Test
  void eofOptionKeepsThePortOpenUntilClosed() {
    Port port = Port.open(sh("echo bye").eof().exitStatus().build());
    assertEquals("bye\n", Recv.text(port));
    Recv.message(m -> m instanceof PortEof e && e.port() == port ? e : null);
    assertEquals(0, Recv.exitStatus(port));
    assertTrue(port.isOpen());
    Recv.none(m -> m instanceof Exit e && e.from().equals(port.pid()) ? e : null, Duration.ofMillis(200));
    port.close();
    Recv.message(m -> m instanceof PortClosed c && c.port() == port ? c : null);
    assertEquals(ExitReason.NORMAL, Recv.exit(port));
    assertFalse(port.isOpen());
    port.close(); // a second close does nothing
  }

  @Test
  void nouseStdioUsesFds3And4AndLeavesStdoutForLogs() throws Exception {
    Port port = Port.open(sh("echo log-line; exec '" + NativeDir.resolve("bk_port_echo") + "' 4 <&3 >&4")
        .framing(Framing.packet(4)).noUseStdio().stderr(StderrMode.OWNER).build());
    // bk_port_echo reads fd 0 and writes fd 1: the script points them at 3 and 4.
    port.command(utf8("via fd 3"));
    assertEquals("via fd 3", Recv.text(port));
    byte[] log = Recv.message(m -> m instanceof PortStderr s && s.port() == port ? s.data() : null);
    assertEquals("log-line\n", new String(log, StandardCharsets.UTF_8));
    port.close();
  }

  @Test
  void stderrGoesToTheOwnerMergedOrNowhereButNeverIntoFrames() {
    Port owner = Port.open(sh("echo out; echo err >&2").stderr(StderrMode.OWNER).exitStatus().build());
    byte[] err = Recv.message(m -> m instanceof PortStderr s && s.port() == owner ? s.data() : null);
    assertEquals("err\n", new String(err, StandardCharsets.UTF_8));
    assertEquals("out\n", Recv.text(owner));
    assertEquals(0, Recv.exitStatus(owner));

    Port merged = Port.open(sh("echo out; echo err >&2").stderr(StderrMode.MERGE).build());
    assertEquals("out\nerr\n", streamed(merged));

    Port discarded = Port.open(sh("echo err >&2; echo out").stderr(StderrMode.DISCARD).build());
    assertEquals("out\n", streamed(discarded));

    Port logged = Port.open(sh("echo to-the-log >&2; echo out").stderr(StderrMode.LOG).build());
    assertEquals("out\n", streamed(logged));
    Recv.none(m -> m instanceof PortStderr ? m : null, Duration.ZERO);
  }

  @Test
  void environmentIsExtendedOrUnsetAndCwdAndArg0AreSet() {
    Port env = Port.open(sh("echo \"$BK_FOO-${HOME:-unset}\"").env("BK_FOO", "bar").unsetEnv("HOME").build());
    assertEquals("bar-unset\n", streamed(env));
    Port cwd = Port.open(sh("pwd").cwd(Path.of("/")).build());
    assertEquals("/\n", streamed(cwd));
    Port arg0 = Port.open(sh("echo $0").arg0("custom-name").build());
    assertEquals("custom-name\n", streamed(arg0));
  }

  @Test
  void aBareNameIsLookedUpOnThePathOnlyWhenAsked() {
    Port found = Port.open(PortSpec.program("echo").args("found").searchPath().build());
    assertEquals("found\n", streamed(found));
    PortOpenException e = org.junit.jupiter.api.Assertions.assertThrows(PortOpenException.class,
        () -> Port.open(PortSpec.program("echo").args("x").build()));
    assertEquals("enoent", e.posix().name());
    PortOpenException none = org.junit.jupiter.api.Assertions.assertThrows(PortOpenException.class,
        () -> Port.open(PortSpec.program("no-such-program-bk").searchPath().build()));
    assertTrue(none.getMessage().contains("no-such-program-bk"), none.getMessage());
  }

  @Test
  void connectHandsThePortToANewOwner() throws Exception {
    Port port = Port.open(echo(4).build());
    Pid parent = mailbox.pid();
    Pid other = Processes.spawn(() -> {
      String got = Processes.receive(m -> m instanceof PortData d ? new String(d.data(), StandardCharsets.UTF_8) : null);
      Processes.send(parent, "other got " + got);
    });
    port.connect(other);
    assertEquals(other, port.owner());
    Recv.message(m -> m instanceof PortConnected c && c.port() == port ? c : null);
    port.command(utf8("for the new owner"));
    Recv.message(m -> "other got for the new owner".equals(m) ? m : null);
    port.close();
  }

  @Test
  void infoCountsBytesBothWays() throws Exception {
    Port port = Port.open(echo(2).eof().exitStatus().build());
    port.command(utf8("12345"));
    Recv.data(port);
    // The writer counts a write once it returned, which may be after the echo came back: once
    // the program has seen the end of its input, every byte has been counted.
    port.closeInput();
    assertEquals(0, Recv.exitStatus(port));
    PortInfo info = port.info();
    assertEquals(7, info.bytesOut());
    assertEquals(7, info.bytesIn());
    assertEquals(0, info.queueBytes());
    assertFalse(info.busy());
    assertEquals(port.osPid(), info.osPid());
    assertEquals(mailbox.pid(), info.owner());
    assertEquals(port.pid(), info.pid());
    assertTrue(info.open(), "eof keeps it open");
    port.close();
    assertFalse(port.info().open());
  }

  @Test
  void anOwnerThatDiesTakesItsPortAndTheProgramWithIt() throws Exception {
    Pid parent = mailbox.pid();
    Pid owner = Processes.spawn(() -> {
      Port port = Port.open(sh("sleep 1000").build());
      Processes.send(parent, port);
      Processes.receive(m -> "die".equals(m) ? m : null);
      throw Processes.exit(dev.bridgekit.term.Atom.of("boom"));
    });
    Port port = Recv.message(m -> m instanceof Port p ? p : null);
    long os = port.osPid();
    assertTrue(ProcTable.alive(os));
    Processes.monitor(port.pid());
    Processes.send(owner, "die");
    Object reason = Recv.message(m -> m instanceof dev.bridgekit.runtime.Down d && d.pid().equals(port.pid()) ? d.reason() : null);
    assertEquals(dev.bridgekit.term.Atom.of("boom"), reason, "the port exits with its owner's reason");
    assertTrue(ProcTable.awaitGone(List.of(os), Duration.ofSeconds(5)), "the program is gone");
  }

  @Test
  void anExitSignalToThePortClosesItAndEndsTheProgramEvenKill() throws Exception {
    for (dev.bridgekit.term.Atom reason : List.of(dev.bridgekit.term.Atom.of("stop"), ExitReason.KILL)) {
      Port port = Port.open(sh("sleep 1000 & echo started; exec sleep 1000").build());
      assertEquals("started\n", Recv.text(port));
      List<Long> group = ProcTable.group(port.osPid());
      assertEquals(2, group.size(), "two sleeps: " + group);
      Processes.exit(port.pid(), reason);
      assertEquals(reason.equals(ExitReason.KILL) ? ExitReason.KILLED : reason, Recv.exit(port));
      assertTrue(ProcTable.awaitGone(group, Duration.ofSeconds(5)), "left: " + group);
      assertThrowsClosed(() -> port.command(utf8("x")));
    }
  }

  @Test
  void closeKillsTheWholeProcessGroup() throws Exception {
    Port port = Port.open(sh("sleep 1000 & sleep 1000 & echo started; wait").exitStatus().build());
    assertEquals("started\n", Recv.text(port));
    List<Long> group = ProcTable.group(port.osPid());
    assertEquals(3, group.size(), "sh and two sleeps: " + group);
    port.close();
    Recv.message(m -> m instanceof PortClosed c && c.port() == port ? c : null);
    assertTrue(ProcTable.awaitGone(group, Duration.ofSeconds(5)), "left: " + ProcTable.group(port.osPid()));
  }
}
