package dev.bridgekit.dist.internal; // not exported

import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Binary;
import dev.bridgekit.term.Int;
import dev.bridgekit.term.ListTerm;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Tuple;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group leader this node gives the processes it spawns on other nodes: a minimal Erlang I/O
 * server. A BEAM process sends its output to its group leader ({@code {io_request, From, ReplyAs,
 * Request}}) and waits for the {@code io_reply}; without an answer, an {@code io:format} in a
 * process spawned from Java would hang. Output ({@code put_chars} with characters) goes to the
 * JVM's standard output, as a remote process's output goes to its spawner's node in Erlang;
 * formatted output ({@code put_chars} with a module, function and arguments, which only BEAM can
 * evaluate) is logged at debug level and acknowledged; input requests get {@code {error,
 * enotsup}}.
 */
final class GroupLeader {
  private static final Logger LOG = LoggerFactory.getLogger(GroupLeader.class);

  private static final Atom IO_REQUEST = Atom.of("io_request");
  private static final Atom IO_REPLY = Atom.of("io_reply");
  private static final Atom PUT_CHARS = Atom.of("put_chars");
  private static final Atom REQUESTS = Atom.of("requests");
  private static final Atom OK = Atom.of("ok");
  private static final Term ENOTSUP = Tuple.of(Atom.of("error"), Atom.of("enotsup"));

  private GroupLeader() {}

  /** Starts the process; returns its pid. */
  static Pid start() {
    return Processes.spawn(GroupLeader::loop);
  }

  static void stop(Pid pid) {
    Processes.exit(pid, ExitReason.KILL);
  }

  private static void loop() {
    for (;;) {
      if (Processes.receive() instanceof Tuple t && t.arity() == 4 && IO_REQUEST.equals(t.get(0))
          && t.get(1) instanceof Pid from) {
        Processes.send(from, Tuple.of(IO_REPLY, t.get(2), answer(t.get(3))));
      }
    }
  }

  private static Term answer(Term request) {
    if (request instanceof Tuple r && r.arity() >= 2 && PUT_CHARS.equals(r.get(0))) {
      if (r.arity() <= 3) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (chars(r.get(r.arity() - 1), out)) {
          System.out.print(out.toString(StandardCharsets.UTF_8));
          System.out.flush();
          return OK;
        }
        return ENOTSUP;
      }
      LOG.debug("output a remote process formats with {} is not shown here", request);
      return OK;
    }
    if (request instanceof Tuple r && r.arity() == 2 && REQUESTS.equals(r.get(0))
        && r.get(1) instanceof ListTerm all) {
      Term last = OK;
      for (Term each : all.elements()) {
        last = answer(each);
      }
      return last;
    }
    return ENOTSUP;
  }

  /** Appends the UTF-8 of chardata {@code t} (binaries, code points, nested lists). */
  private static boolean chars(Term t, ByteArrayOutputStream out) {
    switch (t) {
      case Binary b -> out.writeBytes(b.bytes());
      case Int(long c) when c >= 0 && c <= Character.MAX_CODE_POINT ->
          out.writeBytes(Character.toString((int) c).getBytes(StandardCharsets.UTF_8));
      case ListTerm l -> {
        for (Term e : l.elements()) {
          if (!chars(e, out)) {
            return false;
          }
        }
        return l.isProper() || chars(l.tail(), out);
      }
      default -> {
        return false;
      }
    }
    return true;
  }
}
