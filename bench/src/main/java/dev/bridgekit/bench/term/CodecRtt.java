package dev.bridgekit.bench.term;

import dev.bridgekit.bench.BenchContext;
import dev.bridgekit.bench.Better;
import dev.bridgekit.bench.JmhRow;
import dev.bridgekit.bench.NamedMetric;
import dev.bridgekit.bench.Row;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Measures an encode and a decode of a typical message ({@link CodecMessage}) in Erlang's external
 * term format: the project's {@code ExternalFormat} against OTP's jinterface, with JMH. Before
 * timing, it checks that both round-trip the message and says in the note whether their bytes are
 * the same.
 */
public final class CodecRtt extends NamedMetric {
  private static final String JINTERFACE = "dev.bridgekit.bench.term.JinterfaceCodecBench";


  public CodecRtt() {
    super("term.codec_rtt", "ns", Better.LOWER);
  }

  @Override
  public Row run(BenchContext context) throws Exception {
    Class<?> jinterface;
    try {
      jinterface = Class.forName(JINTERFACE);
    } catch (ClassNotFoundException | NoClassDefFoundError e) {
      throw new IllegalStateException(
          "the jinterface side was not built: the bench module compiles it only when"
              + " /usr/share/java/OtpErlang.jar exists (apt-get install erlang-jinterface)", e);
    }
    byte[] ours = ProjectCodecBench.encoded();
    byte[] theirs = (byte[]) call(jinterface, "encoded");
    if (!ProjectCodecBench.roundTrips() || !(Boolean) call(jinterface, "roundTrips")) {
      throw new IllegalStateException("a codec does not round-trip the message");
    }
    String bytes =
        Arrays.equals(ours, theirs)
            ? "both encode the same " + ours.length + " bytes"
            : "encodings differ: project " + ours.length + " bytes, jinterface " + theirs.length;
    return JmhRow.compare(
        this,
        context,
        ProjectCodecBench.class,
        jinterface,
        "encodeDecode",
        "jinterface OtpOutputStream+OtpInputStream",
        "encode+decode of {Pid, Ref, {call, <<64 bytes>>, [1,2,3], #{a => 1}}} with version"
            + " byte; project ExternalFormat.encode/decode, anchor OTP 25's OtpErlang.jar"
            + " write_any/read_any; " + bytes);
  }

  private static Object call(Class<?> type, String name) throws Exception {
    Method method = type.getMethod(name);
    return method.invoke(null);
  }
}
