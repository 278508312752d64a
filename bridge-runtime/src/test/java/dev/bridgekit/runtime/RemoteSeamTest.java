package dev.bridgekit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.runtime.internal.LocalNode;
import dev.bridgekit.runtime.internal.RemoteRouter;
import dev.bridgekit.runtime.internal.RemoteSignals;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The seam the distribution bridge plugs into: what the runtime hands a {@link RemoteRouter} for
 * pids of other nodes, and what {@link RemoteSignals} delivers to local processes.
 */
class RemoteSeamTest {
  private static final Pid REMOTE = new Pid(Atom.of("peer@host"), 7, 0, 3);

  /** Records what the runtime asks of the network, as the bridge would receive it. */
  private static final class RecordingRouter implements RemoteRouter {
    final List<List<Object>> calls = new CopyOnWriteArrayList<>();

    /** Waits until {@code call} has been made. */
    void await(List<Object> call) throws InterruptedException {
      long deadline = System.nanoTime() + Await.LONG.toNanos();
      synchronized (this) {
        while (!calls.contains(call)) {
          long left = deadline - System.nanoTime();
          assertTrue(left > 0, "no " + call + " within " + Await.LONG + ", only " + calls);
          wait(left / 1_000_000 + 1);
        }
      }
    }

    private void record(List<Object> call) {
      synchronized (this) {
        calls.add(call);
        notifyAll();
      }
    }

    @Override
    public void send(Pid from, Pid to, Object message) {
      record(List.of("send", from, to, message));
    }

    @Override
    public void link(Pid from, Pid to) {
      record(List.of("link", from, to));
    }

    @Override
    public void unlink(Pid from, Pid to) {
      record(List.of("unlink", from, to));
    }

    @Override
    public void linkExit(Pid from, Pid to, Term reason) {
      record(List.of("linkExit", from, to, reason));
    }

    @Override
    public void exit(Pid from, Pid to, Term reason) {
      record(List.of("exit", from, to, reason));
    }

    @Override
    public void monitor(Pid watcher, Pid target, Ref ref) {
      record(List.of("monitor", watcher, target, ref));
    }

    @Override
    public void demonitor(Pid watcher, Pid target, Ref ref) {
      record(List.of("demonitor", watcher, target, ref));
    }

    @Override
    public void down(Pid watcher, Ref ref, Pid target, Term reason) {
      record(List.of("down", watcher, ref, target, reason));
    }
  }

  @Test
  void withoutARouterRemoteSendsAreDroppedAndLinksGiveNoconnection() {
    try (Mailbox box = Processes.openMailbox()) {
      Processes.send(REMOTE, "into the void");
      Processes.trapExit(true);
      Processes.link(REMOTE);
      assertEquals(ExitReason.NOCONNECTION, Await.exit(REMOTE));
    }
  }

  @Test
  void signalsToRemotePidsGoThroughTheRouter() {
    RecordingRouter router = new RecordingRouter();
    LocalNode.route(router);
    try (Mailbox box = Processes.openMailbox()) {
      Pid me = box.pid();
      Processes.send(REMOTE, "hello");
      Processes.link(REMOTE);
      Ref ref = Processes.monitor(REMOTE);
      Processes.exit(REMOTE, Atom.of("bye"));
      Processes.demonitor(ref);
      Processes.unlink(REMOTE);
      Processes.link(REMOTE);
      box.close();
      assertEquals(List.of(
          List.of("send", me, REMOTE, "hello"),
          List.of("link", me, REMOTE),
          List.of("monitor", me, REMOTE, ref),
          List.of("exit", me, REMOTE, Atom.of("bye")),
          List.of("demonitor", me, REMOTE, ref),
          List.of("unlink", me, REMOTE),
          List.of("link", me, REMOTE),
          List.of("linkExit", me, REMOTE, ExitReason.NORMAL)), router.calls);
    } finally {
      LocalNode.route(null);
    }
  }

  @Test
  void remoteSignalsReachLocalProcesses() throws InterruptedException {
    RecordingRouter router = new RecordingRouter();
    LocalNode.route(router);
    try (Mailbox box = Processes.openMailbox()) {
      Processes.trapExit(true);
      RemoteSignals.send(box.pid(), "from afar");
      Await.exactly("from afar");

      Processes.link(REMOTE);
      RemoteSignals.linkExit(REMOTE, box.pid(), Atom.of("remote crash"));
      assertEquals(Atom.of("remote crash"), Await.exit(REMOTE));

      Ref ref = Processes.monitor(REMOTE);
      RemoteSignals.down(box.pid(), ref, REMOTE, ExitReason.NOCONNECTION);
      assertEquals(ExitReason.NOCONNECTION, Await.down(ref));

      Pid watched = Processes.spawn(() -> Processes.receive());
      Ref remoteRef = new Ref(Atom.of("peer@host"), 3, new int[] {1, 2, 3});
      assertTrue(RemoteSignals.monitor(REMOTE, watched, remoteRef));
      assertTrue(RemoteSignals.link(REMOTE, watched));
      Processes.send(watched, "stop");
      // The process's release calls the router on its own thread: wait for the calls to land.
      router.await(List.of("linkExit", watched, REMOTE, ExitReason.NORMAL));
      router.await(List.of("down", REMOTE, remoteRef, watched, ExitReason.NORMAL));
    } finally {
      LocalNode.route(null);
    }
  }

  @Test
  void renamingTheNodeKeepsEarlierPidsReachable() {
    try (Mailbox box = Processes.openMailbox()) {
      Pid before = Processes.spawn(Await::echoLoop);
      LocalNode.rename(Atom.of("java@here"), 5);
      try {
        assertEquals(Atom.of("java@here"), Processes.node());
        Pid after = Processes.spawn(Await::echoLoop);
        assertEquals(new Pid(Atom.of("java@here"), after.id(), after.serial(), 5), after);
        Await.answers(before);
        Await.answers(after);
        Processes.exit(after, ExitReason.KILL);
      } finally {
        LocalNode.rename(Atom.NONODE, 0);
      }
      Processes.exit(before, ExitReason.KILL);
    }
  }
}
