package dev.bridgekit.ffi.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The requests and replies between an isolated binding and its host program, {@code
 * native/src/ffihost/bk_ffihost.c}, whose header comment is the format's definition. Pure: bytes
 * in, values out.
 */
final class HostProtocol {
  static final byte HELLO = 'H';
  static final byte CALL = 'C';
  static final byte LINKED = 'K';
  static final byte RETURNED = 'R';
  static final byte FAILED = 'E';
  static final int ERR_LIBRARY = 1;
  static final int ERR_SYMBOL = 2;
  static final int ERR_REQUEST = 3;
  private static final int NULL_LEN = 0xFFFFFFFF;

  private HostProtocol() {}

  /** What the host said. */
  sealed interface Reply {}

  /** The library is loaded and every symbol linked. */
  record Linked() implements Reply {}

  /**
   * A call returned.
   *
   * @param errno errno after the call, if asked for (else 0)
   * @param value the return value as the method's Java type (null for void and NULL strings)
   * @param arrays what C left in each byte-array argument, in argument order (null for NULL)
   */
  record Returned(int errno, Object value, List<byte[]> arrays) implements Reply {}

  /**
   * The host refused: its library did not load ({@link #ERR_LIBRARY}), a symbol is missing
   * ({@link #ERR_SYMBOL}, {@code function} its number) or a request was bad ({@link #ERR_REQUEST}).
   */
  record Failed(int code, int function, String text) implements Reply {}

  /** Returns the hello request. */
  static byte[] hello() {
    return new byte[] {HELLO};
  }

  /**
   * Returns the request calling function number {@code function} with {@code args}, whose wire
   * types are {@code types} (a {@link #typeOf} code each), expecting a {@code ret}.
   */
  static byte[] call(int function, char ret, boolean captureErrno, char[] types, Object[] args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(32);
    out.write(CALL);
    out.write(function >>> 8);
    out.write(function);
    out.write(ret);
    out.write(captureErrno ? 1 : 0);
    out.write(types.length);
    for (int i = 0; i < types.length; i++) {
      out.write(types[i]);
      Object v = args[i];
      switch (types[i]) {
        case 'b', 's', 'i', 'l' -> writeLong(out, ((Number) v).longValue());
        case 'z' -> writeLong(out, (Boolean) v ? 1 : 0);
        case 'f' -> writeInt(out, Float.floatToRawIntBits((Float) v));
        case 'd' -> writeLong(out, Double.doubleToRawLongBits((Double) v));
        case 'S' -> writeBytes(out, v == null ? null : ((String) v).getBytes(StandardCharsets.UTF_8));
        case 'B' -> writeBytes(out, (byte[]) v);
        default -> throw new IllegalArgumentException("no wire type " + types[i]);
      }
    }
    return out.toByteArray();
  }

  /**
   * Returns the wire code of a scalar: integers {@code b s i l}, {@code z} boolean, {@code f d};
   * 0 for a pointer, which cannot cross.
   */
  static char typeOf(NativeType.Scalar scalar) {
    return switch (scalar) {
      case I8 -> 'b';
      case I16 -> 's';
      case I32 -> 'i';
      case I64 -> 'l';
      case BOOL -> 'z';
      case F32 -> 'f';
      case F64 -> 'd';
      case PTR -> 0;
    };
  }

  /** Returns true for the codes that take a floating-point register. */
  static boolean isFloating(char type) {
    return type == 'f' || type == 'd';
  }

  /**
   * Reads a reply to a hello or to a call of a function returning {@code ret} with {@code arrays}
   * byte-array arguments.
   *
   * @throws IllegalArgumentException if the reply is not one the host sends
   */
  static Reply read(byte[] reply, char ret, int arrays) {
    ByteBuffer in = ByteBuffer.wrap(reply);
    try {
      byte kind = in.get();
      Reply r = switch (kind) {
        case LINKED -> new Linked();
        case FAILED -> {
          int code = in.get() & 0xFF;
          int function = in.getShort() & 0xFFFF;
          byte[] text = new byte[in.getShort() & 0xFFFF];
          in.get(text);
          yield new Failed(code, function, new String(text, StandardCharsets.UTF_8));
        }
        case RETURNED -> {
          int errno = in.getInt();
          char got = (char) in.get();
          if (got != ret) {
            throw new IllegalArgumentException("reply returns " + got + ", expected " + ret);
          }
          Object value = value(in, ret);
          List<byte[]> copies = new ArrayList<>(arrays);
          for (int i = 0; i < arrays; i++) {
            copies.add(bytes(in));
          }
          yield new Returned(errno, value, copies);
        }
        default -> throw new IllegalArgumentException("unknown reply kind " + kind);
      };
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " bytes after the reply");
      }
      return r;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("reply of " + reply.length + " bytes ends early", e);
    }
  }

  private static Object value(ByteBuffer in, char ret) {
    return switch (ret) {
      case 'b' -> (byte) in.getLong();
      case 's' -> (short) in.getLong();
      case 'i' -> (int) in.getLong();
      case 'l' -> in.getLong();
      case 'z' -> in.getLong() != 0;
      case 'f' -> Float.intBitsToFloat(in.getInt());
      case 'd' -> Double.longBitsToDouble(in.getLong());
      case 'S' -> {
        byte[] s = bytes(in);
        yield s == null ? null : new String(s, StandardCharsets.UTF_8);
      }
      case 'v' -> null;
      default -> throw new IllegalArgumentException("no wire type " + ret);
    };
  }

  private static byte[] bytes(ByteBuffer in) {
    int len = in.getInt();
    if (len == NULL_LEN) {
      return null;
    }
    if (len < 0 || len > in.remaining()) {
      throw new IllegalArgumentException("length " + Integer.toUnsignedString(len)
          + " exceeds the " + in.remaining() + " bytes left");
    }
    byte[] b = new byte[len];
    in.get(b);
    return b;
  }

  private static void writeBytes(ByteArrayOutputStream out, byte[] b) {
    if (b == null) {
      writeInt(out, NULL_LEN);
      return;
    }
    writeInt(out, b.length);
    out.writeBytes(b);
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }

  private static void writeLong(ByteArrayOutputStream out, long v) {
    writeInt(out, (int) (v >>> 32));
    writeInt(out, (int) v);
  }
}
