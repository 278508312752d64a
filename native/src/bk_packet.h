/* {packet,N} framing on file descriptors, for port programs: read and write whole packets
 * whose length prefix is N big-endian bytes (N in 1, 2, 4), as erlang:open_port/2 frames them. */
#ifndef BK_PACKET_H
#define BK_PACKET_H

#include <stddef.h>
#include <stdint.h>

/* Outcomes of bk_packet_read besides a length >= 0. */
#define BK_PACKET_EOF (-1)       /* clean end of input before a length prefix */
#define BK_PACKET_TRUNCATED (-2) /* input ended inside a prefix or a payload */
#define BK_PACKET_TOO_LARGE (-3) /* the prefix announced more than max_len bytes */
#define BK_PACKET_IO_ERROR (-4)  /* read failed; errno says why */

/* Reads one packet from fd into *buf (grown with realloc as needed, *cap its size), never
 * trusting the prefix beyond max_len. Returns the payload length or a BK_PACKET_ value. */
long bk_packet_read(int fd, int header_bytes, uint8_t **buf, size_t *cap, size_t max_len);

/* Writes one packet (prefix then payload). Returns 0, or -1 with errno set; a payload too
 * long for the prefix fails with EMSGSIZE and writes nothing. */
int bk_packet_write(int fd, int header_bytes, const uint8_t *data, size_t len);

#endif
