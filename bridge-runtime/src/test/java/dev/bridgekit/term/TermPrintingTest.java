package dev.bridgekit.term;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How terms print: as Erlang's shell prints them, so logs read the same on both sides. */
class TermPrintingTest {
  @Test
  void printableUtf8PrintsAsAnErlangString() {
    assertEquals("<<\"hello \\\"ﬀ\\\"\\n\">>", Binary.of("hello \"ﬀ\"\n").toString());
  }

  @Test
  void bytesThatAreNotTextPrintAsTheirValues() {
    assertEquals("<<0,255,7>>", Binary.of(new byte[] {0, (byte) 255, 7}).toString());
  }

  @Test
  void longBinariesAreCutAndSayTheirSize() {
    assertEquals("<<\"" + "a".repeat(64) + "\",...(100 bytes)>>", Binary.of("a".repeat(100)).toString());
  }

  @Test
  void atomsPrintQuotedWhereErlangQuotesThem() {
    assertEquals("ok", Atom.of("ok").toString());
    assertEquals("nonode@nohost", Atom.NONODE.toString());
    assertEquals("'java.lang.Error'", Atom.of("java.lang.Error").toString());
    assertEquals("'Ok'", Atom.of("Ok").toString());
    assertEquals("'it\\'s'", Atom.of("it's").toString());
    assertEquals("'receive'", Atom.of("receive").toString());
  }

  @Test
  void emptyBinaryPrintsEmpty() {
    assertEquals("<<>>", Binary.of(new byte[0]).toString());
  }
}
