package dev.bridgekit.ports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The all-caps port program from the Erlang books, in Java, as {@code native/src/ports/
 * bk_allcaps.c} is in C: every {@code {packet,4}} request (UTF-8 text) comes back upper-cased,
 * with the length prefix of the upper-cased bytes ("ﬀ", three bytes, becomes "FF", two).
 */
public final class AllCapsProgram {
  private AllCapsProgram() {}

  public static void main(String[] args) throws IOException {
    PortProgram.serve(4, request -> new String(request, StandardCharsets.UTF_8)
        .toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
  }
}
