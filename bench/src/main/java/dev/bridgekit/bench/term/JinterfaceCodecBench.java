package dev.bridgekit.bench.term;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangDecodeException;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangMap;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import com.ericsson.otp.erlang.OtpErlangTuple;
import com.ericsson.otp.erlang.OtpExternal;
import com.ericsson.otp.erlang.OtpInputStream;
import com.ericsson.otp.erlang.OtpOutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Times an encode and a decode of {@link CodecMessage} with OTP's jinterface ({@link
 * OtpOutputStream} with the version byte, {@link OtpInputStream#read_any()}): the anchor of {@code
 * term.codec_rtt}. Compiled only when the jinterface jar is there (see the bench pom).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JinterfaceCodecBench {
  private OtpErlangObject message;

  /** Builds the message once per fork. */
  @Setup
  public void setUp() {
    message = message();
  }

  /** Encodes the message to external format bytes and decodes them back. */
  @Benchmark
  public OtpErlangObject encodeDecode() throws OtpErlangDecodeException {
    return new OtpInputStream(encode(message)).read_any();
  }

  /** Returns the message's encoding, to compare with the project's. */
  public static byte[] encoded() {
    return encode(message());
  }

  /** Returns true if decoding the encoding gives the message back. */
  public static boolean roundTrips() throws OtpErlangDecodeException {
    return new OtpInputStream(encoded()).read_any().equals(message());
  }

  private static byte[] encode(OtpErlangObject term) {
    OtpOutputStream out = new OtpOutputStream();
    out.write1(OtpExternal.versionTag);
    out.write_any(term);
    return out.toByteArray();
  }

  static OtpErlangObject message() {
    String node = CodecMessage.NODE;
    OtpErlangObject[] list = new OtpErlangObject[CodecMessage.LIST.length];
    for (int i = 0; i < list.length; i++) {
      list[i] = new OtpErlangLong(CodecMessage.LIST[i]);
    }
    return new OtpErlangTuple(
        new OtpErlangObject[] {
          new OtpErlangPid(
              node, CodecMessage.PID_ID, CodecMessage.PID_SERIAL, CodecMessage.CREATION),
          new OtpErlangRef(node, CodecMessage.REF_IDS, CodecMessage.CREATION),
          new OtpErlangTuple(
              new OtpErlangObject[] {
                new OtpErlangAtom(CodecMessage.CALL),
                new OtpErlangBinary(CodecMessage.payload()),
                new OtpErlangList(list),
                new OtpErlangMap(
                    new OtpErlangObject[] {new OtpErlangAtom(CodecMessage.KEY)},
                    new OtpErlangObject[] {new OtpErlangLong(1)})
              })
        });
  }
}
