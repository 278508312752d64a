package dev.bridgekit.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bridgekit.runtime.Exit;
import dev.bridgekit.runtime.Mailbox;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Pid;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Many ports, many packets, checked by checksum, as NuProcess's CatTest. */
class PortIntegrityTest {
  static final int PORTS = 20;

  record Sums(int port, long sentCrc, long sentBytes, long gotCrc, long gotBytes) {}

  @Test
  void manyEchoPortsReturnEveryPacketIntactAndInOrder() throws Exception {
    try (Mailbox mb = Processes.openMailbox()) {
      Pid parent = mb.pid();
      for (int i = 0; i < PORTS; i++) {
        int seed = i;
        Processes.spawn(() -> {
          Random random = new Random(seed);
          Port port = Port.open(PortTest.echo(4).build());
          CRC32 sent = new CRC32();
          CRC32 got = new CRC32();
          long sentBytes = 0;
          long gotBytes = 0;
          int packets = 200;
          for (int p = 0; p < packets; p++) {
            byte[] b = new byte[random.nextInt(8 << 10)];
            random.nextBytes(b);
            sent.update(b);
            sentBytes += b.length;
            port.command(b);
          }
          for (int p = 0; p < packets; p++) {
            byte[] b = Recv.data(port);
            got.update(b);
            gotBytes += b.length;
          }
          port.close();
          Processes.send(parent, new Sums(seed, sent.getValue(), sentBytes, got.getValue(), gotBytes));
        });
      }
      assertAllMatch();
    }
  }

  @Test
  void manyCatsStreamEveryByteBack() throws Exception {
    try (Mailbox mb = Processes.openMailbox()) {
      Pid parent = mb.pid();
      for (int i = 0; i < PORTS; i++) {
        int seed = 100 + i;
        Processes.spawn(() -> {
          Processes.trapExit(true);
          Random random = new Random(seed);
          Port port = Port.open(PortSpec.program("/bin/cat").build());
          CRC32 sent = new CRC32();
          long sentBytes = 0;
          for (int p = 0; p < 64; p++) {
            byte[] b = new byte[1 + random.nextInt(32 << 10)];
            random.nextBytes(b);
            sent.update(b);
            sentBytes += b.length;
            port.command(b);
          }
          port.closeInput();
          CRC32 got = new CRC32();
          long gotBytes = 0;
          while (true) {
            Object m = Recv.message(x -> x instanceof PortData || x instanceof Exit ? x : null);
            if (m instanceof PortData d) {
              got.update(d.data());
              gotBytes += d.data().length;
            } else {
              break;
            }
          }
          Processes.send(parent, new Sums(seed, sent.getValue(), sentBytes, got.getValue(), gotBytes));
        });
      }
      assertAllMatch();
    }
  }

  private static void assertAllMatch() {
    List<Sums> all = new ArrayList<>();
    for (int i = 0; i < PORTS; i++) {
      all.add(Recv.message(m -> m instanceof Sums s ? s : null));
    }
    for (Sums s : all) {
      assertEquals(s.sentBytes(), s.gotBytes(), "bytes of port " + s.port());
      assertEquals(s.sentCrc(), s.gotCrc(), "checksum of port " + s.port());
    }
  }
}
