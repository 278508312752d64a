package dev.bridgekit.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Pid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class BackPressureTest {
  @RegisterExtension final TrappingMailbox mailbox = new TrappingMailbox();

  @Test
  void aFullQueueMakesThePortBusySendersParkAndResumeBelowTheLowWatermark(@TempDir Path dir)
      throws Exception {
    Path go = dir.resolve("go");
    // Reads nothing until the test creates "go", then counts every byte it gets.
    Port port = Port.open(PortSpec.program("/bin/sh")
        .args("-c", "while [ ! -e '" + go + "' ]; do sleep 0.01; done; exec wc -c")
        .busyLimits(16 << 10, 64 << 10).exitStatus().build());
    byte[] chunk = new byte[16 << 10];
    long sent = 0;
    // Fill until the program's socket buffer is full and the queue stays busy.
    long lastOut = -1;
    while (true) {
      while (port.tryCommand(chunk)) {
        sent += chunk.length;
        assertTrue(sent < (64 << 20), "the queue never became busy");
      }
      Thread.sleep(100);
      PortInfo info = port.info();
      if (info.busy() && info.bytesOut() == lastOut) {
        break;
      }
      lastOut = info.bytesOut();
    }
    PortInfo info = port.info();
    assertTrue(info.busy());
    assertTrue(info.queueBytes() >= (64 << 10), "queued " + info.queueBytes());

    Pid parent = mailbox.pid();
    Processes.spawn(() -> {
      port.command(chunk); // parks while busy
      Processes.send(parent, "sent");
    });
    Recv.none(m -> "sent".equals(m) ? m : null, Duration.ofMillis(300));
    Files.createFile(go);
    Recv.message(m -> "sent".equals(m) ? m : null);
    sent += chunk.length;
    port.closeInput();
    assertEquals(Long.toString(sent), Recv.text(port).strip(), "every byte arrived, once");
    assertEquals(0, Recv.exitStatus(port));
    assertFalse(port.info().busy());
    assertEquals(ExitReason.NORMAL, Recv.exit(port));
  }

  @Test
  void onDemandReadingDeliversOnlyWhatTheOwnerAsksForAndStopsReading() throws Exception {
    Port port = Port.open(PortSpec.program("/usr/bin/yes").args("flood")
        .framing(Framing.line(100)).readMode(ReadMode.ON_DEMAND).build());
    Recv.none(m -> m instanceof PortLine ? m : null, Duration.ofMillis(200));
    port.request(5);
    for (int i = 0; i < 5; i++) {
      PortLine line = Recv.message(m -> m instanceof PortLine l && l.port() == port ? l : null);
      assertEquals("flood", new String(line.data(), StandardCharsets.UTF_8));
      assertTrue(line.eol());
    }
    Recv.none(m -> m instanceof PortLine ? m : null, Duration.ofMillis(200));
    long readSoFar = port.info().bytesIn();
    Thread.sleep(200);
    assertEquals(readSoFar, port.info().bytesIn(), "reading paused: yes is blocked on its pipe");
    assertTrue(readSoFar <= (1 << 20), "read " + readSoFar + " bytes for 5 lines");
    port.request(3);
    for (int i = 0; i < 3; i++) {
      Recv.message(m -> m instanceof PortLine l && l.port() == port ? l : null);
    }
    Recv.none(m -> m instanceof PortLine ? m : null, Duration.ofMillis(100));
    port.close();
  }

  @Test
  void requestNeedsAnOnDemandPort() throws Exception {
    Port port = Port.open(PortSpec.program("/bin/cat").build());
    assertThrows(IllegalStateException.class, () -> port.request(1));
    Port demand = Port.open(PortSpec.program("/bin/cat").readMode(ReadMode.ON_DEMAND).build());
    assertThrows(IllegalArgumentException.class, () -> demand.request(0));
    port.close();
    demand.close();
  }
}
