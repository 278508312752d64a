/* Run mode: one command to completion, for one-shot runs (dev.bridgekit.ports.Command launches it
 * through zt-exec). The command inherits the shim's stdin, stdout, stderr, environment (less the
 * variables named with -u) and working directory, and leads a process group of its own. The shim
 * exits with the command's status (the exit code, or 128 + the signal that killed it) once its
 * whole group is gone:
 *
 *   - SIGTERM, SIGINT or SIGHUP to the shim (a timeout's Process.destroy()), or the JVM's death,
 *     sends SIGTERM to the group, and SIGKILL after GRACE_MS;
 *   - when the command exits, what is left of its group gets the same treatment, so nothing it
 *     started outlives the run;
 *   - an exec failure is reported on stderr as "bk_shim: cannot execute PATH: reason (name)" with
 *     status 127 for a missing program and 126 for any other failure, as shells do. */
#include "bk_shim.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* How often the shim looks whether the group of an exited command is empty. */
#define BK_RUN_POLL_MS 20

static int bk_parse_grace(const char *s, uint32_t *out) {
  char *end;
  errno = 0;
  unsigned long v = strtoul(s, &end, 10);
  if (errno != 0 || *s == '\0' || *end != '\0' || v > 3600000UL) {
    return -1;
  }
  *out = (uint32_t)v;
  return 0;
}

int bk_run(int argc, char **argv) {
  uint32_t grace_ms;
  int i = 3;
  if (argc < 4 || bk_parse_grace(argv[2], &grace_ms) < 0) {
    goto usage;
  }
  /* -u NAME unsets a variable: the JDK (and zt-exec) can only add to an environment. */
  while (i + 1 < argc && strcmp(argv[i], "-u") == 0) {
    unsetenv(argv[i + 1]);
    i += 2;
  }
  if (i + 2 >= argc || strcmp(argv[i], "--") != 0) {
    goto usage;
  }
  char *path = argv[i + 1];
  char **child_argv = argv + i + 2;
  pid_t jvm = getppid();
  static const int handled[] = {SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGUSR1, 0};
  if (bk_signals_install(handled) < 0) {
    perror("bk_shim: signals");
    return 1;
  }
  /* As in serve mode: the parent-death signal also comes when the JVM thread that started the
   * shim ends; only a new parent means the JVM is gone. */
  prctl(PR_SET_PDEATHSIG, SIGUSR1);
  /* Orphans of the command come to the shim, which reaps them at once: a group counts as gone
   * only when its zombies are reaped too, and init may take its time. */
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  if (getppid() != jvm) {
    return 1;
  }
  struct bk_launch l;
  memset(&l, 0, sizeof l);
  l.path = path;
  l.argv = child_argv;
  l.nfds = 0;
  int stage = 0;
  int err = 0;
  pid_t pid = bk_launch(&l, &stage, &err);
  if (pid < 0) {
    const char *name = bk_errno_name(err);
    fprintf(stderr, "bk_shim: cannot execute %s: %s (%s)\n",
        stage == BK_STAGE_EXEC ? path : "(setup)", strerror(err), name != NULL ? name : "?");
    return err == ENOENT ? 127 : 126;
  }
  int status = -1;     /* the command's, once reaped */
  int64_t kill_at = -1; /* while terminating */
  int killed = 0;
  for (;;) {
    int sigs[64];
    int got = bk_signals_take(sigs, 64);
    int stop = 0;
    for (int i = 0; i < got; i++) {
      if (sigs[i] == SIGTERM || sigs[i] == SIGINT || sigs[i] == SIGHUP
          || (sigs[i] == SIGUSR1 && getppid() != jvm)) {
        stop = 1;
      }
    }
    for (;;) {
      int ws;
      pid_t r = waitpid(-1, &ws, WNOHANG);
      if (r <= 0) {
        break;
      }
      if (r == pid) {
        status = bk_exit_code(ws);
      }
    }
    int gone = killpg(pid, 0) < 0 && errno == ESRCH;
    if (status >= 0 && gone) {
      return status;
    }
    if ((stop || status >= 0) && kill_at < 0) {
      kill_at = bk_now_ms() + grace_ms;
      killpg(pid, grace_ms == 0 ? SIGKILL : SIGTERM);
      killpg(pid, SIGCONT);
    }
    int timeout = -1;
    if (kill_at >= 0 && !killed) {
      int64_t left = kill_at - bk_now_ms();
      if (left <= 0) {
        killpg(pid, SIGKILL);
        killed = 1;
      } else {
        timeout = (int)left;
      }
    }
    if (status >= 0 && (timeout < 0 || timeout > BK_RUN_POLL_MS)) {
      timeout = BK_RUN_POLL_MS; /* the leader is gone: watch the rest of its group empty */
    }
    struct pollfd p = {bk_signal_fd, POLLIN, 0};
    poll(&p, 1, timeout);
  }
usage:
  fprintf(stderr, "usage: bk_shim run GRACE_MS [-u NAME]... -- PATH ARG0 [ARG...]\n");
  return 2;
}
