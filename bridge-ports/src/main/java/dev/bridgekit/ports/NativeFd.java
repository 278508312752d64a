package dev.bridgekit.ports;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * Reads and writes a file descriptor this JVM inherited but has no Java object for, such as fds 3
 * and 4 of a port program opened with {@code nouse_stdio}: they are sockets, which cannot be
 * reopened through {@code /proc/self/fd}, and the JDK offers no other way to an fd by number. It
 * calls libc's {@code read} and {@code write} through the FFM {@link Linker}, retrying on {@code
 * EINTR}; a failure is an {@link IOException} naming the call, the fd and the errno.
 *
 * <p>Calls block their thread in native code (a virtual thread pins its carrier meanwhile): meant
 * for a port program's own threads. Resolved on first use; a missing symbol fails then, naming
 * it. The JVM warns about native access unless started with {@code
 * --enable-native-access=dev.bridgekit.ports} (or {@code ALL-UNNAMED} on the class path).
 */
final class NativeFd {
  /** The most one call moves through its native buffer. */
  private static final int CHUNK = 64 << 10;
  private static final int EINTR = 4;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  // ssize_t read(int fd, void *buf, size_t count), and write likewise (LP64: both are longs).
  private static final FunctionDescriptor IO_CALL =
      FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
  private static final MethodHandle READ = downcall("read");
  private static final MethodHandle WRITE = downcall("write");

  private NativeFd() {}

  private static MethodHandle downcall(String name) {
    MemorySegment symbol = LINKER.defaultLookup().find(name)
        .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
    return LINKER.downcallHandle(symbol, IO_CALL, Linker.Option.captureCallState("errno"));
  }

  /** Returns an unbuffered stream reading {@code fd}; closing it leaves the fd open. */
  static InputStream input(int fd) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        return len == 0 ? 0 : NativeFd.read(fd, b, off, len);
      }
    };
  }

  /** Returns an unbuffered stream writing {@code fd}; closing it leaves the fd open. */
  static OutputStream output(int fd) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        NativeFd.write(fd, b, off, len);
      }
    };
  }

  /** Reads at most {@code len} (> 0) bytes into {@code b}; returns how many, or -1 at end of file. */
  static int read(int fd, byte[] b, int off, int len) throws IOException {
    int n = Math.min(len, CHUNK);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      MemorySegment buf = arena.allocate(n);
      while (true) {
        long got = (long) READ.invokeExact(state, fd, buf, (long) n);
        if (got > 0) {
          MemorySegment.copy(buf, JAVA_BYTE, 0, b, off, (int) got);
          return (int) got;
        }
        if (got == 0) {
          return -1;
        }
        int errno = (int) ERRNO.get(state, 0L);
        if (errno != EINTR) {
          throw new IOException("read(fd " + fd + ") failed: errno " + errno);
        }
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError("read's downcall threw", t); // invokeExact declares Throwable
    }
  }

  /** Writes all of {@code b[off, off + len)} to {@code fd}. */
  static void write(int fd, byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      MemorySegment buf = arena.allocate(Math.min(len, CHUNK));
      while (len > 0) {
        int n = (int) Math.min(len, buf.byteSize());
        MemorySegment.copy(b, off, buf, JAVA_BYTE, 0, n);
        long done = 0;
        while (done < n) {
          long put = (long) WRITE.invokeExact(state, fd, buf.asSlice(done), (long) (n - done));
          if (put >= 0) {
            done += put;
            continue;
          }
          int errno = (int) ERRNO.get(state, 0L);
          if (errno != EINTR) {
            throw new IOException("write(fd " + fd + ") failed: errno " + errno);
          }
        }
        off += n;
        len -= n;
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError("write's downcall threw", t); // invokeExact declares Throwable
    }
  }
}
