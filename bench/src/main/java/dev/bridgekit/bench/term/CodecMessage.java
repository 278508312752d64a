package dev.bridgekit.bench.term;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Binary;
import dev.bridgekit.term.Int;
import dev.bridgekit.term.ListTerm;
import dev.bridgekit.term.MapTerm;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Tuple;
import java.util.Map;

/**
 * Holds the message both codecs encode and decode, a typical call as it crosses to another node:
 * {@code {Pid, Ref, {call, <<64 bytes>>, [1,2,3], #{a => 1}}}}. The constants are shared so that
 * the jinterface side builds the same term.
 */
public final class CodecMessage {
  private CodecMessage() {}

  static final String NODE = "bench@localhost";
  static final int PID_ID = 4711;
  static final int PID_SERIAL = 0;
  static final int CREATION = 1_700_000_001;
  static final int[] REF_IDS = {0x0003_1a2b, 0x0b0c_0d0e, 0x1f2e_3d4c};
  static final String CALL = "call";
  static final String KEY = "a";
  static final long[] LIST = {1, 2, 3};

  static byte[] payload() {
    byte[] bytes = new byte[64];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) ('a' + i % 26);
    }
    return bytes;
  }

  /** Returns the message as a project term. */
  public static Term project() {
    Atom node = Atom.of(NODE);
    return Tuple.of(
        new Pid(node, PID_ID, PID_SERIAL, CREATION),
        new Ref(node, CREATION, REF_IDS),
        Tuple.of(
            Atom.of(CALL),
            Binary.of(payload()),
            ListTerm.of(Int.of(LIST[0]), Int.of(LIST[1]), Int.of(LIST[2])),
            new MapTerm(Map.of(Atom.of(KEY), Int.of(1)))));
  }
}
