/* The launcher's wire helpers: big-endian integers, a bounds-checked reader of requests, and
 * whole reads and writes on blocking fds. */
#include "bk_shim.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void bk_put32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}

void bk_put64(uint8_t *p, uint64_t v) {
  bk_put32(p, (uint32_t)(v >> 32));
  bk_put32(p + 4, (uint32_t)v);
}

uint64_t bk_take(struct bk_cursor *c, size_t n) {
  if (c->bad || c->left < n) {
    c->bad = 1;
    return 0;
  }
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) {
    v = (v << 8) | c->p[i];
  }
  c->p += n;
  c->left -= n;
  return v;
}

/* Returns a NUL-terminated copy of the next string (freed by the caller), or NULL if malformed. */
char *bk_take_string(struct bk_cursor *c) {
  uint64_t len = bk_take(c, 4);
  if (c->bad || len > c->left || memchr(c->p, 0, (size_t)len) != NULL) {
    c->bad = 1;
    return NULL;
  }
  char *s = malloc((size_t)len + 1);
  if (s == NULL) {
    c->bad = 1;
    return NULL;
  }
  memcpy(s, c->p, (size_t)len);
  s[len] = '\0';
  c->p += len;
  c->left -= (size_t)len;
  return s;
}

char **bk_take_strings(struct bk_cursor *c) {
  uint64_t n = bk_take(c, 4);
  if (c->bad || n > c->left / 4) { /* every string takes at least its 4-byte length */
    c->bad = 1;
    return NULL;
  }
  char **v = calloc((size_t)n + 1, sizeof *v);
  if (v == NULL) {
    c->bad = 1;
    return NULL;
  }
  for (uint64_t i = 0; i < n; i++) {
    v[i] = bk_take_string(c);
    if (v[i] == NULL) {
      return v; /* NULL-terminated where it stopped; c->bad is set */
    }
  }
  return v;
}

void bk_free_strings(char **v) {
  if (v != NULL) {
    for (char **s = v; *s != NULL; s++) {
      free(*s);
    }
    free(v);
  }
}

int bk_write_fully(int fd, const uint8_t *p, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return -1;
    }
    p += n;
    len -= (size_t)n;
  }
  return 0;
}

int bk_read_fully(int fd, uint8_t *p, size_t len) {
  while (len > 0) {
    ssize_t n = read(fd, p, len);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return -1;
    }
    p += n;
    len -= (size_t)n;
  }
  return 0;
}
