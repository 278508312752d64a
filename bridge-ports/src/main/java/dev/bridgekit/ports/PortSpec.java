package dev.bridgekit.ports;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Describes a port to open: the program, its arguments and environment, and the options of
 * {@code erlang:open_port/2} that fit a JVM. Immutable; built with {@link #program(String)}, which
 * validates every value when it is given (an environment name with {@code =} or NUL fails there,
 * naming it).
 *
 * <p>Defaults: stream framing, no {@code exit_status}, no {@code eof}, {@code use_stdio}, stderr
 * {@link StderrMode#LOG}, maximum packet size 64 MiB, close grace 5 s, busy limits 128 KiB (low)
 * and 256 KiB (high), {@link ReadMode#ACTIVE}. The program is run directly, never through a
 * shell, and found on the {@code PATH} only when {@link Builder#searchPath()} asks for it.
 */
public final class PortSpec {
  /** The default maximum payload of an incoming {@code {packet,N}} frame: 64 MiB. */
  public static final long DEFAULT_MAX_PACKET_SIZE = 64L << 20;
  /** The default time a closing port's program gets between SIGTERM and SIGKILL. */
  public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(5);

  private final Program program;
  private final Framing framing;
  private final boolean exitStatus;
  private final boolean eof;
  private final boolean useStdio;
  private final StderrMode stderr;
  private final long maxPacketSize;
  private final Duration closeGrace;
  private final long lowWatermark;
  private final long highWatermark;
  private final ReadMode readMode;

  private PortSpec(Builder b) {
    program = b.program();
    framing = b.framing;
    exitStatus = b.exitStatus;
    eof = b.eof;
    useStdio = b.useStdio;
    stderr = b.stderr;
    maxPacketSize = b.maxPacketSize;
    closeGrace = b.closeGrace;
    lowWatermark = b.lowWatermark;
    highWatermark = b.highWatermark;
    readMode = b.readMode;
  }

  /**
   * Starts a spec for {@code executable}: a path (absolute, or relative to the working
   * directory), or a bare name to find on the {@code PATH} with {@link Builder#searchPath()}.
   */
  public static Builder program(String executable) {
    return new Builder(executable);
  }

  /** Starts a spec for the program at {@code executable}. */
  public static Builder program(Path executable) {
    return new Builder(executable.toString());
  }

  /** Returns the program as given. */
  public String executable() {
    return program.executable();
  }

  /** Returns whether a bare program name is looked up on the {@code PATH}. */
  public boolean searchPath() {
    return program.searchPath();
  }

  /** Returns the arguments, without arg0. */
  public List<String> args() {
    return program.args();
  }

  /** Returns what the program sees as {@code argv[0]}: as set, else the executable as given. */
  public String arg0() {
    return program.argv0();
  }

  /** Returns the working directory, or empty for the JVM's. */
  public Optional<Path> cwd() {
    return Optional.ofNullable(program.cwd());
  }

  /**
   * Returns the changes to the JVM's environment, in the order given: a value sets the variable,
   * empty unsets it.
   */
  public Map<String, Optional<String>> environment() {
    return program.envChanges();
  }

  /** Returns the program, its arguments, directory and environment changes. */
  Program program() {
    return program;
  }

  /** Returns how the program's byte stream is cut into messages, and commands framed. */
  public Framing framing() {
    return framing;
  }

  /** Returns whether the owner gets a {@link PortExitStatus} when the program exits. */
  public boolean exitStatus() {
    return exitStatus;
  }

  /** Returns whether the port stays open at the end of the program's output (sending a {@link PortEof}). */
  public boolean eof() {
    return eof;
  }

  /** Returns true for {@code use_stdio} (fds 0 and 1), false for {@code nouse_stdio} (fds 3 and 4). */
  public boolean useStdio() {
    return useStdio;
  }

  /** Returns where the program's standard error goes. */
  public StderrMode stderr() {
    return stderr;
  }

  /** Returns the largest incoming {@code {packet,N}} payload accepted. */
  public long maxPacketSize() {
    return maxPacketSize;
  }

  /** Returns how long a closing program gets between SIGTERM and SIGKILL (and to flush output). */
  public Duration closeGrace() {
    return closeGrace;
  }

  /** Returns the queued output (bytes) at or below which a busy port accepts commands again. */
  public long lowWatermark() {
    return lowWatermark;
  }

  /** Returns the queued output (bytes) at or above which the port is busy and senders park. */
  public long highWatermark() {
    return highWatermark;
  }

  /** Returns when the port reads the program's output: at once, or against the owner's credit. */
  public ReadMode readMode() {
    return readMode;
  }

  /** Returns a copy of this spec that asks for the exit status, as {@link PortServer} needs. */
  PortSpec withExitStatus() {
    if (exitStatus) {
      return this;
    }
    Builder b = new Builder(program);
    b.framing = framing;
    b.exitStatus = true;
    b.eof = eof;
    b.useStdio = useStdio;
    b.stderr = stderr;
    b.maxPacketSize = maxPacketSize;
    b.closeGrace = closeGrace;
    b.lowWatermark = lowWatermark;
    b.highWatermark = highWatermark;
    b.readMode = readMode;
    return new PortSpec(b);
  }

  @Override
  public String toString() {
    return "PortSpec[" + program.executable() + " " + program.args() + ", " + framing + "]";
  }

  /** Builds a {@link PortSpec}; every setter validates its value at once. Not thread-safe. */
  public static final class Builder extends ProgramBuilder<Builder> {
    private Framing framing = Framing.stream();
    private boolean exitStatus;
    private boolean eof;
    private boolean useStdio = true;
    private StderrMode stderr = StderrMode.LOG;
    private long maxPacketSize = DEFAULT_MAX_PACKET_SIZE;
    private Duration closeGrace = DEFAULT_CLOSE_GRACE;
    private long lowWatermark = 128 << 10;
    private long highWatermark = 256 << 10;
    private ReadMode readMode = ReadMode.ACTIVE;

    private Builder(String executable) {
      super(executable);
    }

    private Builder(Program program) {
      super(program);
    }

    /**
     * Sets how the output is cut into messages and commands are framed: a stream (the default),
     * {@code {packet,N}} or {@code {line,L}}.
     */
    public Builder framing(Framing value) {
      framing = Objects.requireNonNull(value, "framing");
      return this;
    }

    /** Asks for a {@link PortExitStatus} when the program exits ({@code exit_status}). */
    public Builder exitStatus() {
      exitStatus = true;
      return this;
    }

    /** Keeps the port open at the end of the program's output, sending {@link PortEof} ({@code eof}). */
    public Builder eof() {
      eof = true;
      return this;
    }

    /** Has the program read fd 3 and write fd 4, leaving its stdout free for logs ({@code nouse_stdio}). */
    public Builder noUseStdio() {
      useStdio = false;
      return this;
    }

    /** Sets where the program's standard error goes ({@link StderrMode#LOG} by default). */
    public Builder stderr(StderrMode mode) {
      stderr = Objects.requireNonNull(mode, "stderr");
      return this;
    }

    /** Sets the largest incoming {@code {packet,N}} payload; a longer frame closes the port. */
    public Builder maxPacketSize(long bytes) {
      if (bytes < 0 || bytes > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("maxPacketSize out of [0, 2^31-9]: " + bytes);
      }
      maxPacketSize = bytes;
      return this;
    }

    /** Sets how long a closing program gets between SIGTERM and SIGKILL. */
    public Builder closeGrace(Duration grace) {
      if (grace.isNegative() || grace.toMillis() > 3_600_000) {
        throw new IllegalArgumentException("closeGrace out of [0, 1 h]: " + grace);
      }
      closeGrace = grace;
      return this;
    }

    /** Sets the busy limits: senders park at {@code high} queued bytes until the queue is down to {@code low}. */
    public Builder busyLimits(long low, long high) {
      if (low < 0 || high < 1 || low > high) {
        throw new IllegalArgumentException("busy limits need 0 <= low <= high, 1 <= high: low="
            + low + " high=" + high);
      }
      lowWatermark = low;
      highWatermark = high;
      return this;
    }

    /** Sets when the port reads the program's output ({@link ReadMode#ACTIVE} by default). */
    public Builder readMode(ReadMode mode) {
      readMode = Objects.requireNonNull(mode, "readMode");
      return this;
    }

    /**
     * Returns the spec.
     *
     * @throws IllegalArgumentException for {@link StderrMode#MERGE} with {@code {packet,N}}
     *     framing, where stderr would corrupt the frames
     */
    public PortSpec build() {
      if (stderr == StderrMode.MERGE && framing instanceof Framing.Packet) {
        throw new IllegalArgumentException(
            "stderr MERGE would corrupt " + framing + " frames: use LOG, OWNER or DISCARD");
      }
      return new PortSpec(this);
    }
  }
}
