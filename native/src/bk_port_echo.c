/* A port program that answers every {packet,N} packet with the same packet: the echo peer for
 * ports tests and the anchor program that BEAM's open_port and our ports both drive in benches.
 * Usage: bk_port_echo [N]   (N = 1, 2 or 4; default 4). Exits 0 at EOF, 1 on a bad frame. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bk_packet.h"

#define BK_ECHO_MAX_PACKET ((size_t)64 << 20)

int main(int argc, char **argv) {
  int header = 4;
  if (argc > 1) {
    header = atoi(argv[1]);
    if (header != 1 && header != 2 && header != 4) {
      fprintf(stderr, "bk_port_echo: packet header must be 1, 2 or 4, not %s\n", argv[1]);
      return 2;
    }
  }
  uint8_t *buf = NULL;
  size_t cap = 0;
  for (;;) {
    long n = bk_packet_read(0, header, &buf, &cap, BK_ECHO_MAX_PACKET);
    if (n == BK_PACKET_EOF) {
      free(buf);
      return 0;
    }
    if (n < 0) {
      fprintf(stderr, "bk_port_echo: bad input (%ld)\n", n);
      free(buf);
      return 1;
    }
    if (bk_packet_write(1, header, buf, (size_t)n) < 0) {
      perror("bk_port_echo: write");
      free(buf);
      return 1;
    }
  }
}
