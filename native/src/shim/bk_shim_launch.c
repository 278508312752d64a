/* Fork + exec of one child, with everything the JDK cannot do before exec: a new session, a
 * parent-death signal, fds 3 and 4, and an exec failure reported through a close-on-exec pipe
 * instead of a child that vanishes with status 127. */
#include "bk_shim.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

int bk_signal_fd = -1;
static int bk_signal_write_fd = -1;

int64_t bk_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int bk_exit_code(int wait_status) {
  if (WIFEXITED(wait_status)) {
    return WEXITSTATUS(wait_status);
  }
  if (WIFSIGNALED(wait_status)) {
    return 128 + WTERMSIG(wait_status);
  }
  return 255;
}

const char *bk_errno_name(int err) {
  switch (err) {
    case EPERM: return "eperm";
    case ENOENT: return "enoent";
    case ESRCH: return "esrch";
    case EINTR: return "eintr";
    case EIO: return "eio";
    case E2BIG: return "e2big";
    case ENOEXEC: return "enoexec";
    case EBADF: return "ebadf";
    case ECHILD: return "echild";
    case EAGAIN: return "eagain";
    case ENOMEM: return "enomem";
    case EACCES: return "eacces";
    case EFAULT: return "efault";
    case EBUSY: return "ebusy";
    case EEXIST: return "eexist";
    case ENOTDIR: return "enotdir";
    case EISDIR: return "eisdir";
    case EINVAL: return "einval";
    case ENFILE: return "enfile";
    case EMFILE: return "emfile";
    case ETXTBSY: return "etxtbsy";
    case ENOSPC: return "enospc";
    case EPIPE: return "epipe";
    case ENAMETOOLONG: return "enametoolong";
    case ELOOP: return "eloop";
    case ECONNREFUSED: return "econnrefused";
    case ECONNRESET: return "econnreset";
    default: return NULL;
  }
}

static void bk_on_signal(int sig) {
  int saved = errno;
  unsigned char b = (unsigned char)sig;
  /* A full pipe drops the byte; an earlier byte of the same signal is still pending. */
  ssize_t ignored = write(bk_signal_write_fd, &b, 1);
  (void)ignored;
  errno = saved;
}

int bk_signals_install(const int *signals) {
  int p[2];
  if (pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0) {
    return -1;
  }
  bk_signal_fd = p[0];
  bk_signal_write_fd = p[1];
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = bk_on_signal;
  sa.sa_flags = SA_RESTART;
  sigemptyset(&sa.sa_mask);
  for (const int *s = signals; *s != 0; s++) {
    if (sigaction(*s, &sa, NULL) < 0) {
      return -1;
    }
  }
  return 0;
}

int bk_signals_take(int *sigs, int max) {
  unsigned char buf[64];
  int n = 0;
  while (n < max) {
    ssize_t got = read(bk_signal_fd, buf, sizeof buf < (size_t)(max - n) ? sizeof buf : (size_t)(max - n));
    if (got <= 0) {
      break;
    }
    for (ssize_t i = 0; i < got; i++) {
      sigs[n++] = buf[i];
    }
  }
  return n;
}

/* In the child: reports the failed stage and errno to the launcher, then exits. */
static void bk_child_fail(int status_fd, int stage) {
  int32_t msg[2] = {stage, errno};
  ssize_t ignored = write(status_fd, msg, sizeof msg);
  (void)ignored;
  _exit(127);
}

/* In the child, after fork: never returns. The launcher is single-threaded, so anything goes. */
static void bk_child(const struct bk_launch *l, pid_t parent, int status_fd) {
  /* The status pipe may sit on fd 3 or 4, which the dup2s below overwrite: move it up first. */
  status_fd = fcntl(status_fd, F_DUPFD_CLOEXEC, 10);
  if (status_fd < 0) {
    _exit(127);
  }
  if (setsid() < 0) {
    bk_child_fail(status_fd, BK_STAGE_SETUP);
  }
  /* Dies with the launcher, even when the launcher is killed with SIGKILL; reliable because the
   * launcher is single-threaded (the signal follows the thread that forked). */
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) {
    bk_child_fail(status_fd, BK_STAGE_SETUP);
  }
  if (getppid() != parent) {
    _exit(127);
  }
  /* Ignored signals stay ignored across exec (the launcher ignores SIGPIPE); handled ones reset
   * anyway. Give the program the defaults and an empty mask, as a shell would. */
  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  for (int sig = 1; sig < NSIG; sig++) {
    sigaction(sig, &dfl, NULL); /* fails harmlessly for SIGKILL, SIGSTOP and reserved ones */
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);

  /* Move every source above the targets first, so that no dup2 overwrites a later source. */
  int moved[5];
  for (int i = 0; i < l->nfds; i++) {
    int src = l->fds[i];
    if (src == BK_FD_KEEP) {
      moved[i] = BK_FD_KEEP;
      continue;
    }
    if (src == BK_FD_DEVNULL) {
      src = open("/dev/null", O_RDWR | O_CLOEXEC);
      if (src < 0) {
        bk_child_fail(status_fd, BK_STAGE_SETUP);
      }
    }
    moved[i] = fcntl(src, F_DUPFD_CLOEXEC, 10);
    if (moved[i] < 0) {
      bk_child_fail(status_fd, BK_STAGE_SETUP);
    }
  }
  for (int i = 0; i < l->nfds; i++) {
    if (moved[i] != BK_FD_KEEP && dup2(moved[i], i) < 0) { /* dup2 clears close-on-exec */
      bk_child_fail(status_fd, BK_STAGE_SETUP);
    }
  }
  if (l->cwd != NULL && chdir(l->cwd) < 0) {
    bk_child_fail(status_fd, BK_STAGE_CHDIR);
  }
  execve(l->path, l->argv, l->envp != NULL ? l->envp : environ);
  bk_child_fail(status_fd, BK_STAGE_EXEC);
}

pid_t bk_launch(const struct bk_launch *l, int *stage, int *err) {
  int sp[2];
  if (pipe2(sp, O_CLOEXEC) < 0) {
    *stage = BK_STAGE_FORK;
    *err = errno;
    return -1;
  }
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    *stage = BK_STAGE_FORK;
    *err = errno;
    close(sp[0]);
    close(sp[1]);
    return -1;
  }
  if (pid == 0) {
    close(sp[0]);
    bk_child(l, parent, sp[1]);
  }
  close(sp[1]);
  /* Blocks until the exec closes the pipe (success) or the child reports: about a millisecond. */
  int32_t msg[2];
  size_t got = 0;
  while (got < sizeof msg) {
    ssize_t n = read(sp[0], (char *)msg + got, sizeof msg - got);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break;
    }
    got += (size_t)n;
  }
  close(sp[0]);
  if (got == 0) {
    return pid;
  }
  while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
  }
  *stage = got == sizeof msg ? msg[0] : BK_STAGE_SETUP;
  *err = got == sizeof msg ? msg[1] : EIO;
  return -1;
}
