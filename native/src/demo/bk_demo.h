/* The demo library: one function per behaviour the FFI bridge binds, for its contract tests
 * (run against every backend) and its examples. Every call is thread-safe: state lives in the
 * caller's arguments, never in globals (bk_demo_crash aside, which never returns). */
#ifndef BK_DEMO_H
#define BK_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BK_DEMO_API __attribute__((visibility("default")))

/* Integers of each width, wrapping as C's unsigned arithmetic does; floats; booleans. */
BK_DEMO_API int8_t bk_demo_add_i8(int8_t a, int8_t b);
BK_DEMO_API int16_t bk_demo_add_i16(int16_t a, int16_t b);
BK_DEMO_API int32_t bk_demo_add_i32(int32_t a, int32_t b);
BK_DEMO_API int64_t bk_demo_add_i64(int64_t a, int64_t b);
BK_DEMO_API float bk_demo_add_f32(float a, float b);
BK_DEMO_API double bk_demo_add_f64(double a, double b);
BK_DEMO_API bool bk_demo_is_even(int64_t n);
BK_DEMO_API bool bk_demo_not(bool b);

/* Strings, UTF-8 and NUL-terminated. */
/* Returns the length of s in bytes (not characters). */
BK_DEMO_API size_t bk_demo_strlen(const char *s);
/* Returns a static string the caller must not free. */
BK_DEMO_API const char *bk_demo_greeting(void);
/* Returns a copy of s with ASCII letters upper-cased, from malloc: free it with bk_demo_free. */
BK_DEMO_API char *bk_demo_upper(const char *s);
/* Frees what bk_demo_upper or bk_demo_alloc returned; NULL is a no-op. */
BK_DEMO_API void bk_demo_free(void *p);
/* Writes "hello, <name>" into buf (at most cap bytes, NUL included) and returns the length the
 * whole text needs (without the NUL), as snprintf does: a result >= cap means it was cut. */
BK_DEMO_API int32_t bk_demo_hello(char *buf, int32_t cap, const char *name);

/* Byte buffers. */
/* Reverses len bytes of buf in place. */
BK_DEMO_API void bk_demo_reverse(uint8_t *buf, int32_t len);
/* Returns the 32-bit FNV-1a hash of len bytes of data. */
BK_DEMO_API uint32_t bk_demo_fnv1a(const uint8_t *data, int32_t len);
/* Fills len bytes of buf with value; returns buf, as memset does. */
BK_DEMO_API void *bk_demo_fill(void *buf, int32_t value, int32_t len);
/* Allocates size zeroed bytes with calloc; free with bk_demo_free. */
BK_DEMO_API void *bk_demo_alloc(int64_t size);
/* Returns the sum of the first n int32 values at p. */
BK_DEMO_API int64_t bk_demo_sum_i32(const int32_t *p, int32_t n);

/* Structs, by value and by reference. */
typedef struct {
  double x;
  double y;
} bk_demo_point;

/* Padded: 4 bytes of padding sit between a and b on LP64. */
typedef struct {
  int32_t a;
  int64_t b;
} bk_demo_pair;

BK_DEMO_API bk_demo_point bk_demo_point_add(bk_demo_point p, bk_demo_point q);
BK_DEMO_API double bk_demo_point_norm(const bk_demo_point *p);
/* Multiplies both coordinates of *p by k, in place. */
BK_DEMO_API void bk_demo_point_scale(bk_demo_point *p, double k);
BK_DEMO_API bk_demo_pair bk_demo_pair_make(int32_t a, int64_t b);
BK_DEMO_API int64_t bk_demo_pair_sum(bk_demo_pair p);
/* Adds 1 to both fields of *p, in place. */
BK_DEMO_API void bk_demo_pair_increment(bk_demo_pair *p);

/* Long calls. */
/* Counts the primes <= n by trial division: CPU time grows as n^1.5. */
BK_DEMO_API int64_t bk_demo_count_primes(int64_t n);
/* Sleeps ms milliseconds (a stand-in for blocking IO); returns ms. */
BK_DEMO_API int32_t bk_demo_sleep_ms(int32_t ms);

/* Callbacks: calls cb(i) for i in 0..n-1 and returns the sum of what it returned. */
typedef int32_t (*bk_demo_callback)(int32_t i);
BK_DEMO_API int64_t bk_demo_call_back(bk_demo_callback cb, int32_t n);
/* Calls cb(i) n times from a new native thread, then joins it: a callback arriving on a thread
 * the JVM has never seen. Returns 0, or -1 if the thread could not start. */
BK_DEMO_API int32_t bk_demo_call_back_from_thread(bk_demo_callback cb, int32_t n);

/* A callback of every other C type a callback may take: a pointer and a bool in, a pointer out.
 * Calls cb(p, flag) once and returns what it returned. */
typedef void *(*bk_demo_pointer_callback)(void *p, bool flag);
BK_DEMO_API void *bk_demo_call_back_pointer(bk_demo_pointer_callback cb, void *p, bool flag);
/* A callback returning a C bool: counts the i in 0..n-1 for which cb(i) is true. */
typedef bool (*bk_demo_predicate)(int32_t i);
BK_DEMO_API int32_t bk_demo_count_if(bk_demo_predicate cb, int32_t n);

/* Starts a detached native thread that waits delay_ms, then calls cb(i) for i in 0..n-1, and
 * returns at once: 0, or -1 if the thread could not start. The caller keeps cb valid until the
 * last call has returned (native code that keeps a callback, as an event source does). */
BK_DEMO_API int32_t bk_demo_call_back_later(bk_demo_callback cb, int32_t n, int32_t delay_ms);

/* Cooperative cancellation: works for up to ms milliseconds, checking *cancel every millisecond;
 * returns 1 if it stopped because *cancel became non-zero, 0 if it ran to the end. */
BK_DEMO_API int32_t bk_demo_wait_cancellable(const volatile int32_t *cancel, int32_t ms);

/* errno: opens path read-only and closes it; returns 0, or -1 with errno set (ENOENT for a
 * missing file). */
BK_DEMO_API int32_t bk_demo_open_close(const char *path);
/* Sets errno to err and returns -1. */
BK_DEMO_API int32_t bk_demo_fail_with(int32_t err);

/* Crashes the process with a write through a null pointer: for the out-of-process isolation
 * mode only. Never call it in-process. */
BK_DEMO_API void bk_demo_crash(void);

#endif
