package dev.bridgekit.runtime;

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Binary;
import dev.bridgekit.term.ListTerm;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Tuple;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Renders exit reasons for people (exception messages, logs): as the term's own text, except that
 * binaries that are text show as quoted strings and a crash's stack trace is elided, since {@link
 * ExitReason#crash} reasons would otherwise print as walls of hex.
 */
final class GenReason {
  private static final Atom EXCEPTION = Atom.of("exception");
  private static final int MAX_TEXT = 200;

  private GenReason() {}

  static String describe(Term reason) {
    StringBuilder sb = new StringBuilder();
    append(sb, reason);
    return sb.toString();
  }

  private static void append(StringBuilder sb, Term term) {
    switch (term) {
      case null -> sb.append("null");
      case Tuple t when t.arity() == 4 && EXCEPTION.equals(t.get(0)) -> {
        sb.append('{').append(EXCEPTION).append(", ");
        append(sb, t.get(1));
        sb.append(", ");
        append(sb, t.get(2));
        sb.append(", [...]}");
      }
      case Tuple t -> {
        sb.append('{');
        for (int i = 0; i < t.arity(); i++) {
          sb.append(i > 0 ? ", " : "");
          append(sb, t.get(i));
        }
        sb.append('}');
      }
      case ListTerm l -> {
        sb.append('[');
        for (int i = 0; i < l.size(); i++) {
          sb.append(i > 0 ? ", " : "");
          append(sb, l.elements().get(i));
        }
        if (l.tail() != null) {
          sb.append(" | ");
          append(sb, l.tail());
        }
        sb.append(']');
      }
      case Binary b -> appendBinary(sb, b);
      default -> sb.append(term);
    }
  }

  private static void appendBinary(StringBuilder sb, Binary b) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b.bytes())).toString();
    } catch (CharacterCodingException e) {
      sb.append(b);
      return;
    }
    if (text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t')) {
      sb.append(b);
      return;
    }
    if (text.length() > MAX_TEXT) {
      text = text.substring(0, MAX_TEXT) + "...";
    }
    sb.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
  }
}
