/* The all-caps port program from the Erlang books, speaking {packet,4} on stdin and stdout: every
 * packet comes back upper-cased, as UTF-8. Upper-cased are ASCII and Latin-1 letters ("ß" becomes
 * "SS", "ÿ" becomes "Ÿ") and the Latin ligatures U+FB00..U+FB06 ("ﬀ", three bytes, becomes "FF",
 * two), so the reply's length differs from the request's and its prefix must follow. Anything
 * else passes unchanged, a trailing newline or not.
 * Usage: bk_allcaps [N] (N = 1, 2 or 4; default 4). Exits 0 at end of input, 1 on a bad frame. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../bk_packet.h"

#define BK_ALLCAPS_MAX_PACKET ((size_t)64 << 20)

/* Upper case of U+FB00..U+FB06 (ff, fi, fl, ffi, ffl, long s t, st), as Unicode's SpecialCasing. */
static const char *const bk_ligatures[] = {"FF", "FI", "FL", "FFI", "FFL", "ST", "ST"};

/* Writes the upper case of in[0..len) into out (room for len bytes: no upper case here is longer
 * than its lower case in UTF-8); returns its length. */
static size_t bk_upcase(const uint8_t *in, size_t len, uint8_t *out) {
  size_t o = 0;
  for (size_t i = 0; i < len;) {
    /* U+FB00..U+FB06 is EF AC 80..86 in UTF-8. */
    if (i + 2 < len && in[i] == 0xEF && in[i + 1] == 0xAC && in[i + 2] >= 0x80 && in[i + 2] <= 0x86) {
      const char *up = bk_ligatures[in[i + 2] - 0x80];
      size_t n = strlen(up);
      memcpy(out + o, up, n);
      o += n;
      i += 3;
      continue;
    }
    if (i + 1 < len && in[i] == 0xC3) {
      uint8_t c = in[i + 1];
      if (c == 0x9F) { /* ß */
        out[o++] = 'S';
        out[o++] = 'S';
        i += 2;
        continue;
      }
      if (c == 0xBF) { /* ÿ -> U+0178 */
        out[o++] = 0xC5;
        out[o++] = 0xB8;
        i += 2;
        continue;
      }
      if (c >= 0xA0 && c <= 0xBE && c != 0xB7) { /* à..þ but ÷ */
        out[o++] = 0xC3;
        out[o++] = (uint8_t)(c - 0x20);
        i += 2;
        continue;
      }
    }
    uint8_t b = in[i++];
    out[o++] = (b >= 'a' && b <= 'z') ? (uint8_t)(b - 'a' + 'A') : b;
  }
  return o;
}

int main(int argc, char **argv) {
  int header = 4;
  if (argc > 1) {
    header = atoi(argv[1]);
    if (header != 1 && header != 2 && header != 4) {
      fprintf(stderr, "bk_allcaps: packet header must be 1, 2 or 4, not %s\n", argv[1]);
      return 2;
    }
  }
  uint8_t *buf = NULL;
  size_t cap = 0;
  uint8_t *out = NULL;
  size_t out_cap = 0;
  int rc = 0;
  for (;;) {
    long n = bk_packet_read(0, header, &buf, &cap, BK_ALLCAPS_MAX_PACKET);
    if (n == BK_PACKET_EOF) {
      break;
    }
    if (n < 0) {
      fprintf(stderr, "bk_allcaps: bad input (%ld)\n", n);
      rc = 1;
      break;
    }
    if ((size_t)n + 1 > out_cap) {
      uint8_t *grown = realloc(out, (size_t)n + 1);
      if (grown == NULL) {
        perror("bk_allcaps: realloc");
        rc = 1;
        break;
      }
      out = grown;
      out_cap = (size_t)n + 1;
    }
    size_t len = bk_upcase(buf, (size_t)n, out);
    if (bk_packet_write(1, header, out, len) < 0) {
      perror("bk_allcaps: write");
      rc = 1;
      break;
    }
  }
  free(buf);
  free(out);
  return rc;
}
