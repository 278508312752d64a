/* The demo library (see bk_demo.h). */
#include "bk_demo.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Wrapping adds: signed overflow is undefined in C, so add as unsigned and convert back. */
int8_t bk_demo_add_i8(int8_t a, int8_t b) { return (int8_t)(uint8_t)((uint8_t)a + (uint8_t)b); }
int16_t bk_demo_add_i16(int16_t a, int16_t b) {
  return (int16_t)(uint16_t)((uint16_t)a + (uint16_t)b);
}
int32_t bk_demo_add_i32(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }
int64_t bk_demo_add_i64(int64_t a, int64_t b) { return (int64_t)((uint64_t)a + (uint64_t)b); }
float bk_demo_add_f32(float a, float b) { return a + b; }
double bk_demo_add_f64(double a, double b) { return a + b; }
bool bk_demo_is_even(int64_t n) { return n % 2 == 0; }
bool bk_demo_not(bool b) { return !b; }

size_t bk_demo_strlen(const char *s) { return strlen(s); }

const char *bk_demo_greeting(void) { return "hello from C"; }

char *bk_demo_upper(const char *s) {
  size_t n = strlen(s);
  char *out = malloc(n + 1);
  if (out == NULL) return NULL;
  for (size_t i = 0; i < n; i++) out[i] = (char)toupper((unsigned char)s[i]);
  out[n] = '\0';
  return out;
}

void bk_demo_free(void *p) { free(p); }

int32_t bk_demo_hello(char *buf, int32_t cap, const char *name) {
  return (int32_t)snprintf(buf, cap < 0 ? 0 : (size_t)cap, "hello, %s", name);
}

void bk_demo_reverse(uint8_t *buf, int32_t len) {
  for (int32_t i = 0, j = len - 1; i < j; i++, j--) {
    uint8_t t = buf[i];
    buf[i] = buf[j];
    buf[j] = t;
  }
}

uint32_t bk_demo_fnv1a(const uint8_t *data, int32_t len) {
  uint32_t h = 2166136261u;
  for (int32_t i = 0; i < len; i++) {
    h ^= data[i];
    h *= 16777619u;
  }
  return h;
}

void *bk_demo_fill(void *buf, int32_t value, int32_t len) {
  return memset(buf, value, len < 0 ? 0 : (size_t)len);
}

void *bk_demo_alloc(int64_t size) { return size < 0 ? NULL : calloc(1, (size_t)size); }

int64_t bk_demo_sum_i32(const int32_t *p, int32_t n) {
  int64_t sum = 0;
  for (int32_t i = 0; i < n; i++) sum += p[i];
  return sum;
}

bk_demo_point bk_demo_point_add(bk_demo_point p, bk_demo_point q) {
  bk_demo_point r = {p.x + q.x, p.y + q.y};
  return r;
}

double bk_demo_point_norm(const bk_demo_point *p) { return sqrt(p->x * p->x + p->y * p->y); }

void bk_demo_point_scale(bk_demo_point *p, double k) {
  p->x *= k;
  p->y *= k;
}

bk_demo_pair bk_demo_pair_make(int32_t a, int64_t b) {
  bk_demo_pair r = {a, b};
  return r;
}

int64_t bk_demo_pair_sum(bk_demo_pair p) { return (int64_t)p.a + p.b; }

void bk_demo_pair_increment(bk_demo_pair *p) {
  p->a += 1;
  p->b += 1;
}

int64_t bk_demo_count_primes(int64_t n) {
  int64_t count = 0;
  for (int64_t k = 2; k <= n; k++) {
    int prime = 1;
    for (int64_t d = 2; d * d <= k; d++) {
      if (k % d == 0) {
        prime = 0;
        break;
      }
    }
    count += prime;
  }
  return count;
}

/* Sleeps through signals: nanosleep returns early on EINTR with the time left. */
static void sleep_ms(int32_t ms) {
  struct timespec left = {ms / 1000, (long)(ms % 1000) * 1000000L};
  while (nanosleep(&left, &left) == -1 && errno == EINTR) {
  }
}

int32_t bk_demo_sleep_ms(int32_t ms) {
  if (ms > 0) sleep_ms(ms);
  return ms;
}

int64_t bk_demo_call_back(bk_demo_callback cb, int32_t n) {
  int64_t sum = 0;
  for (int32_t i = 0; i < n; i++) sum += cb(i);
  return sum;
}

void *bk_demo_call_back_pointer(bk_demo_pointer_callback cb, void *p, bool flag) {
  return cb(p, flag);
}

int32_t bk_demo_count_if(bk_demo_predicate cb, int32_t n) {
  int32_t count = 0;
  for (int32_t i = 0; i < n; i++) {
    if (cb(i)) count++;
  }
  return count;
}

struct call_back_job {
  bk_demo_callback cb;
  int32_t n;
};

static void *call_back_thread(void *arg) {
  struct call_back_job *job = arg;
  for (int32_t i = 0; i < job->n; i++) job->cb(i);
  return NULL;
}

int32_t bk_demo_call_back_from_thread(bk_demo_callback cb, int32_t n) {
  struct call_back_job job = {cb, n};
  pthread_t thread;
  if (pthread_create(&thread, NULL, call_back_thread, &job) != 0) return -1;
  pthread_join(thread, NULL);
  return 0;
}

struct call_back_later_job {
  bk_demo_callback cb;
  int32_t n;
  int32_t delay_ms;
};

static void *call_back_later_thread(void *arg) {
  struct call_back_later_job job = *(struct call_back_later_job *)arg;
  free(arg);
  sleep_ms(job.delay_ms);
  for (int32_t i = 0; i < job.n; i++) job.cb(i);
  return NULL;
}

int32_t bk_demo_call_back_later(bk_demo_callback cb, int32_t n, int32_t delay_ms) {
  struct call_back_later_job *job = malloc(sizeof *job);
  if (job == NULL) return -1;
  job->cb = cb;
  job->n = n;
  job->delay_ms = delay_ms < 0 ? 0 : delay_ms;
  pthread_attr_t attr;
  pthread_t thread;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  int rc = pthread_create(&thread, &attr, call_back_later_thread, job);
  pthread_attr_destroy(&attr);
  if (rc != 0) {
    free(job);
    return -1;
  }
  return 0;
}

int32_t bk_demo_wait_cancellable(const volatile int32_t *cancel, int32_t ms) {
  for (int32_t i = 0; i < ms; i++) {
    if (*cancel != 0) return 1;
    sleep_ms(1);
  }
  return *cancel != 0;
}

int32_t bk_demo_open_close(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  close(fd);
  return 0;
}

int32_t bk_demo_fail_with(int32_t err) {
  errno = err;
  return -1;
}

void bk_demo_crash(void) {
  /* volatile keeps the compiler from proving the write undefined and dropping it. */
  volatile int *volatile nowhere = NULL;
  *nowhere = 1;
}
