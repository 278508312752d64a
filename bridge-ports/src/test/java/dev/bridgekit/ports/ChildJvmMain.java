package dev.bridgekit.ports;

import dev.bridgekit.runtime.Mailbox;
import dev.bridgekit.runtime.Processes;

/**
 * The child JVM of {@link OrphanTest}: opens ports whose programs start grandchildren, prints
 * their OS pids and "ready", then waits to be killed.
 */
public final class ChildJvmMain {
  private ChildJvmMain() {}

  public static void main(String[] args) throws Exception {
    int ports = Integer.parseInt(args[0]);
    Mailbox owner = Processes.openMailbox();
    try {
      for (int i = 0; i < ports; i++) {
        Port port = Port.open(PortSpec.program("/bin/sh")
            .args("-c", "sleep 1000 & sleep 1000 & echo started; wait").build());
        Processes.receive(m -> m instanceof PortData d && d.port() == port ? d : null);
        System.out.println("port " + port.osPid());
      }
      System.out.println("ready");
      System.out.flush();
      Thread.sleep(60_000);
    } finally {
      owner.close();
    }
  }
}
