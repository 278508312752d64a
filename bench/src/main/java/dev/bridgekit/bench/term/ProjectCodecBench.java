package dev.bridgekit.bench.term;

import dev.bridgekit.term.ExternalFormat;
import dev.bridgekit.term.Term;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Times an encode and a decode of {@link CodecMessage} with the project's ExternalFormat. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ProjectCodecBench {
  private Term message;

  /** Builds the message once per fork. */
  @Setup
  public void setUp() {
    message = CodecMessage.project();
  }

  /** Encodes the message to external format bytes and decodes them back. */
  @Benchmark
  public Term encodeDecode() {
    return ExternalFormat.decode(ExternalFormat.encode(message));
  }

  /** Returns the message's encoding, to compare with jinterface's. */
  public static byte[] encoded() {
    return ExternalFormat.encode(CodecMessage.project());
  }

  /** Returns true if decoding the encoding gives the message back. */
  public static boolean roundTrips() {
    return ExternalFormat.decode(encoded()).equals(CodecMessage.project());
  }
}
