package dev.bridgekit.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.runtime.Down;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.Mailbox;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connections that end: a peer node killed, a disconnect, a node that cannot be reached. Links
 * and monitors across them end with {@code noconnection}; node monitors get their NodeDown.
 */
// Resources opened for their effect: a mailbox makes the test thread a process, a registration
// holds a name in EPMD.
@SuppressWarnings("try")
class NodeDownTest {
  private static final String COOKIE = "nodedowntest";
  private static NodeWithErl peers;
  private static Node node;
  private static ErlNode erl;

  @BeforeAll
  static void start() {
    peers = NodeWithErl.start("downs", "stays", COOKIE);
    node = peers.node();
    erl = peers.erl();
  }

  @AfterAll
  static void stop() {
    if (peers != null) {
      peers.close();
    }
  }

  private static Pid sleeper(ErlNode on) {
    return (Pid) on.eval("spawn(fun() -> receive never -> ok end end)");
  }

  @Test
  void aPeerNodeKilledGivesNoconnectionToLinksMonitorsAndNodeMonitors() {
    try (ErlNode doomed = ErlNode.start("doomed", COOKIE, node.options().epmdPort());
        Mailbox mb = Processes.openMailbox()) {
      Processes.trapExit(true);
      node.monitorNodes(true);
      assertTrue(node.connect(doomed.name()));
      Expect.exactly(new NodeUp(doomed.name()));
      Pid ep = sleeper(doomed);
      Processes.link(ep);
      Ref ref = Processes.monitor(ep);
      node.monitorNode(doomed.name());
      Pid jp = Processes.spawn(() -> Processes.receive(m -> null));
      doomed.eval("link(" + ErlNode.literal(jp) + ")");
      Ref jpRef = Processes.monitor(jp);

      doomed.kill();

      assertEquals(ExitReason.NOCONNECTION, Expect.exit(ep));
      Down down = Expect.down(ref);
      assertEquals(ep, down.pid());
      assertEquals(ExitReason.NOCONNECTION, down.reason());
      Expect.message(m -> m instanceof NodeDown d && d.node().equals(doomed.name()) ? d : null);
      Expect.message(m -> m instanceof NodeDown d && d.node().equals(doomed.name()) ? d : null);
      assertEquals(ExitReason.NOCONNECTION, Expect.down(jpRef).reason(),
          "a local process linked from the dead node dies of noconnection");
      assertFalse(node.nodes().contains(doomed.name()));
      node.monitorNodes(false);
    }
  }

  @Test
  void disconnectBreaksLinksAndTheNextSendReconnects() {
    try (Mailbox mb = Processes.openMailbox()) {
      Processes.trapExit(true);
      Pid ep = sleeper(erl);
      Processes.link(ep);
      Ref ref = Processes.monitor(ep);
      assertTrue(node.disconnect(erl.name()));
      assertEquals(ExitReason.NOCONNECTION, Expect.exit(ep));
      assertEquals(ExitReason.NOCONNECTION, Expect.down(ref).reason());
      assertFalse(node.nodes().contains(erl.name()));

      Pid shell = (Pid) erl.eval("self()");
      Processes.send(shell, Atom.of("reconnected"));
      assertEquals(Atom.of("reconnected"),
          erl.eval("receive reconnected -> reconnected after 5000 -> timeout end"));
      assertTrue(node.nodes().contains(erl.name()));
      assertEquals(Atom.TRUE, erl.eval("is_process_alive(" + ErlNode.literal(ep) + ")"),
          "the erl process only lost its link");
    }
  }

  @Test
  void aNodeThatCannotBeReachedGivesNoconnectionAtOnce() {
    Atom nowhere = Atom.of("nobody@" + node.name().name().split("@")[1]);
    Pid ghost = new Pid(nowhere, 1, 0, 1);
    try (Mailbox mb = Processes.openMailbox()) {
      Processes.trapExit(true);
      assertFalse(node.connect(nowhere));
      node.monitorNode(nowhere);
      Expect.message(m -> m instanceof NodeDown d && d.node().equals(nowhere) ? d : null);
      Processes.send(ghost, Atom.of("dropped")); // never fails, as in Erlang
      Processes.link(ghost);
      assertEquals(ExitReason.NOCONNECTION, Expect.exit(ghost));
      Ref ref = Processes.monitor(ghost);
      assertEquals(ExitReason.NOCONNECTION, Expect.down(ref).reason());
      assertFalse(node.nodes().contains(nowhere));
    }
  }
}
