package dev.bridgekit.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A program whose pid once belonged to an earlier program of the same launcher, whose record the
 * launcher still keeps (its group outlived it, and its port is still open): closing the earlier
 * port must not signal the new program's group, which has the same id. The test picks the pid
 * through /proc/sys/kernel/ns_last_pid, as CRIU does (root only: skipped elsewhere).
 */
class PidReuseTest {
  private static final Path LAST_PID = Path.of("/proc/sys/kernel/ns_last_pid");

  @RegisterExtension final TrappingMailbox mailbox = new TrappingMailbox();

  @Test
  void closingAnOldPortSparesANewProgramThatGotItsPid() throws Exception {
    Assumptions.assumeTrue(Files.isWritable(LAST_PID), "needs a writable " + LAST_PID);
    // The leader exits at once; the sleep it leaves behind keeps its group, so the launcher keeps
    // its record (reaped) until the port closes.
    Port old = Port.open(PortSpec.program("/bin/sh")
        .args("-c", "sleep 30 </dev/null >/dev/null 2>&1 & exit 0")
        .exitStatus().eof().build());
    long pid = old.osPid();
    assertEquals(0, Recv.exitStatus(old));
    List<Long> leftovers = ProcTable.group(pid);
    assertTrue(!leftovers.isEmpty(), "the group of " + pid + " outlives its leader");
    for (long p : leftovers) {
      ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly);
    }
    assertTrue(ProcTable.awaitGone(leftovers, Duration.ofSeconds(5)), "group " + pid + " ended");

    Port fresh = openWithPid(pid);
    Assumptions.assumeTrue(fresh != null, "could not get pid " + pid + " again");
    old.close(); // the launcher must not signal group <pid>: it is the new program's now
    Thread.sleep(300);
    assertTrue(ProcTable.alive(pid), "the new program " + pid + " survived the old port's close");
    fresh.close();
  }

  /** Opens {@code /bin/sleep} as pid {@code pid}, or returns null if another process took it. */
  private static Port openWithPid(long pid) throws IOException {
    for (int attempt = 0; attempt < 5; attempt++) {
      Files.writeString(LAST_PID, Long.toString(pid - 1));
      Port p = Port.open(PortSpec.program("/bin/sleep").args("30").build());
      if (p.osPid() == pid) {
        return p;
      }
      p.close();
    }
    return null;
  }
}
