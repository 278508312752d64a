/* bk_shim: the launcher between the JVM and port programs. Shared declarations of its parts:
 * bk_shim.c (entry, serve mode), bk_shim_launch.c (fork + exec of one child), bk_shim_run.c (run
 * mode, one-shot commands). */
#ifndef BK_SHIM_H
#define BK_SHIM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* What fd i of a child becomes (struct bk_launch.fds): an fd of the launcher, or one of these. */
#define BK_FD_KEEP (-1)    /* inherited as it is */
#define BK_FD_DEVNULL (-2) /* /dev/null, read and write */

/* Stages of a launch, reported with the errno when one fails (the JVM names them). */
enum bk_stage {
  BK_STAGE_CONNECT = 1, /* connecting to the JVM's socket */
  BK_STAGE_FORK = 2,
  BK_STAGE_SETUP = 3, /* session, signals, file descriptors */
  BK_STAGE_CHDIR = 4,
  BK_STAGE_EXEC = 5,
  BK_STAGE_REQUEST = 6 /* a malformed request from the JVM */
};

struct bk_launch {
  const char *path;   /* the program, as execve takes it: no PATH search */
  char *const *argv;  /* argv[0] is the program's arg0 */
  char *const *envp;  /* NULL: inherit this process's environment */
  const char *cwd;    /* NULL: inherit */
  int fds[5];         /* fds 0..nfds-1 of the child: a launcher fd, BK_FD_KEEP or BK_FD_DEVNULL */
  int nfds;           /* 0 to 5 */
};

/* Starts l->path in a child that leads a new session (so a process group of its own), dies with
 * SIGKILL if this process dies, has default signal handling and exactly the fds asked for (all
 * other fds of the launcher are close-on-exec). Returns the child's pid, which is also its
 * process group id, once the exec has succeeded; or -1 with *stage and *err saying what failed,
 * the failed child already reaped. */
pid_t bk_launch(const struct bk_launch *l, int *stage, int *err);

/* Milliseconds of CLOCK_MONOTONIC. */
int64_t bk_now_ms(void);

/* The wait status as a shell reports it: the exit code, or 128 + the signal that killed it. */
int bk_exit_code(int wait_status);

/* The errno's lowercase POSIX name as Erlang's posix atoms spell it ("enoent"), or NULL. */
const char *bk_errno_name(int err);

/* The self-pipe that signal handlers write the signal number into; see bk_signals_install. */
extern int bk_signal_fd;

/* Routes the given signals (0-terminated list) into a close-on-exec, non-blocking self-pipe
 * whose read end becomes bk_signal_fd. Returns 0 or -1 with errno. */
int bk_signals_install(const int *signals);

/* Reads the signal numbers pending on bk_signal_fd into sigs (up to max); returns how many. */
int bk_signals_take(int *sigs, int max);

/* A bounds-checked reader over a request: never trusts a length. */
struct bk_cursor {
  const uint8_t *p;
  size_t left;
  int bad;
};

void bk_put32(uint8_t *p, uint32_t v);
void bk_put64(uint8_t *p, uint64_t v);
/* Takes an n-byte big-endian integer (n <= 8); sets c->bad when the request is short. */
uint64_t bk_take(struct bk_cursor *c, size_t n);
/* Takes a len:4 + bytes string as a NUL-terminated copy (freed by the caller), NULL if bad. */
char *bk_take_string(struct bk_cursor *c);
/* Takes count:4 strings as a NULL-terminated array (bk_free_strings), NULL if bad. */
char **bk_take_strings(struct bk_cursor *c);
void bk_free_strings(char **v);
/* Write or read exactly len bytes, retrying on EINTR; 0, or -1 (errno set, or end of file). */
int bk_write_fully(int fd, const uint8_t *p, size_t len);
int bk_read_fully(int fd, uint8_t *p, size_t len);

/* Entry points of the two modes. */
int bk_serve(int argc, char **argv);
int bk_run(int argc, char **argv);

#endif
