package dev.bridgekit.ports;

import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Atom;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one output stream of a port's program on a virtual thread of its own (which parks in the
 * JDK's poller, holding no platform thread), cuts it into frames and sends them on: program output
 * to the owner as {@link PortData} or {@link PortLine}, stderr to the owner as {@link PortStderr}
 * or to the log. At the end it tells the port's process ({@link PortEvent.StreamEnded}), or on bad
 * input ({@link PortEvent.ReadFailed}), always after delivering every complete frame before it.
 */
final class PortReader implements Runnable {
  private static final Logger STDERR = LoggerFactory.getLogger("dev.bridgekit.ports.stderr");
  private static final int INITIAL = 16 << 10;
  private static final int MAX_DIRECT = 4 << 20;
  /** A stderr line longer than this is logged in pieces. */
  private static final int MAX_LOG_LINE = 8 << 10;

  private final PortCore core;
  private final SocketChannel channel;
  private final int role;
  private final FrameDecoder decoder;

  private PortReader(PortCore core, SocketChannel channel, int role, FrameDecoder decoder) {
    this.core = core;
    this.channel = channel;
    this.role = role;
    this.decoder = decoder;
  }

  /** Returns the reader of the program's output, framed as the spec says. */
  static PortReader output(PortCore core, SocketChannel channel) {
    PortSpec spec = core.spec();
    return new PortReader(core, channel, Launcher.ROLE_OUT,
        new FrameDecoder(spec.framing(), spec.maxPacketSize()));
  }

  /** Returns the reader of the program's stderr: chunks to the owner, or lines to the log. */
  static PortReader stderr(PortCore core, SocketChannel channel) {
    Framing framing = core.spec().stderr() == StderrMode.LOG ? Framing.line(MAX_LOG_LINE) : Framing.stream();
    return new PortReader(core, channel, Launcher.ROLE_ERR, new FrameDecoder(framing, 0));
  }

  @Override
  public void run() {
    ByteBuffer buf = ByteBuffer.allocateDirect(INITIAL);
    try {
      while (true) {
        int n = channel.read(buf);
        if (n < 0) {
          break;
        }
        if (role == Launcher.ROLE_OUT) {
          core.countIn(n);
        }
        buf.flip();
        Decoded d;
        while (!((d = decoder.decode(buf)) instanceof Decoded.NeedMore)) {
          if (d instanceof Decoded.Invalid bad) {
            core.event(new PortEvent.ReadFailed(bad.exitReason()));
            return;
          }
          deliver(d);
        }
        buf = room(buf, ((Decoded.NeedMore) d).atLeast());
      }
      buf.flip();
      Decoded d;
      while (!((d = decoder.decodeAtEof(buf)) instanceof Decoded.End)) {
        if (d instanceof Decoded.Invalid bad) {
          core.event(new PortEvent.ReadFailed(bad.exitReason()));
          return;
        }
        deliver(d);
      }
      core.event(new PortEvent.StreamEnded(role));
    } catch (ClosedChannelException e) {
      // The port closed the channel: it is closing, and wants nothing more.
    } catch (IOException e) {
      core.event(new PortEvent.ReadFailed(Posix.of(e)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the port is closing and stopped this reader
    }
  }

  /**
   * Returns a buffer in write mode holding the unconsumed bytes of {@code buf} (in read mode) with
   * room for {@code atLeast} more. A buffer grows (doubling, direct up to 4 MiB, a heap array of
   * the frame's size beyond) and keeps its size for the frames that follow, except a heap giant,
   * which goes once its frame has gone through: an idle port holds 16 KiB.
   */
  static ByteBuffer room(ByteBuffer buf, long atLeast) {
    long need = buf.remaining() + atLeast;
    if (need <= buf.capacity() && (buf.isDirect() || need > MAX_DIRECT)) {
      return buf.compact();
    }
    // The decoder bounds atLeast by the maximum packet size, so this fits an int.
    long cap = need <= MAX_DIRECT ? Math.min(MAX_DIRECT, Math.max(need, 2L * buf.capacity())) : need;
    if (!buf.isDirect() && need <= MAX_DIRECT) {
      cap = Math.max(INITIAL, need);
    }
    ByteBuffer next = cap <= MAX_DIRECT ? ByteBuffer.allocateDirect((int) cap) : ByteBuffer.allocate((int) cap);
    return next.put(buf);
  }

  private void deliver(Decoded d) throws InterruptedException {
    Port port = core.port();
    if (role == Launcher.ROLE_ERR) {
      switch (d) {
        case Decoded.LinePiece line -> STDERR.info("{} [{}]: {}", core.spec().executable(),
            core.osPid(), new String(line.data(), StandardCharsets.UTF_8));
        case Decoded.Frame f -> Processes.send(core.owner(), new PortStderr(port, f.data()));
        default -> throw new IllegalStateException("not a frame: " + d);
      }
      return;
    }
    PortMessage m = switch (d) {
      case Decoded.Frame f -> new PortData(port, f.data());
      case Decoded.LinePiece l -> new PortLine(port, l.data(), l.eol());
      default -> throw new IllegalStateException("not a frame: " + d);
    };
    core.awaitCredit();
    Processes.send(core.owner(), m);
  }

  /** The reason for an I/O failure, as Erlang's posix atoms. */
  static final class Posix {
    private Posix() {}

    static Atom of(IOException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("Broken pipe")) {
        return Atom.of("epipe");
      }
      if (m.contains("Connection reset")) {
        return Atom.of("econnreset");
      }
      return Atom.of("eio");
    }
  }
}
