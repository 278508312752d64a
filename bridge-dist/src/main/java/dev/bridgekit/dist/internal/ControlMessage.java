package dev.bridgekit.dist.internal; // not exported

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.BigInt;
import dev.bridgekit.term.Int;
import dev.bridgekit.term.ListTerm;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Tuple;
import java.math.BigInteger;
import java.util.List;
import java.util.function.Predicate;

/**
 * The distribution's control messages ("Protocol between Connected Nodes" in Erlang's
 * Distribution Protocol document), each kind as one record whatever variants the wire has: a
 * {@link Send} is SEND, SEND_TT, SEND_SENDER or SEND_SENDER_TT; an {@link Exit} is EXIT, EXIT_TT,
 * PAYLOAD_EXIT or PAYLOAD_EXIT_TT. Sequential trace tokens are accepted and dropped.
 *
 * <p>{@link #decode} checks the shape of a control tuple and fails with {@link ProtocolException}
 * on anything else (BEAM closes a connection that sends an invalid message, and so does this
 * node); {@link #control} and {@link #payload} give the wire form for a peer's flags.
 */
public sealed interface ControlMessage {
  int LINK = 1;
  int SEND = 2;
  int EXIT = 3;
  int UNLINK = 4;
  int NODE_LINK = 5;
  int REG_SEND = 6;
  int GROUP_LEADER = 7;
  int EXIT2 = 8;
  int SEND_TT = 12;
  int EXIT_TT = 13;
  int REG_SEND_TT = 16;
  int EXIT2_TT = 18;
  int MONITOR_P = 19;
  int DEMONITOR_P = 20;
  int MONITOR_P_EXIT = 21;
  int SEND_SENDER = 22;
  int SEND_SENDER_TT = 23;
  int PAYLOAD_EXIT = 24;
  int PAYLOAD_EXIT_TT = 25;
  int PAYLOAD_EXIT2 = 26;
  int PAYLOAD_EXIT2_TT = 27;
  int PAYLOAD_MONITOR_P_EXIT = 28;
  int SPAWN_REQUEST = 29;
  int SPAWN_REQUEST_TT = 30;
  int SPAWN_REPLY = 31;
  int SPAWN_REPLY_TT = 32;
  int ALIAS_SEND = 33;
  int ALIAS_SEND_TT = 34;
  int UNLINK_ID = 35;
  int UNLINK_ID_ACK = 36;

  /** The unused element of SEND and REG_SEND, kept by the protocol for compatibility. */
  Atom UNUSED = Atom.of("");

  /** Returns the control tuple to send to a peer with {@code peerFlags}. */
  Term control(long peerFlags);

  /** Returns the term that follows the control tuple on the wire, or null if none does. */
  default Term payload(long peerFlags) {
    return null;
  }

  /** {@code From ! Message} to a pid. {@code from} is null when SEND (no sender) carried it. */
  record Send(Pid from, Pid to, Term message) implements ControlMessage {
    @Override
    public Term control(long peerFlags) {
      return (peerFlags & DistFlags.SEND_SENDER) != 0 && from != null
          ? Tuple.of(new Int(SEND_SENDER), from, to)
          : Tuple.of(new Int(SEND), UNUSED, to);
    }

    @Override
    public Term payload(long peerFlags) {
      return message;
    }
  }

  /** {@code {Name, Node} ! Message}. */
  record RegSend(Pid from, Atom name, Term message) implements ControlMessage {
    @Override
    public Term control(long peerFlags) {
      return Tuple.of(new Int(REG_SEND), from, UNUSED, name);
    }

    @Override
    public Term payload(long peerFlags) {
      return message;
    }
  }

  /** A message to a process alias. */
  record AliasSend(Pid from, Ref alias, Term message) implements ControlMessage {
    @Override
    public Term control(long peerFlags) {
      return Tuple.of(new Int(ALIAS_SEND), from, alias);
    }

    @Override
    public Term payload(long peerFlags) {
      return message;
    }
  }

  /** {@code from} links to {@code to}. */
  record Link(Pid from, Pid to) implements ControlMessage {
    @Override
    public Term control(long peerFlags) {
      return Tuple.of(new Int(LINK), from, to);
    }
  }

  /** The old UNLINK, which OTP 26 dropped; received from old peers only. */
  record Unlink(Pid from, Pid to) implements ControlMessage {
    @Override
    public Term control(long peerFlags) {
      return Tuple.of(new Int(UNLINK), from, to);
    }
  }

  /** {@code from} removes its link to {@code to}; {@code id} (unsigned, not 0) names the request. */
  record UnlinkId(long id, Pid from, Pid to) implements ControlMessage {
    @Override
    public Term control(long peerFlags) {
      if ((peerFlags & DistFlags.UNLINK_ID) == 0) {
        return Tuple.of(new Int(UNLINK), from, to);
      }
      return Tuple.of(new Int(UNLINK_ID), unsigned(id), from, to);
    }
  }

  /** {@code from} acknowledges the UNLINK_ID {@code id} that {@code to} sent. */
  record UnlinkIdAck(long id, Pid from, Pid to) implements ControlMessage {
    @Override
    public Term control(long peerFlags) {
      return Tuple.of(new Int(UNLINK_ID_ACK), unsigned(id), from, to);
    }
  }

  /** The exit signal of a link: {@code from} exited with {@code reason}. */
  record Exit(Pid from, Pid to, Term reason) implements ControlMessage {
    @Override
    public Term control(long peerFlags) {
      return (peerFlags & DistFlags.EXIT_PAYLOAD) != 0
          ? Tuple.of(new Int(PAYLOAD_EXIT), from, to)
          : Tuple.of(new Int(EXIT), from, to, reason);
    }

    @Override
    public Term payload(long peerFlags) {
      return (peerFlags & DistFlags.EXIT_PAYLOAD) != 0 ? reason : null;
    }
  }

  /** An exit signal sent with {@code exit/2}. */
  record Exit2(Pid from, Pid to, Term reason) implements ControlMessage {
    @Override
    public Term control(long peerFlags) {
      return (peerFlags & DistFlags.EXIT_PAYLOAD) != 0
          ? Tuple.of(new Int(PAYLOAD_EXIT2), from, to)
          : Tuple.of(new Int(EXIT2), from, to, reason);
    }

    @Override
    public Term payload(long peerFlags) {
      return (peerFlags & DistFlags.EXIT_PAYLOAD) != 0 ? reason : null;
    }
  }

  /** {@code watcher} monitors {@code target}, a pid or a registered name (an atom). */
  record MonitorP(Pid watcher, Term target, Ref ref) implements ControlMessage {
    @Override
    public Term control(long peerFlags) {
      return Tuple.of(new Int(MONITOR_P), watcher, target, ref);
    }
  }

  /** {@code watcher} removes its monitor {@code ref} on {@code target}. */
  record DemonitorP(Pid watcher, Term target, Ref ref) implements ControlMessage {
    @Override
    public Term control(long peerFlags) {
      return Tuple.of(new Int(DEMONITOR_P), watcher, target, ref);
    }
  }

  /** {@code target} (a pid or the name it was monitored by) exited; {@code watcher}'s DOWN. */
  record MonitorPExit(Term target, Pid watcher, Ref ref, Term reason) implements ControlMessage {
    @Override
    public Term control(long peerFlags) {
      return (peerFlags & DistFlags.EXIT_PAYLOAD) != 0
          ? Tuple.of(new Int(PAYLOAD_MONITOR_P_EXIT), target, watcher, ref)
          : Tuple.of(new Int(MONITOR_P_EXIT), target, watcher, ref, reason);
    }

    @Override
    public Term payload(long peerFlags) {
      return (peerFlags & DistFlags.EXIT_PAYLOAD) != 0 ? reason : null;
    }
  }

  /**
   * {@code from} asks for a process running {@code module:function(args...)}, as {@code
   * spawn_request/5}; {@code options} are the spawn options ({@code link}, {@code monitor}, ...)
   * and the reply names {@code reqId}, which is also the monitor's reference.
   */
  record SpawnRequest(Ref reqId, Pid from, Pid groupLeader, Atom module, Atom function,
      ListTerm options, ListTerm args) implements ControlMessage {
    /** The SPAWN_REPLY flag: a link was set up. */
    public static final int LINKED = 1;
    /** The SPAWN_REPLY flag: a monitor was set up. */
    public static final int MONITORED = 2;

    @Override
    public Term control(long peerFlags) {
      return Tuple.of(new Int(SPAWN_REQUEST), reqId, from, groupLeader,
          Tuple.of(module, function, new Int(args.size())), options);
    }

    @Override
    public Term payload(long peerFlags) {
      return args;
    }
  }

  /**
   * The answer to {@link SpawnRequest} {@code reqId}: {@code result} is the new pid, or an atom
   * saying why there is none; {@code flags} say whether the link and monitor asked for are set.
   */
  record SpawnReply(Ref reqId, Pid to, int flags, Term result) implements ControlMessage {
    @Override
    public Term control(long peerFlags) {
      return Tuple.of(new Int(SPAWN_REPLY), reqId, to, new Int(flags), result);
    }
  }

  /** A control message this node accepts and has nothing to do for (NODE_LINK, GROUP_LEADER). */
  record Ignored(int op) implements ControlMessage {
    @Override
    public Term control(long peerFlags) {
      return Tuple.of(new Int(op));
    }
  }

  /**
   * Checks and types the control tuple {@code control}, with the term that followed it ({@code
   * payload}, null if none).
   *
   * @throws ProtocolException naming the operation and what is wrong with it
   */
  static ControlMessage decode(Term control, Term payload) throws ProtocolException {
    if (!(control instanceof Tuple t) || t.arity() < 1 || !(t.get(0) instanceof Int(long op))) {
      throw new ProtocolException("control message is not a tuple tagged with an integer: "
          + brief(control));
    }
    List<Term> e = t.elements();
    // Operations are small numbers; a huge one must not wrap into a valid one when narrowed.
    int operation = op >= 0 && op <= Integer.MAX_VALUE ? (int) op : -1;
    ControlMessage m = switch (operation) {
      case LINK -> new Link(pid(e, 3, 1), pid(e, 3, 2));
      case SEND -> new Send(null, pid(e, 3, 2), message(op, payload));
      case SEND_TT -> new Send(null, pid(e, 4, 2), message(op, payload));
      case SEND_SENDER -> new Send(pid(e, 3, 1), pid(e, 3, 2), message(op, payload));
      case SEND_SENDER_TT -> new Send(pid(e, 4, 1), pid(e, 4, 2), message(op, payload));
      case REG_SEND -> new RegSend(pid(e, 4, 1), atom(e, 4, 3), message(op, payload));
      case REG_SEND_TT -> new RegSend(pid(e, 5, 1), atom(e, 5, 3), message(op, payload));
      case ALIAS_SEND -> new AliasSend(pid(e, 3, 1), ref(e, 3, 2), message(op, payload));
      case ALIAS_SEND_TT -> new AliasSend(pid(e, 4, 1), ref(e, 4, 2), message(op, payload));
      case EXIT -> new Exit(pid(e, 4, 1), pid(e, 4, 2), e.get(3));
      case EXIT_TT -> new Exit(pid(e, 5, 1), pid(e, 5, 2), e.get(4));
      case PAYLOAD_EXIT -> new Exit(pid(e, 3, 1), pid(e, 3, 2), message(op, payload));
      case PAYLOAD_EXIT_TT -> new Exit(pid(e, 4, 1), pid(e, 4, 2), message(op, payload));
      case EXIT2 -> new Exit2(pid(e, 4, 1), pid(e, 4, 2), e.get(3));
      case EXIT2_TT -> new Exit2(pid(e, 5, 1), pid(e, 5, 2), e.get(4));
      case PAYLOAD_EXIT2 -> new Exit2(pid(e, 3, 1), pid(e, 3, 2), message(op, payload));
      case PAYLOAD_EXIT2_TT -> new Exit2(pid(e, 4, 1), pid(e, 4, 2), message(op, payload));
      case UNLINK -> new Unlink(pid(e, 3, 1), pid(e, 3, 2));
      case UNLINK_ID -> new UnlinkId(id(e, 4, 1), pid(e, 4, 2), pid(e, 4, 3));
      case UNLINK_ID_ACK -> new UnlinkIdAck(id(e, 4, 1), pid(e, 4, 2), pid(e, 4, 3));
      case MONITOR_P -> new MonitorP(pid(e, 4, 1), process(e, 4, 2), ref(e, 4, 3));
      case DEMONITOR_P -> new DemonitorP(pid(e, 4, 1), process(e, 4, 2), ref(e, 4, 3));
      case MONITOR_P_EXIT -> new MonitorPExit(process(e, 5, 1), pid(e, 5, 2), ref(e, 5, 3),
          e.get(4));
      case PAYLOAD_MONITOR_P_EXIT -> new MonitorPExit(process(e, 4, 1), pid(e, 4, 2),
          ref(e, 4, 3), message(op, payload));
      case SPAWN_REQUEST, SPAWN_REQUEST_TT -> spawnRequest(e, operation == SPAWN_REQUEST ? 6 : 7,
          payload);
      case SPAWN_REPLY -> new SpawnReply(ref(e, 5, 1), pid(e, 5, 2), flags(e, 5, 3),
          spawnResult(e, 5, 4));
      case SPAWN_REPLY_TT -> new SpawnReply(ref(e, 6, 1), pid(e, 6, 2), flags(e, 6, 3),
          spawnResult(e, 6, 4));
      case NODE_LINK -> new Ignored(NODE_LINK);
      case GROUP_LEADER -> {
        pid(e, 3, 1);
        pid(e, 3, 2);
        yield new Ignored(GROUP_LEADER);
      }
      default -> throw new ProtocolException("unknown or unsupported control message "
          + op + ": " + brief(control));
    };
    if (payload != null && !carriesPayload(operation)) {
      throw new ProtocolException("control message " + op + " followed by a term it does not"
          + " carry: " + brief(payload));
    }
    return m;
  }

  /** Returns true for the operations whose control tuple is followed by a term. */
  private static boolean carriesPayload(int op) {
    return switch (op) {
      case SEND, SEND_TT, SEND_SENDER, SEND_SENDER_TT, REG_SEND, REG_SEND_TT, ALIAS_SEND,
          ALIAS_SEND_TT, SPAWN_REQUEST, SPAWN_REQUEST_TT, PAYLOAD_EXIT, PAYLOAD_EXIT_TT, PAYLOAD_EXIT2, PAYLOAD_EXIT2_TT,
          PAYLOAD_MONITOR_P_EXIT -> true;
      default -> false;
    };
  }

  private static SpawnRequest spawnRequest(List<Term> e, int arity, Term payload)
      throws ProtocolException {
    Ref reqId = ref(e, arity, 1);
    Pid from = pid(e, arity, 2);
    Pid groupLeader = pid(e, arity, 3);
    if (!(e.get(4) instanceof Tuple mfa && mfa.arity() == 3 && mfa.get(0) instanceof Atom m
        && mfa.get(1) instanceof Atom f && mfa.get(2) instanceof Int(long n))) {
      throw new ProtocolException("SPAWN_REQUEST has " + brief(e.get(4))
          + " where {Module, Function, Arity} belongs");
    }
    if (!(e.get(5) instanceof ListTerm options && options.isProper())) {
      throw new ProtocolException("SPAWN_REQUEST has " + brief(e.get(5))
          + " where a list of options belongs");
    }
    if (!(message(SPAWN_REQUEST, payload) instanceof ListTerm args
        && args.isProper() && args.size() == n)) {
      throw new ProtocolException("SPAWN_REQUEST for " + m + ":" + f + "/" + n
          + " carries " + brief(payload) + ", not a list of " + n + " arguments");
    }
    return new SpawnRequest(reqId, from, groupLeader, m, f, options, args);
  }

  private static int flags(List<Term> e, int arity, int index) throws ProtocolException {
    arity(e, arity);
    if (e.get(index) instanceof Int(long v) && v >= 0 && v <= 3) {
      return (int) v;
    }
    throw new ProtocolException("SPAWN_REPLY has " + brief(e.get(index))
        + " where flags (0 to 3) belong");
  }

  /** A spawn's result: the new pid, or an atom for an error. */
  private static Term spawnResult(List<Term> e, int arity, int index) throws ProtocolException {
    arity(e, arity);
    if (e.get(index) instanceof Pid || e.get(index) instanceof Atom) {
      return e.get(index);
    }
    throw new ProtocolException("SPAWN_REPLY has " + brief(e.get(index))
        + " where a pid or an error atom belongs");
  }

  private static Term message(long op, Term payload) throws ProtocolException {
    if (payload == null) {
      throw new ProtocolException("control message " + op + " without its message term");
    }
    return payload;
  }

  private static void arity(List<Term> e, int arity) throws ProtocolException {
    if (e.size() != arity) {
      throw new ProtocolException("control message " + e.get(0) + " has " + e.size()
          + " elements, not " + arity + ": " + brief(Tuple.of(e.toArray(Term[]::new))));
    }
  }

  private static Pid pid(List<Term> e, int arity, int index) throws ProtocolException {
    return (Pid) element(e, arity, index, t -> t instanceof Pid, "a pid");
  }

  private static Atom atom(List<Term> e, int arity, int index) throws ProtocolException {
    return (Atom) element(e, arity, index, t -> t instanceof Atom, "an atom");
  }

  private static Ref ref(List<Term> e, int arity, int index) throws ProtocolException {
    return (Ref) element(e, arity, index, t -> t instanceof Ref, "a reference");
  }

  /** A pid or a registered name. */
  private static Term process(List<Term> e, int arity, int index) throws ProtocolException {
    return element(e, arity, index, t -> t instanceof Pid || t instanceof Atom, "a pid or a name");
  }

  /**
   * Returns element {@code index} of a message of {@code arity} elements if {@code fits} accepts
   * it; else fails naming {@code what} belongs there.
   */
  private static Term element(List<Term> e, int arity, int index, Predicate<Term> fits,
      String what) throws ProtocolException {
    arity(e, arity);
    Term t = e.get(index);
    if (fits.test(t)) {
      return t;
    }
    throw new ProtocolException("control message " + e.get(0) + " has " + brief(t)
        + " where " + what + " belongs (element " + (index + 1) + ")");
  }

  /** An unlink id: an integer in 1 .. 2^64-1, kept in a long as unsigned. */
  private static long id(List<Term> e, int arity, int index) throws ProtocolException {
    arity(e, arity);
    Term t = e.get(index);
    if (t instanceof Int(long v) && v > 0) {
      return v;
    }
    if (t instanceof BigInt(BigInteger v) && v.signum() > 0 && v.bitLength() <= 64) {
      return v.longValue();
    }
    throw new ProtocolException("control message " + e.get(0) + " has " + brief(t)
        + " where an unlink id (1 .. 2^64-1) belongs");
  }

  private static Term unsigned(long id) {
    return id > 0 ? new Int(id) : new BigInt(new BigInteger(Long.toUnsignedString(id)));
  }

  /** Returns the term's text, cut short: control messages in errors should not flood the log. */
  static String brief(Term t) {
    String s = String.valueOf(t);
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
