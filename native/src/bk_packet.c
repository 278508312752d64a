#include "bk_packet.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

/* Reads exactly len bytes; returns len, 0 at EOF before any byte, -2 at EOF inside, -4 on error. */
static long bk_read_full(int fd, uint8_t *dst, size_t len) {
  size_t got = 0;
  while (got < len) {
    ssize_t n = read(fd, dst + got, len - got);
    if (n == 0) {
      return got == 0 ? 0 : BK_PACKET_TRUNCATED;
    }
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return BK_PACKET_IO_ERROR;
    }
    got += (size_t)n;
  }
  return (long)len;
}

static int bk_write_full(int fd, const uint8_t *src, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, src, len);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return -1;
    }
    src += n;
    len -= (size_t)n;
  }
  return 0;
}

long bk_packet_read(int fd, int header_bytes, uint8_t **buf, size_t *cap, size_t max_len) {
  uint8_t head[4];
  long r = bk_read_full(fd, head, (size_t)header_bytes);
  if (r == 0) {
    return BK_PACKET_EOF;
  }
  if (r < 0) {
    return r;
  }
  size_t len = 0;
  for (int i = 0; i < header_bytes; i++) {
    len = (len << 8) | head[i];
  }
  if (len > max_len) {
    return BK_PACKET_TOO_LARGE;
  }
  if (len > *cap) {
    uint8_t *grown = realloc(*buf, len);
    if (grown == NULL) {
      return BK_PACKET_IO_ERROR;
    }
    *buf = grown;
    *cap = len;
  }
  if (len == 0) {
    return 0;
  }
  r = bk_read_full(fd, *buf, len);
  if (r == 0) {
    return BK_PACKET_TRUNCATED;
  }
  return r;
}

int bk_packet_write(int fd, int header_bytes, const uint8_t *data, size_t len) {
  if (header_bytes < 4 && len >= ((size_t)1 << (8 * header_bytes))) {
    errno = EMSGSIZE;
    return -1;
  }
  if ((uint64_t)len > UINT32_MAX) {
    errno = EMSGSIZE;
    return -1;
  }
  uint8_t head[4];
  size_t rest = len;
  for (int i = header_bytes - 1; i >= 0; i--) {
    head[i] = (uint8_t)(rest & 0xFF);
    rest >>= 8;
  }
  if (bk_write_full(fd, head, (size_t)header_bytes) < 0) {
    return -1;
  }
  return bk_write_full(fd, data, len);
}
