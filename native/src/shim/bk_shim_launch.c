/* Clone + exec of one child, with everything the JDK cannot do before exec: a new session, a
 * parent-death signal, fds 3 and 4, and an exec failure reported to the launcher (through memory
 * it shares with the child until exec) instead of a child that vanishes with status 127. */
#include "bk_shim.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
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

/* The signals whose disposition is not the default in the launcher (handled or ignored), found
 * once before the first launch: the child resets only these, not all 64 (a syscall each). Both
 * modes install their handlers before they launch anything, and never change them afterwards. */
static int bk_changed_signals[NSIG];
static int bk_nchanged = -1;

static void bk_find_changed_signals(void) {
  bk_nchanged = 0;
  for (int sig = 1; sig < NSIG; sig++) {
    struct sigaction old;
    if (sigaction(sig, NULL, &old) == 0 && old.sa_handler != SIG_DFL) {
      bk_changed_signals[bk_nchanged++] = sig;
    }
  }
}

/* What the parent hands the child, and what the child leaves there when it fails. The child
 * shares the parent's memory (CLONE_VM) and the parent sleeps until the child execs or exits
 * (CLONE_VFORK), so the failure needs no pipe: it is simply there when the parent wakes. */
struct bk_child_args {
  const struct bk_launch *l;
  pid_t parent;
  volatile int stage;
  volatile int err;
};

/* In the child: records the failed stage and errno for the parent, then exits. */
static void bk_child_fail(struct bk_child_args *a, int stage) {
  a->err = errno;
  a->stage = stage;
  _exit(127);
}

/* In the child, on its own stack in the launcher's memory, until execve: never returns. Only
 * syscalls here (no malloc, no stdio): the parent's heap is shared and the parent is suspended
 * wherever it was. Every signal is blocked on entry, so no launcher handler runs in the child. */
static int bk_child(void *arg) {
  struct bk_child_args *a = arg;
  const struct bk_launch *l = a->l;
  if (setsid() < 0) {
    bk_child_fail(a, BK_STAGE_SETUP);
  }
  /* Dies with the launcher, even when the launcher is killed with SIGKILL; reliable because the
   * launcher is single-threaded (the signal follows the thread that forked). */
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) {
    bk_child_fail(a, BK_STAGE_SETUP);
  }
  if (getppid() != a->parent) {
    _exit(127);
  }
  /* Ignored signals stay ignored across exec (the launcher ignores SIGPIPE); handled ones reset
   * anyway, but must not run in the child before exec. Give the program the defaults, as a shell
   * would. The child has its own copy of the dispositions (no CLONE_SIGHAND). */
  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  for (int i = 0; i < bk_nchanged; i++) {
    sigaction(bk_changed_signals[i], &dfl, NULL);
  }

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
        bk_child_fail(a, BK_STAGE_SETUP);
      }
    }
    moved[i] = fcntl(src, F_DUPFD_CLOEXEC, 10);
    if (moved[i] < 0) {
      bk_child_fail(a, BK_STAGE_SETUP);
    }
  }
  for (int i = 0; i < l->nfds; i++) {
    if (moved[i] != BK_FD_KEEP && dup2(moved[i], i) < 0) { /* dup2 clears close-on-exec */
      bk_child_fail(a, BK_STAGE_SETUP);
    }
  }
  if (l->cwd != NULL && chdir(l->cwd) < 0) {
    bk_child_fail(a, BK_STAGE_CHDIR);
  }
  /* An empty mask for the program, as a shell would give it. */
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  execve(l->path, l->argv, l->envp != NULL ? l->envp : environ);
  bk_child_fail(a, BK_STAGE_EXEC);
  return 127;
}

/* The child's stack while it runs launcher code (until exec): one launch at a time, as the
 * launcher is single-threaded. */
#define BK_CHILD_STACK (64 << 10)
static _Alignas(64) unsigned char bk_child_stack[BK_CHILD_STACK];

pid_t bk_launch(const struct bk_launch *l, int *stage, int *err) {
  if (bk_nchanged < 0) {
    bk_find_changed_signals();
  }
  struct bk_child_args a;
  memset(&a, 0, sizeof a);
  a.l = l;
  a.parent = getpid();
  /* As vfork, without copying the launcher's page tables: the parent sleeps until the child
   * execs (its fds stay open only in the child) or fails and exits. Every signal is blocked
   * meanwhile, so no handler of the launcher runs on the child's stack. */
  sigset_t all;
  sigset_t saved;
  sigfillset(&all);
  sigprocmask(SIG_SETMASK, &all, &saved);
  pid_t pid = clone(bk_child, bk_child_stack + BK_CHILD_STACK, CLONE_VM | CLONE_VFORK | SIGCHLD, &a);
  int clone_err = errno;
  sigprocmask(SIG_SETMASK, &saved, NULL);
  if (pid < 0) {
    *stage = BK_STAGE_FORK;
    *err = clone_err;
    return -1;
  }
  if (a.stage == 0) {
    return pid; /* exec succeeded */
  }
  while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
  }
  *stage = a.stage;
  *err = a.err;
  return -1;
}
