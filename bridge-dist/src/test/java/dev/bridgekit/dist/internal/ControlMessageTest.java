package dev.bridgekit.dist.internal;

import static dev.bridgekit.dist.internal.PacketCodecTest.LOCAL;
import static dev.bridgekit.dist.internal.PacketCodecTest.REF;
import static dev.bridgekit.dist.internal.PacketCodecTest.REMOTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.dist.internal.ControlMessage.Exit;
import dev.bridgekit.dist.internal.ControlMessage.Exit2;
import dev.bridgekit.dist.internal.ControlMessage.MonitorPExit;
import dev.bridgekit.dist.internal.ControlMessage.RegSend;
import dev.bridgekit.dist.internal.ControlMessage.Send;
import dev.bridgekit.dist.internal.ControlMessage.SpawnReply;
import dev.bridgekit.dist.internal.ControlMessage.SpawnRequest;
import dev.bridgekit.dist.internal.ControlMessage.UnlinkId;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.BigInt;
import dev.bridgekit.term.Int;
import dev.bridgekit.term.ListTerm;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Tuple;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The shapes of control tuples, as the Distribution Protocol document gives them. */
class ControlMessageTest {
  private static final Term TOKEN = Tuple.of(new Int(0), Atom.of("label"), new Int(1), LOCAL,
      new Int(2));
  private static final Atom MSG = Atom.of("msg");

  private static Tuple t(Object... elements) {
    Term[] terms = new Term[elements.length];
    for (int i = 0; i < elements.length; i++) {
      terms[i] = elements[i] instanceof Integer n ? new Int(n) : (Term) elements[i];
    }
    return Tuple.of(terms);
  }

  @Test
  void traceTokenVariantsDecodeAsTheirPlainForms() throws Exception {
    assertEquals(new Send(null, REMOTE, MSG),
        ControlMessage.decode(t(12, Atom.of(""), REMOTE, TOKEN), MSG));
    assertEquals(new Send(LOCAL, REMOTE, MSG),
        ControlMessage.decode(t(23, LOCAL, REMOTE, TOKEN), MSG));
    assertEquals(new RegSend(LOCAL, Atom.of("n"), MSG),
        ControlMessage.decode(t(16, LOCAL, Atom.of(""), Atom.of("n"), TOKEN), MSG));
    assertEquals(new Exit(LOCAL, REMOTE, Atom.of("r")),
        ControlMessage.decode(t(13, LOCAL, REMOTE, TOKEN, Atom.of("r")), null));
    assertEquals(new Exit(LOCAL, REMOTE, Atom.of("r")),
        ControlMessage.decode(t(25, LOCAL, REMOTE, TOKEN), Atom.of("r")));
    assertEquals(new Exit2(LOCAL, REMOTE, Atom.of("r")),
        ControlMessage.decode(t(18, LOCAL, REMOTE, TOKEN, Atom.of("r")), null));
    assertEquals(new Exit2(LOCAL, REMOTE, Atom.of("r")),
        ControlMessage.decode(t(27, LOCAL, REMOTE, TOKEN), Atom.of("r")));
    assertEquals(new MonitorPExit(REMOTE, LOCAL, REF, Atom.of("r")),
        ControlMessage.decode(t(21, REMOTE, LOCAL, REF, Atom.of("r")), null));
  }

  @Test
  void unlinkIdsCoverTheWholeUnsigned64BitRange() throws Exception {
    Term max = new BigInt(BigInteger.TWO.pow(64).subtract(BigInteger.ONE));
    assertEquals(new UnlinkId(-1, LOCAL, REMOTE),
        ControlMessage.decode(t(35, max, LOCAL, REMOTE), null));
    assertEquals(t(35, max, LOCAL, REMOTE),
        new UnlinkId(-1, LOCAL, REMOTE).control(DistFlags.ours(false)));
    assertThrows(ProtocolException.class,
        () -> ControlMessage.decode(t(35, 0, LOCAL, REMOTE), null), "id 0 is invalid");
    assertThrows(ProtocolException.class, () -> ControlMessage.decode(
        t(35, new BigInt(BigInteger.TWO.pow(64)), LOCAL, REMOTE), null), "2^64 is out of range");
  }

  @Test
  void spawnRequestsAndRepliesRoundTripWithAndWithoutTraceTokens() throws Exception {
    Atom m = Atom.of("m");
    Atom f = Atom.of("f");
    ListTerm options = ListTerm.of(Atom.of("link"), Atom.of("monitor"));
    ListTerm args = ListTerm.of(new Int(1), MSG);
    SpawnRequest request = new SpawnRequest(REF, REMOTE, REMOTE, m, f, options, args);
    long flags = DistFlags.ours(false);
    assertEquals(t(29, REF, REMOTE, REMOTE, t(m, f, 2), options), request.control(flags));
    assertEquals(args, request.payload(flags));
    assertEquals(request, ControlMessage.decode(request.control(flags), request.payload(flags)));
    assertEquals(request,
        ControlMessage.decode(t(30, REF, REMOTE, REMOTE, t(m, f, 2), options, TOKEN), args));
    SpawnReply reply = new SpawnReply(REF, LOCAL, 3, REMOTE);
    assertEquals(t(31, REF, LOCAL, 3, REMOTE), reply.control(flags));
    assertEquals(reply, ControlMessage.decode(reply.control(flags), null));
    assertEquals(new SpawnReply(REF, LOCAL, 0, Atom.of("badopt")),
        ControlMessage.decode(t(32, REF, LOCAL, 0, Atom.of("badopt"), TOKEN), null));
  }

  @Test
  void malformedSpawnMessagesFailNamingTheProblem() {
    Atom m = Atom.of("m");
    Atom f = Atom.of("f");
    ProtocolException e = assertThrows(ProtocolException.class, () -> ControlMessage.decode(
        t(29, REF, REMOTE, REMOTE, t(m, f, 3), ListTerm.NIL), ListTerm.of(new Int(1))));
    assertTrue(e.getMessage().contains("not a list of 3 arguments"), e.getMessage());
    assertThrows(ProtocolException.class, () -> ControlMessage.decode(
        t(29, REF, REMOTE, REMOTE, t(m, f, 0), Atom.of("link")), ListTerm.NIL), "options");
    assertThrows(ProtocolException.class, () -> ControlMessage.decode(
        t(29, REF, REMOTE, REMOTE, t(m, f, 0), ListTerm.NIL), null), "no argument list");
    assertThrows(ProtocolException.class,
        () -> ControlMessage.decode(t(31, REF, LOCAL, 4, REMOTE), null), "flags over 3");
    assertThrows(ProtocolException.class,
        () -> ControlMessage.decode(t(31, REF, LOCAL, 0, new Int(1)), null), "a number result");
    assertThrows(ProtocolException.class,
        () -> ControlMessage.decode(t(31, REF, LOCAL, 0, REMOTE), MSG), "a reply with a payload");
  }

  @Test
  void nodeLinkAndGroupLeaderAreAcceptedAndIgnored() throws Exception {
    assertEquals(new ControlMessage.Ignored(5), ControlMessage.decode(t(5), null));
    assertEquals(new ControlMessage.Ignored(7), ControlMessage.decode(t(7, LOCAL, REMOTE), null));
  }

  @Test
  void malformedControlMessagesFailNamingTheProblem() {
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> ControlMessage.decode(t(99, LOCAL), null));
    assertTrue(e.getMessage().contains("unknown"), e.getMessage());
    e = assertThrows(ProtocolException.class,
        () -> ControlMessage.decode(t(29, REF, LOCAL, LOCAL, Atom.of("m"), ListTerm.NIL), null));
    assertTrue(e.getMessage().contains("{Module, Function, Arity}"), e.getMessage());
    e = assertThrows(ProtocolException.class,
        () -> ControlMessage.decode(t(1, LOCAL, Atom.of("x")), null));
    assertTrue(e.getMessage().contains("pid"), e.getMessage());
    e = assertThrows(ProtocolException.class, () -> ControlMessage.decode(t(1, LOCAL), null));
    assertTrue(e.getMessage().contains("elements"), e.getMessage());
    assertThrows(ProtocolException.class,
        () -> ControlMessage.decode(t(22, LOCAL, REMOTE), null), "a SEND without its message");
    assertThrows(ProtocolException.class,
        () -> ControlMessage.decode(t(1, LOCAL, REMOTE), MSG), "a LINK with a message");
    assertThrows(ProtocolException.class, () -> ControlMessage.decode(Atom.of("x"), null));
    assertThrows(ProtocolException.class, () -> ControlMessage.decode(t(), null));
    assertThrows(ProtocolException.class,
        () -> ControlMessage.decode(Tuple.of(new BigInt(BigInteger.TEN.pow(30))), null));
    assertThrows(ProtocolException.class,
        () -> ControlMessage.decode(t(19, LOCAL, new Int(3), REF), null), "monitoring a number");
  }
}
