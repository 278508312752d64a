/* The out-of-process host of the FFI bridge (Backend.ISOLATED): loads one C library and calls its
 * functions for the JVM, so that a crash in the library kills this process, not the JVM.
 *
 * Usage: bk_ffihost LIBRARY SYMBOL...
 * LIBRARY is a path or a name dlopen resolves; SYMBOL i is function number i of the requests.
 * Requests come on stdin and replies go to stdout, {packet,4} framed, one reply per request, in
 * order. The library's own writes to stdout go to stderr instead, so they cannot corrupt frames.
 *
 * The wire format (big-endian), shared with dev.bridgekit.ffi.internal.HostProtocol:
 *   request  'H'                                 hello: is the library loaded and linked?
 *            'C' u16 fn u8 ret u8 flags u8 argc  a call; flags bit 0: capture errno
 *                then argc times: u8 type, value
 *   values   'b' 's' 'i' 'l' 'z'  i64            integers of 8/16/32/64 bits, bool (sign-extended)
 *            'f' u32 (float bits)  'd' u64 (double bits)
 *            'S' u32 len, bytes                  a string: a NUL-terminated copy for the call
 *            'B' u32 len, bytes                  a byte array: a copy for the call, sent back after
 *            len 0xFFFFFFFF is NULL for 'S' and 'B'
 *   reply    'K'                                 hello: linked
 *            'R' i32 errno u8 ret value [u32 len, bytes for each 'B' argument, in order]
 *                ret 'v' has no value; 'S' returns u32 len, bytes (0xFFFFFFFF for NULL)
 *            'E' u8 code u16 fn u16 len text     code 1: library not loaded, 2: symbol missing
 *                                                (fn is its number), 3: bad request
 *
 * Calls use the platform's C calling convention through one function-pointer type: integer-class
 * arguments (integers, bools, pointers) go in order into the integer argument registers and
 * floating arguments into the vector registers, each class counted apart, which is how both the
 * x86-64 System V and the AArch64 ABIs assign them. So up to 6 integer-class and 8 floating
 * arguments pass, in any order, to any non-variadic function; the JVM refuses more at bind time. */
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../bk_packet.h"

#if !defined(__x86_64__) && !defined(__aarch64__)
#error "bk_ffihost passes arguments by register class: x86-64 System V or AArch64 only"
#endif

#define BK_HOST_MAX_PACKET ((size_t)64 << 20)
#define BK_HOST_INT_REGS 6
#define BK_HOST_FLOAT_REGS 8
#define BK_HOST_MAX_ARGS (BK_HOST_INT_REGS + BK_HOST_FLOAT_REGS)
#define BK_NULL_LEN 0xFFFFFFFFu

enum { BK_ERR_LIBRARY = 1, BK_ERR_SYMBOL = 2, BK_ERR_REQUEST = 3 };

typedef int64_t (*bk_int_fn)(int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, double, double,
                             double, double, double, double, double, double);
typedef double (*bk_double_fn)(int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, double, double,
                               double, double, double, double, double, double);
typedef float (*bk_float_fn)(int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, double, double,
                             double, double, double, double, double, double);

/* What the library or linking said at start-up; every hello (and call) reports it. */
static struct {
  int code;
  uint16_t fn;
  char text[512];
} bk_link_error;

static void **bk_functions;
static int bk_function_count;
static char **bk_symbols;
static int bk_reply_fd = 1;

/* The symbol of the call in progress, for the crash report on stderr. */
static const char *volatile bk_current;

/* A growable reply buffer. */
typedef struct {
  uint8_t *data;
  size_t len;
  size_t cap;
} bk_buf;

static void bk_put(bk_buf *b, const void *src, size_t n) {
  if (b->len + n > b->cap) {
    size_t cap = b->cap == 0 ? 256 : b->cap;
    while (cap < b->len + n) cap *= 2;
    uint8_t *grown = realloc(b->data, cap);
    if (grown == NULL) {
      fprintf(stderr, "bk_ffihost: out of memory for a %zu-byte reply\n", b->len + n);
      exit(3);
    }
    b->data = grown;
    b->cap = cap;
  }
  memcpy(b->data + b->len, src, n);
  b->len += n;
}

static void bk_put_u8(bk_buf *b, uint8_t v) { bk_put(b, &v, 1); }

static void bk_put_u16(bk_buf *b, uint16_t v) {
  uint8_t x[2] = {(uint8_t)(v >> 8), (uint8_t)v};
  bk_put(b, x, 2);
}

static void bk_put_u32(bk_buf *b, uint32_t v) {
  uint8_t x[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
  bk_put(b, x, 4);
}

static void bk_put_u64(bk_buf *b, uint64_t v) {
  bk_put_u32(b, (uint32_t)(v >> 32));
  bk_put_u32(b, (uint32_t)v);
}

static void bk_put_bytes(bk_buf *b, const void *data, size_t len) {
  bk_put_u32(b, (uint32_t)len);
  bk_put(b, data, len);
}

static void bk_send(bk_buf *b) {
  if (bk_packet_write(bk_reply_fd, 4, b->data, b->len) < 0) {
    perror("bk_ffihost: writing a reply");
    exit(4);
  }
  b->len = 0;
}

static void bk_send_error(bk_buf *b, int code, uint16_t fn, const char *text) {
  size_t n = strlen(text);
  if (n > 0xFFFF) n = 0xFFFF;
  bk_put_u8(b, 'E');
  bk_put_u8(b, (uint8_t)code);
  bk_put_u16(b, fn);
  bk_put_u16(b, (uint16_t)n);
  bk_put(b, text, n);
  bk_send(b);
}

/* A cursor over a request; any read past its end marks it bad. */
typedef struct {
  const uint8_t *p;
  size_t left;
  bool bad;
} bk_in;

static const uint8_t *bk_take(bk_in *in, size_t n) {
  if (in->bad || in->left < n) {
    in->bad = true;
    return NULL;
  }
  const uint8_t *at = in->p;
  in->p += n;
  in->left -= n;
  return at;
}

static uint64_t bk_get(bk_in *in, int bytes) {
  const uint8_t *at = bk_take(in, (size_t)bytes);
  uint64_t v = 0;
  if (at != NULL) {
    for (int i = 0; i < bytes; i++) v = (v << 8) | at[i];
  }
  return v;
}

/* One argument as the call needs it, and what to send back after. */
typedef struct {
  char type;
  void *copy;       /* 'S' and 'B': the copy passed to C (NULL for a NULL argument) */
  uint32_t len;     /* 'B': its length */
} bk_arg;

static void bk_call(bk_in *in, bk_buf *out) {
  uint16_t fn = (uint16_t)bk_get(in, 2);
  char ret = (char)bk_get(in, 1);
  uint8_t flags = (uint8_t)bk_get(in, 1);
  uint8_t argc = (uint8_t)bk_get(in, 1);
  if (in->bad || fn >= bk_function_count || argc > BK_HOST_MAX_ARGS) {
    bk_send_error(out, BK_ERR_REQUEST, fn, "bad call header");
    return;
  }
  int64_t ints[BK_HOST_INT_REGS] = {0};
  double floats[BK_HOST_FLOAT_REGS] = {0};
  int ni = 0, nf = 0;
  bk_arg args[BK_HOST_MAX_ARGS];
  memset(args, 0, sizeof args);
  const char *bad = NULL;
  for (int i = 0; i < argc && bad == NULL; i++) {
    char type = (char)bk_get(in, 1);
    args[i].type = type;
    bool is_float = type == 'f' || type == 'd';
    if (is_float ? nf >= BK_HOST_FLOAT_REGS : ni >= BK_HOST_INT_REGS) {
      bad = "too many arguments of one register class";
      break;
    }
    switch (type) {
      case 'b': case 's': case 'i': case 'l': case 'z':
        ints[ni++] = (int64_t)bk_get(in, 8);
        break;
      case 'f': {
        /* The callee reads a float from the low 32 bits of its vector register. */
        uint64_t bits = bk_get(in, 4);
        double d;
        memcpy(&d, &bits, sizeof d);
        floats[nf++] = d;
        break;
      }
      case 'd': {
        uint64_t bits = bk_get(in, 8);
        double d;
        memcpy(&d, &bits, sizeof d);
        floats[nf++] = d;
        break;
      }
      case 'S': case 'B': {
        uint32_t len = (uint32_t)bk_get(in, 4);
        if (len == BK_NULL_LEN) {
          ints[ni++] = 0;
          break;
        }
        const uint8_t *data = bk_take(in, len);
        if (data == NULL) break;
        char *copy = malloc((size_t)len + 1);
        if (copy == NULL) {
          bad = "out of memory for an argument";
          break;
        }
        memcpy(copy, data, len);
        copy[len] = '\0';
        args[i].copy = copy;
        args[i].len = len;
        ints[ni++] = (int64_t)(intptr_t)copy;
        break;
      }
      default:
        bad = "unknown argument type";
    }
    if (in->bad && bad == NULL) bad = "request ends inside an argument";
  }
  if (bad == NULL && in->left != 0) bad = "bytes after the last argument";
  if (bad == NULL && strchr("bsilzfdSv", ret) == NULL) bad = "unknown return type";
  if (bad != NULL) {
    for (int i = 0; i < argc; i++) free(args[i].copy);
    bk_send_error(out, BK_ERR_REQUEST, fn, bad);
    return;
  }

  void *f = bk_functions[fn];
  bk_current = bk_symbols[fn];
  if (flags & 1) errno = 0;
  int64_t iv = 0;
  double dv = 0;
  float fv = 0;
#define BK_ARGS ints[0], ints[1], ints[2], ints[3], ints[4], ints[5], floats[0], floats[1], \
                floats[2], floats[3], floats[4], floats[5], floats[6], floats[7]
  switch (ret) {
    case 'd': dv = ((bk_double_fn)f)(BK_ARGS); break;
    case 'f': fv = ((bk_float_fn)f)(BK_ARGS); break;
    default: iv = ((bk_int_fn)f)(BK_ARGS); break;
  }
#undef BK_ARGS
  int err = (flags & 1) ? errno : 0;
  bk_current = NULL;

  bk_put_u8(out, 'R');
  bk_put_u32(out, (uint32_t)err);
  bk_put_u8(out, (uint8_t)ret);
  switch (ret) {
    /* Only the low bits of the return register are the value: narrow them, then sign-extend. */
    case 'b': bk_put_u64(out, (uint64_t)(int64_t)(int8_t)iv); break;
    case 's': bk_put_u64(out, (uint64_t)(int64_t)(int16_t)iv); break;
    case 'i': bk_put_u64(out, (uint64_t)(int64_t)(int32_t)iv); break;
    case 'l': bk_put_u64(out, (uint64_t)iv); break;
    case 'z': bk_put_u64(out, (uint8_t)iv != 0); break;
    case 'f': {
      uint32_t bits;
      memcpy(&bits, &fv, sizeof bits);
      bk_put_u32(out, bits);
      break;
    }
    case 'd': {
      uint64_t bits;
      memcpy(&bits, &dv, sizeof bits);
      bk_put_u64(out, bits);
      break;
    }
    case 'S': {
      const char *s = (const char *)(intptr_t)iv;
      if (s == NULL) {
        bk_put_u32(out, BK_NULL_LEN);
      } else {
        bk_put_bytes(out, s, strlen(s));
      }
      break;
    }
    default: /* 'v' */
      break;
  }
  for (int i = 0; i < argc; i++) {
    if (args[i].type == 'B') {
      if (args[i].copy == NULL) {
        bk_put_u32(out, BK_NULL_LEN);
      } else {
        bk_put_bytes(out, args[i].copy, args[i].len);
      }
    }
    free(args[i].copy);
  }
  bk_send(out);
}

/* Says on stderr which function took the host down, then dies of the same signal, so that the
 * JVM sees the signal in the exit status. Only async-signal-safe calls. */
static void bk_on_crash(int sig) {
  const char *fn = bk_current;
  const char *what = sig == SIGSEGV ? "SIGSEGV" : sig == SIGBUS ? "SIGBUS" : sig == SIGILL ? "SIGILL"
                     : sig == SIGFPE ? "SIGFPE" : sig == SIGABRT ? "SIGABRT" : NULL;
  char line[512];
  size_t n = 0;
  const char *parts[] = {"bk_ffihost: ", what != NULL ? what : "signal", " in ",
                         fn != NULL ? fn : "(no call)", "\n"};
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
    for (const char *c = parts[i]; *c != '\0' && n < sizeof line - 1; c++) line[n++] = *c;
  }
  ssize_t ignored = write(2, line, n);
  (void)ignored;
  signal(sig, SIG_DFL);
  raise(sig);
}

static void bk_install_crash_report(void) {
  static uint8_t alt[64 * 1024]; /* a stack overflow needs a stack of its own to report on */
  stack_t ss = {.ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0};
  sigaltstack(&ss, NULL);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = bk_on_crash;
  sa.sa_flags = SA_ONSTACK | SA_RESETHAND | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  int signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};
  for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) sigaction(signals[i], &sa, NULL);
}

static void bk_link(const char *library, int count, char **symbols) {
  bk_function_count = count;
  bk_symbols = symbols;
  bk_functions = calloc((size_t)(count > 0 ? count : 1), sizeof *bk_functions);
  void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
  if (handle == NULL) {
    bk_link_error.code = BK_ERR_LIBRARY;
    snprintf(bk_link_error.text, sizeof bk_link_error.text, "%s", dlerror());
    return;
  }
  for (int i = 0; i < count; i++) {
    dlerror();
    bk_functions[i] = dlsym(handle, symbols[i]);
    if (bk_functions[i] == NULL) {
      const char *why = dlerror();
      bk_link_error.code = BK_ERR_SYMBOL;
      bk_link_error.fn = (uint16_t)i;
      snprintf(bk_link_error.text, sizeof bk_link_error.text, "%s",
               why != NULL ? why : "resolves to NULL");
      return;
    }
  }
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: bk_ffihost LIBRARY SYMBOL...\n");
    return 2;
  }
  /* Replies get a descriptor of their own; the library's printf goes to stderr. */
  bk_reply_fd = dup(1);
  if (bk_reply_fd < 0 || dup2(2, 1) < 0) {
    perror("bk_ffihost: setting up stdout");
    return 2;
  }
  bk_install_crash_report();
  bk_link(argv[1], argc - 2, argv + 2);

  uint8_t *request = NULL;
  size_t cap = 0;
  bk_buf out = {0};
  for (;;) {
    long n = bk_packet_read(0, 4, &request, &cap, BK_HOST_MAX_PACKET);
    if (n == BK_PACKET_EOF) return 0;
    if (n < 0) {
      fprintf(stderr, "bk_ffihost: bad input frame (%ld)\n", n);
      return 1;
    }
    bk_in in = {request, (size_t)n, false};
    char op = (char)bk_get(&in, 1);
    if (bk_link_error.code != 0) {
      bk_send_error(&out, bk_link_error.code, bk_link_error.fn, bk_link_error.text);
    } else if (op == 'H' && !in.bad) {
      bk_put_u8(&out, 'K');
      bk_send(&out);
    } else if (op == 'C') {
      bk_call(&in, &out);
    } else {
      bk_send_error(&out, BK_ERR_REQUEST, 0, "unknown request");
    }
  }
}
