package dev.bridgekit.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.term.Atom;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandTest {

  static Command.Builder sh(String script) {
    return Command.program("/bin/sh").args("-c", script);
  }

  @Test
  void capturesOutputStderrAndTheExitStatus() throws Exception {
    Command.Result r = sh("echo out; echo err >&2; exit 3").build().run();
    assertEquals(3, r.exitStatus());
    assertEquals("out\n", r.outputText());
    assertEquals("err\n", r.stderrText());
    assertFalse(r.truncated());
    assertFalse(r.timedOut());

    Command.Result merged = sh("echo out; echo err >&2").mergeStderr().build().run();
    assertEquals("out\nerr\n", merged.outputText());
    assertEquals("", merged.stderrText());
  }

  @Test
  void feedsItsInputAndSetsEnvironmentAndDirectory() throws Exception {
    assertEquals("abc", Command.program("/bin/cat").input("abc".getBytes(StandardCharsets.UTF_8))
        .build().run().outputText());
    Command.Result r = sh("echo \"$BK_A ${HOME:-unset}\"; pwd; echo $0").env("BK_A", "1")
        .unsetEnv("HOME").cwd(Path.of("/")).arg0("named").build().run();
    assertEquals("1 unset\n/\nnamed\n", r.outputText());
    assertEquals("found\n", Command.program("echo").args("found").searchPath().build().run().outputText());
  }

  @Test
  void theLastChangeToAVariableWins() throws Exception {
    Command.Result r = sh("echo \"${BK_A:-unset} ${BK_B:-unset}\"")
        .env("BK_A", "1").unsetEnv("BK_A")
        .unsetEnv("BK_B").env("BK_B", "2").build().run();
    assertEquals("unset 2\n", r.outputText());
  }

  @Test
  void badValuesAreRejectedWhereTheyAreGivenNamingThem() {
    IllegalArgumentException eq = assertThrows(IllegalArgumentException.class,
        () -> Command.program("/bin/true").env("A=B", "x"));
    assertTrue(eq.getMessage().contains("A=B"), eq.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Command.program("/bin/true").args("a\0b"));
    assertThrows(IllegalArgumentException.class, () -> Command.program("/bin/true").arg0("a\0b"));
    assertThrows(IllegalArgumentException.class, () -> Command.program(""));
  }

  @Test
  void outputIsCapturedUpToTheBoundAndTheProgramStillCompletes() throws Exception {
    Command.Result r = sh("head -c 1000000 /dev/zero; echo done >&2").maxOutput(1000).build().run();
    assertEquals(0, r.exitStatus());
    assertEquals(1000, r.output().length);
    assertTrue(r.truncated());
    assertEquals("done\n", r.stderrText());
  }

  @Test
  void aTimeoutEndsTheWholeProcessGroup() throws Exception {
    Command.Result r = sh("echo $$; sleep 1000 & sleep 1000 & wait")
        .timeout(Duration.ofMillis(300)).build().run();
    assertTrue(r.timedOut());
    assertEquals(128 + 15, r.exitStatus(), "SIGTERM");
    assertTrue(r.elapsed().compareTo(Duration.ofSeconds(3)) < 0, "took " + r.elapsed());
    long group = Long.parseLong(r.outputText().strip());
    assertEquals(List.of(), ProcTable.group(group), "the shim returns once the group is gone");
  }

  @Test
  void aProgramIgnoringSigtermIsKilledAfterTheGrace() throws Exception {
    Command.Result r = sh("trap '' TERM; sleep 1000").timeout(Duration.ofMillis(100))
        .killGrace(Duration.ofMillis(300)).build().run();
    assertTrue(r.timedOut());
    assertEquals(128 + 9, r.exitStatus(), "SIGKILL");
    assertTrue(r.elapsed().compareTo(Duration.ofMillis(350)) >= 0, "took " + r.elapsed());
  }

  @Test
  void nothingTheCommandStartedOutlivesIt() throws Exception {
    Command.Result r = sh("sleep 1000 & echo $!").build().run();
    assertEquals(0, r.exitStatus());
    long sleeper = Long.parseLong(r.outputText().strip());
    assertFalse(ProcTable.alive(sleeper), "the background sleep was ended with its group");
  }

  @Test
  void aMissingOrNonExecutableProgramFailsNamingIt(@TempDir Path dir) throws Exception {
    PortOpenException missing = assertThrows(PortOpenException.class,
        () -> Command.program("/no/such/tool").build().run());
    assertEquals(Atom.of("enoent"), missing.posix());
    assertTrue(missing.getMessage().contains("/no/such/tool"));
    Path file = Files.writeString(dir.resolve("plain"), "echo hi\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    PortOpenException denied = assertThrows(PortOpenException.class,
        () -> Command.program(file).build().run());
    assertEquals(Atom.of("eacces"), denied.posix());
  }
}
