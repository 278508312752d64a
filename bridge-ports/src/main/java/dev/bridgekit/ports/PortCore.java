package dev.bridgekit.ports;

import dev.bridgekit.runtime.Exit;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.ProcessBody;
import dev.bridgekit.runtime.ProcessExitException;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Term;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;

/**
 * A port's machinery, and the body of its process. The process owns the program: it starts it
 * through the {@link Launcher}, links to the owner, and then handles, one message at a time, what
 * its threads and callers tell it ({@link PortEvent}) and exit signals (it traps exits: the
 * owner's exit closes the port). Whatever ends the process (its loop, an exit signal, a crash),
 * its {@code finally} shuts the program's input, has the launcher end its process group and closes
 * every stream, so no program outlives its port.
 *
 * <p>Threads: the port's process runs {@link #run}. Commands are written by their callers, and by
 * a writer thread only once the program falls behind ({@link PortWriter}). The JVM's one {@link
 * PortPoller} thread reads every port's output and its {@link PortReader}s deliver frames straight
 * to the owner. So an idle port holds no thread but its process, a parked virtual thread, and
 * never a platform thread.
 */
final class PortCore implements ProcessBody {
  static final Atom LAUNCHER_EXITED = Atom.of("launcher_exited");

  private final Port port;
  private final PortSpec spec;
  private final Pid opener;
  private final PortWriter writer;
  private final Semaphore credit;
  private final LongAdder bytesIn = new LongAdder();
  private final CompletableFuture<Term> terminated = new CompletableFuture<>();
  private volatile Pid pid;
  private volatile Pid owner;
  /** The owner's thread while the opener owns the port (only it spins for replies); else null. */
  private volatile Thread ownerThread;
  private volatile long osPid = -1;
  private volatile boolean open;
  private Launcher launcher;
  private Launcher.Spawned spawned;
  private volatile PortReader output; // set before the port is open

  // Loop state: the port's process only.
  private int streamsOpen;
  private boolean ended;
  private Integer status;
  private boolean statusSent;
  private Term writeError;

  PortCore(Port port, PortSpec spec, Pid owner) {
    this.port = port;
    this.spec = spec;
    this.opener = owner;
    this.owner = owner;
    this.ownerThread = Thread.currentThread(); // Port.open runs on the opener's thread
    this.writer = new PortWriter(this, spec);
    this.credit = spec.readMode() == ReadMode.ON_DEMAND ? new Semaphore(0) : null;
  }

  @Override
  public void run() throws Exception {
    pid = Processes.self();
    Processes.trapExit(true);
    Term reason = ExitReason.NORMAL;
    try {
      try {
        start();
      } catch (RuntimeException e) {
        // Not linked yet: the opener hears of it from open() alone, as an exception.
        Processes.send(opener, new PortEvent.Opened(port, e));
        return;
      }
      Processes.link(owner);
      open = true;
      Processes.send(opener, new PortEvent.Opened(port, null));
      reason = loop();
    } catch (ProcessExitException e) {
      reason = e.reason();
      throw e;
    } catch (Exception | Error e) {
      reason = ExitReason.crash(e);
      throw e;
    } finally {
      shutdown(reason);
    }
    if (!ExitReason.NORMAL.equals(reason)) {
      throw Processes.exit(reason);
    }
  }

  private void start() throws InterruptedException {
    launcher = Launcher.get();
    Map<String, String> env = new TreeMap<>(System.getenv());
    spec.environment().forEach((k, v) -> {
      if (v.isPresent()) {
        env.put(k, v.get());
      } else {
        env.remove(k);
      }
    });
    String path = ExecutableSearch.resolve(spec, env);
    List<String> argv = new ArrayList<>();
    argv.add(spec.arg0());
    argv.addAll(spec.args());
    List<String> envList = new ArrayList<>(env.size());
    env.forEach((k, v) -> envList.add(k + "=" + v));
    String cwd = spec.cwd().map(p -> p.toAbsolutePath().toString()).orElse(null);
    Launcher.Request request = new Launcher.Request(path, cwd, argv, envList, !spec.useStdio(),
        spec.stderr(), spec.closeGrace().toMillis());
    Pid self = pid;
    spawned = launcher.spawn(request, new Launcher.Listener() {
      @Override
      public void exited(int status) {
        Processes.send(self, new PortEvent.ChildExited(status));
      }

      @Override
      public void lost() {
        Processes.send(self, new PortEvent.LauncherLost());
      }
    });
    osPid = spawned.osPid();
    try {
      writer.start(spawned.in());
      startReading();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up the streams of " + path, e);
    }
  }

  /** Hands the program's output streams to the poller. */
  private void startReading() throws IOException {
    output = PortReader.output(this, spawned.out());
    output.start();
    streamsOpen = 1;
    if (spawned.err() != null) {
      PortReader.stderr(this, spawned.err()).start();
      streamsOpen = 2;
    }
  }

  private Term loop() throws InterruptedException {
    while (true) {
      Object m = Processes.receive();
      Term r = switch (m) {
        case Exit e -> e.from().equals(owner) || !ExitReason.NORMAL.equals(e.reason()) ? e.reason() : null;
        case PortEvent.StreamEnded s -> --streamsOpen == 0 ? atEnd() : null;
        case PortEvent.ReadFailed f -> f.reason();
        case PortEvent.WriteFailed w -> {
          writeError = w.reason();
          yield null;
        }
        case PortEvent.ChildExited c -> {
          status = c.status();
          yield ended ? afterEnd() : null;
        }
        case PortEvent.LauncherLost l -> LAUNCHER_EXITED;
        case PortEvent.Close c -> closeOnRequest();
        case PortEvent.Connect c -> {
          connect(c);
          yield null;
        }
        default -> null; // anything else sent to a port's pid is dropped
      };
      if (r != null) {
        return r;
      }
    }
  }

  /** All output delivered: {@code eof} keeps the port open; otherwise it closes, after the exit status if asked for. */
  private Term atEnd() {
    ended = true;
    if (spec.eof()) {
      Processes.send(owner, new PortEof(port));
    }
    return afterEnd();
  }

  private Term afterEnd() {
    if (spec.exitStatus()) {
      if (status == null) {
        return null;
      }
      if (!statusSent) {
        statusSent = true;
        Processes.send(owner, new PortExitStatus(port, status));
      }
    }
    if (spec.eof()) {
      return null;
    }
    return writeError != null ? writeError : ExitReason.NORMAL;
  }

  private Term closeOnRequest() throws InterruptedException {
    writer.awaitDrained(spec.closeGrace().toNanos());
    writer.close("port " + pid + " is closed");
    Processes.send(owner, new PortClosed(port));
    return ExitReason.NORMAL;
  }

  private void connect(PortEvent.Connect c) {
    Pid old = owner;
    Processes.link(c.newOwner());
    owner = c.newOwner();
    ownerThread = null;
    if (!old.equals(c.newOwner())) {
      Processes.send(old, new PortConnected(port));
    }
    c.done().complete(null);
  }

  /** Shuts everything down, on the port's process, whatever ended it. Never throws. */
  private void shutdown(Term reason) {
    open = false;
    writer.close("port " + pid + " is closed"
        + (ExitReason.NORMAL.equals(reason) ? "" : " (" + reason + ")"));
    if (spawned != null) {
      try {
        spawned.in().shutdownOutput(); // end of input first, then the signals
      } catch (IOException e) {
        // Already shut or broken: the program has its end of input either way.
      }
      launcher.terminate(spawned.id());
      Launcher.closeQuietly(spawned.in());
      Launcher.closeQuietly(spawned.out());
      Launcher.closeQuietly(spawned.err());
      PortPoller.get().execute(() -> {}); // the selector lets go of the closed channels now
    }
    terminated.complete(reason);
  }

  // ---- for Port, any thread ----

  boolean command(byte[] data, boolean wait) throws InterruptedException {
    long mark = output.deliveries(); // before: the reply may be delivered while the write returns
    boolean queued = writer.command(data, wait);
    if (queued && Thread.currentThread() == ownerThread) {
      output.spinForReply(mark);
    }
    return queued;
  }

  void closeInput() {
    writer.closeInput();
  }

  void close() {
    if (!terminated.isDone()) {
      event(new PortEvent.Close());
    }
    awaitTermination();
  }

  void connect(Pid newOwner) {
    if (!Processes.isAlive(newOwner)) {
      throw new IllegalArgumentException("new owner is not a live local process: " + newOwner);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    event(new PortEvent.Connect(newOwner, done));
    try {
      CompletableFuture.anyOf(done, terminated).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the port connects anyway
      return;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    if (!done.isDone()) {
      throw new PortClosedException("port " + pid + " closed before connecting " + newOwner);
    }
  }

  void request(int messages) {
    if (messages < 1) {
      throw new IllegalArgumentException("messages < 1: " + messages);
    }
    if (credit == null) {
      throw new IllegalStateException("port " + pid + " reads ACTIVE, not ON_DEMAND");
    }
    credit.release(messages);
    PortPoller.get().execute(output::resume);
  }

  /** Waits until the port's process has shut everything down; returns early if interrupted (flag set). */
  Term awaitTermination() {
    try {
      return terminated.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  PortInfo info() {
    return new PortInfo(pid, owner, osPid, bytesIn.sum(), writer.bytesOut(), writer.queuedBytes(),
        writer.busy(), open);
  }

  // ---- for PortReader, on the poll thread ----

  /** Takes one message's credit: always there with {@link ReadMode#ACTIVE}. */
  boolean tryCredit() {
    return credit == null || credit.tryAcquire();
  }

  void countIn(int n) {
    bytesIn.add(n);
  }

  void event(PortEvent e) {
    Processes.send(pid, e);
  }

  Port port() {
    return port;
  }

  PortSpec spec() {
    return spec;
  }

  Pid pid() {
    return pid;
  }

  void pid(Pid p) {
    pid = p;
  }

  Pid owner() {
    return owner;
  }

  long osPid() {
    return osPid;
  }

  boolean isOpen() {
    return open;
  }
}
