package dev.bridgekit.ports;

import dev.bridgekit.runtime.Down;
import dev.bridgekit.runtime.Exit;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.ProcessBody;
import dev.bridgekit.runtime.ProcessExitException;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.runtime.SpawnedMonitor;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Term;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  private volatile IOException readError; // set if the output streams could not be handed over

  private final PortEnds ends = new PortEnds();
  /** The launcher said the program's group is gone: no TERMINATE to send. */
  private volatile boolean groupGone;

  /** The program, once the opener hands it to the port's process, or ABANDONED if it never will. */
  @SuppressWarnings("unused") // through HANDOVER
  private volatile Object handover;
  private static final Object ABANDONED = new Object();
  private static final VarHandle HANDOVER;

  static {
    try {
      HANDOVER = MethodHandles.lookup().findVarHandle(PortCore.class, "handover", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // Loop state: the port's process only.
  private boolean ended;
  private Integer status;
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

  /**
   * Opens the port, on the opener's thread (the caller of {@link Port#open}): spawns the port's
   * process, which traps exits and links to the opener meanwhile, starts the program itself, and
   * hands it over. The opener waits for the launcher anyway; starting the program from its own
   * thread, rather than from the port's process, spares the two thread wake-ups of asking the
   * port's process and hearing back, which is most of what opening costs besides fork and exec.
   * The program belongs to the opener until {@link #handover} says otherwise, and to the port's
   * process after: whoever holds it when something fails terminates it.
   */
  void open() {
    SpawnedMonitor sm = Processes.spawnMonitor(this);
    pid = sm.pid();
    RuntimeException failure = null;
    try {
      start();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = new PortOpenInterrupted(spec.executable());
    } catch (RuntimeException e) {
      failure = e;
    }
    // The port's process is linked to the opener once it says so (usually long before now).
    Object r;
    try {
      r = Processes.receive(m -> switch (m) {
        case PortEvent.Linked l when l.port() == port -> l;
        case Down d when d.ref().equals(sm.ref()) -> d;
        default -> null;
      });
    } catch (RuntimeException | Error e) {
      abandon(); // the opener is going (an exit signal): nothing was handed over
      throw e;
    }
    Processes.demonitor(sm.ref(), true);
    if (r instanceof Down d) {
      abandon();
      throw new IllegalStateException("port process exited while opening " + spec + ": " + d.reason());
    }
    if (failure == null && !HANDOVER.compareAndSet(this, null, spawned)) {
      failure = new IllegalStateException("port process ended while opening " + spec); // its opener died
    }
    if (failure != null) {
      abandon();
      // Not linked for the opener's sake: it hears of the failure from open() alone.
      Processes.unlink(pid);
      Processes.send(pid, new PortEvent.Aborted());
      if (failure instanceof PortOpenInterrupted) {
        throw Processes.exit(ExitReason.KILLED); // an interrupt cancels the opener
      }
      throw failure;
    }
    open = true;
    Processes.send(pid, new PortEvent.Started());
  }

  /** Thrown inside {@link #open} only: the opener was interrupted while the program started. */
  private static final class PortOpenInterrupted extends RuntimeException {
    PortOpenInterrupted(String program) {
      super("interrupted while starting " + program, null, false, false);
    }
  }

  /** Terminates the program, if it started, on the opener's behalf: it was never handed over. */
  private void abandon() {
    if (spawned != null) {
      closeStreams();
    }
  }

  @Override
  public void run() throws Exception {
    pid = Processes.self();
    Processes.trapExit(true);
    Processes.link(opener);
    Processes.send(opener, new PortEvent.Linked(port));
    // Wait for the program; an exit signal first means the opener died while opening.
    Object first = Processes.receive(m -> switch (m) {
      case PortEvent.Started st -> st;
      case PortEvent.Aborted ab -> ab;
      case Exit e when e.from().equals(opener) -> e;
      default -> null;
    });
    if (first instanceof PortEvent.Aborted) {
      return;
    }
    if (first instanceof Exit e && HANDOVER.compareAndSet(this, null, ABANDONED)) {
      return; // the opener never handed anything over; it terminates what it started
    }
    Term reason = ExitReason.NORMAL;
    try {
      if (first instanceof Exit e) {
        reason = e.reason(); // handed over just before the opener died
      } else {
        reason = loop();
      }
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
    Program program = spec.program();
    Map<String, String> env = program.environment();
    // Unchanged, the program inherits the launcher's environment, the JVM's: nothing to send.
    List<String> envList = null;
    if (!program.envChanges().isEmpty()) {
      envList = new ArrayList<>(env.size());
      for (var e : env.entrySet()) {
        envList.add(e.getKey() + "=" + e.getValue());
      }
    }
    String path = program.resolve(env);
    List<String> argv = new ArrayList<>();
    argv.add(spec.arg0());
    argv.addAll(spec.args());
    String cwd = spec.cwd().map(p -> p.toAbsolutePath().toString()).orElse(null);
    Launcher.Request request = new Launcher.Request(path, cwd, argv, envList, !spec.useStdio(),
        spec.stderr(), spec.closeGrace().toMillis());
    spawned = launcher.spawn(request, new Launcher.Listener() {
      @Override
      public void exited(int status, boolean groupGone) {
        if (groupGone) {
          PortCore.this.groupGone = true;
        }
        childExited(status);
      }

      @Override
      public void lost() {
        event(new PortEvent.LauncherLost());
      }

      @Override
      public void started(Launcher.Spawned s) {
        startReading(s);
      }
    });
    osPid = spawned.osPid();
    try {
      if (readError != null) {
        throw readError;
      }
      writer.start(spawned.in());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up the streams of " + path, e);
    }
  }

  /**
   * Hands the program's output streams to the poller, as soon as they are connected: on the
   * poll thread, which registers them at once (no wake-up of it), before the opener wakes.
   */
  private void startReading(Launcher.Spawned s) {
    ends.expect(s.err() != null ? 2 : 1);
    output = PortReader.output(this, s.out());
    try {
      PortReader.start(output, s.err() == null ? null : PortReader.stderr(this, s.err()));
    } catch (IOException e) {
      readError = e; // the opener throws it; never the poll thread
    }
  }

  private Term loop() throws InterruptedException {
    while (true) {
      Object m = Processes.receive();
      Term r = switch (m) {
        case Exit e -> e.from().equals(owner) || !ExitReason.NORMAL.equals(e.reason()) ? e.reason() : null;
        case PortEvent.StreamsEnded s -> atEnd();
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
      sendStatusOnce(status);
    }
    if (spec.eof()) {
      return null;
    }
    return writeError != null ? writeError : ExitReason.NORMAL;
  }

  private Term closeOnRequest() throws InterruptedException {
    writer.awaitDrained(spec.closeGrace().toNanos());
    writer.close("port " + pid + " is closed");
    ends.close(() -> Processes.send(owner, new PortClosed(port)));
    return ExitReason.NORMAL;
  }

  /** Sends the owner the exit status, unless it went already (or the port closed). Any thread. */
  private void sendStatusOnce(int exitStatus) {
    ends.sendStatusOnce(() -> Processes.send(owner, new PortExitStatus(port, exitStatus)));
  }

  // ---- for PortReader and the Launcher: the poll thread (or the owner spinning for a reply) ----

  /**
   * An output stream ended, every frame of it delivered. The thread that brings in the last of
   * the ends (the streams' and the exit status) sends the owner the exit status itself, which
   * spares a wake-up of the port's process on the way; the port's process then finishes as it
   * always did, and finds the status sent. Not with {@code eof}, whose {@link PortEof} the port's
   * process sends first.
   */
  void streamEnded() {
    endReached();
    if (ends.streamEnded(PortPoller.get().onPollThread())) {
      event(new PortEvent.StreamsEnded()); // one wake-up of the port's process for all streams
    }
  }

  /** The program exited with {@code exitStatus}; see {@link #streamEnded}. */
  void childExited(int exitStatus) {
    ends.exited(exitStatus);
    endReached();
    event(new PortEvent.ChildExited(exitStatus));
  }

  private void endReached() {
    if (ends.countEnd() && spec.exitStatus() && !spec.eof()) {
      sendStatusOnce(ends.status());
    }
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
      closeStreams();
    }
    terminated.complete(reason);
  }

  /** Ends the program: its input first, then its group's signals; closes every stream. */
  private void closeStreams() {
    try {
      spawned.in().shutdownOutput(); // end of input first, then the signals
    } catch (IOException e) {
      // Already shut or broken: the program has its end of input either way.
    }
    if (groupGone) {
      launcher.forget(spawned.id()); // the program and its group are over already
    } else {
      launcher.terminate(spawned.id());
    }
    Launcher.closeQuietly(spawned.in());
    Launcher.closeQuietly(spawned.out());
    Launcher.closeQuietly(spawned.err());
    // A channel closed while registered is let go of at the selector's next select. That comes
    // by itself when the poll thread read every end (the common case, a program that exited) and
    // the writer never registered; otherwise wake the selector, or the fds stay open meanwhile.
    if (!ends.streamsEndedOnPoller() || writer.polled()) {
      PortPoller.get().execute(() -> {});
    }
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
