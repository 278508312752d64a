/* bk_shim: the launcher between the JVM and the programs of its ports, as erl_child_setup is for
 * the BEAM. The JDK cannot put a child in a process group of its own, give it a parent-death
 * signal or fds 3 and 4 (it has no pre-exec hook), and it spends a platform thread per child
 * waiting for its exit; one resident launcher does all of that for every port of a JVM.
 *
 *   bk_shim serve SOCKET     the launcher of a JVM (dev.bridgekit.ports.Launcher starts it)
 *   bk_shim run GRACE_MS [-u NAME]... -- PATH ARG0 [ARG...]   one command (bk_shim_run.c)
 *
 * Serve mode. The JVM listens on the Unix-domain socket SOCKET (in a directory only its user can
 * enter) and writes a 16-byte token on the launcher's stdin, then keeps stdin open without
 * writing: its end of file means the JVM is gone, even killed with SIGKILL. The launcher connects
 * to SOCKET once for control and, for every port, once per stream of the child (its input, its
 * output, its stderr), starting each connection with a 25-byte hello: the token, the port id
 * (8 bytes) and the role (1 byte). The child gets the connected sockets as its fds, so the JVM
 * reads and writes it through NIO without a thread per port, and shutting down the input socket
 * gives the child end of file while its output keeps flowing.
 *
 * Control frames are {packet,4}, big-endian:
 *   JVM -> launcher  SPAWN     1, id:8, flags:1, grace_ms:4, path, cwd, argc:4, arg*, envc:4, env*
 *                    TERMINATE 2, id:8   (SIGTERM to the group now, SIGKILL after the grace)
 *   launcher -> JVM  SPAWNED   1, id:8, pid:4
 *                    FAILED    2, id:8, stage:1, errno:4, name, message
 *                    EXITED    3, id:8, status:4, gone:1   (exit code, or 128 + signal; gone 1:
 *                              its whole group is gone too, and the launcher forgot it: the JVM
 *                              need not send TERMINATE, and one sent anyway is ignored)
 * where a string is len:4 then bytes (no NUL). Flags: bit 0 nouse_stdio (the child reads fd 3
 * and writes fd 4), bits 1-2 stderr (0 /dev/null, 1 its own connection, 2 merged into output),
 * bit 3 a cwd is given, bit 4 the child inherits the launcher's environment (the JVM's; envc is
 * then 0), which spares sending the whole environment with every spawn.
 *
 * When the JVM goes (stdin or control at end of file, or the parent-death signal with a new
 * parent) or the launcher is told to stop (SIGTERM, SIGINT, SIGHUP), every child's group gets
 * SIGTERM, then SIGKILL after its grace, and the launcher exits when all are gone. */
#include "bk_shim.h"
#include "../bk_packet.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define BK_TOKEN_LEN 16
#define BK_HELLO_LEN (BK_TOKEN_LEN + 8 + 1)
#define BK_MAX_REQUEST ((size_t)64 << 20)
#define BK_ROLE_CONTROL 0
#define BK_ROLE_IN 1
#define BK_ROLE_OUT 2
#define BK_ROLE_ERR 3
#define BK_OP_SPAWN 1
#define BK_OP_TERMINATE 2
#define BK_REPLY_SPAWNED 1
#define BK_REPLY_FAILED 2
#define BK_REPLY_EXITED 3
/* How often a terminating group whose leader is gone is checked for being empty. */
#define BK_GROUP_POLL_MS 50

struct bk_child {
  uint64_t id;
  pid_t pid; /* also the process group id: the child leads its own session */
  uint32_t grace_ms;
  int reaped;      /* the leader has been waited for */
  int terminating; /* the JVM closed the port, or the JVM is gone */
  int killed;      /* SIGKILL went to the group */
  int64_t kill_at; /* when SIGKILL goes, while terminating */
};

static const char *bk_socket_path;
static unsigned char bk_token[BK_TOKEN_LEN];
static int bk_control = -1;
static struct bk_child *bk_children;
static size_t bk_nchildren;
static size_t bk_cap;

/* Writes one control frame, its {packet,4} prefix and body in one writev: two writes would wake
 * the JVM's poll thread twice, the first time for a prefix it cannot use yet. */
static int bk_send(const uint8_t *frame, size_t len) {
  uint8_t head[4];
  bk_put32(head, (uint32_t)len);
  struct iovec iov[2] = {{head, sizeof head}, {(void *)frame, len}};
  size_t left = sizeof head + len;
  while (left > 0) {
    ssize_t n = writev(bk_control, iov, 2);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return -1;
    }
    left -= (size_t)n;
    /* Rare: a short write of a full socket; step over what went. */
    for (int i = 0; i < 2 && n > 0; i++) {
      size_t step = (size_t)n < iov[i].iov_len ? (size_t)n : iov[i].iov_len;
      iov[i].iov_base = (uint8_t *)iov[i].iov_base + step;
      iov[i].iov_len -= step;
      n -= (ssize_t)step;
    }
  }
  return 0;
}

static void bk_reply_failed(uint64_t id, int stage, int err) {
  const char *name = bk_errno_name(err);
  char fallback[32];
  if (name == NULL) {
    snprintf(fallback, sizeof fallback, "errno_%d", err);
    name = fallback;
  }
  const char *message = strerror(err);
  size_t nlen = strlen(name);
  size_t mlen = strlen(message);
  size_t len = 1 + 8 + 1 + 4 + 4 + nlen + 4 + mlen;
  uint8_t *f = malloc(len);
  if (f == NULL) {
    return;
  }
  f[0] = BK_REPLY_FAILED;
  bk_put64(f + 1, id);
  f[9] = (uint8_t)stage;
  bk_put32(f + 10, (uint32_t)err);
  bk_put32(f + 14, (uint32_t)nlen);
  memcpy(f + 18, name, nlen);
  bk_put32(f + 18 + nlen, (uint32_t)mlen);
  memcpy(f + 22 + nlen, message, mlen);
  bk_send(f, len);
  free(f);
}

/* Connects to the JVM's socket and says who this connection is for; returns the fd or -1. */
static int bk_connect(uint64_t id, uint8_t role) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return -1;
  }
  struct sockaddr_un addr;
  memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  strncpy(addr.sun_path, bk_socket_path, sizeof addr.sun_path - 1);
  uint8_t hello[BK_HELLO_LEN];
  memcpy(hello, bk_token, BK_TOKEN_LEN);
  bk_put64(hello + BK_TOKEN_LEN, id);
  hello[BK_TOKEN_LEN + 8] = role;
  int rc;
  do {
    rc = connect(fd, (struct sockaddr *)&addr, sizeof addr);
  } while (rc < 0 && errno == EINTR);
  if (rc < 0 || bk_write_fully(fd, hello, sizeof hello) < 0) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

static struct bk_child *bk_find(uint64_t id) {
  for (size_t i = 0; i < bk_nchildren; i++) {
    if (bk_children[i].id == id) {
      return &bk_children[i];
    }
  }
  return NULL;
}

/* The child not yet waited for whose pid is pid: a reaped one may share it (see bk_retire). */
static struct bk_child *bk_find_pid(pid_t pid) {
  for (size_t i = 0; i < bk_nchildren; i++) {
    if (bk_children[i].pid == pid && !bk_children[i].reaped) {
      return &bk_children[i];
    }
  }
  return NULL;
}

/* A new child got pid, so no process group with that id is left (Linux reuses no id a group or
 * session still holds): a reaped child with the same pid, kept until its port closes because its
 * group outlived it, is over. Forget it, before its TERMINATE or its SIGKILL would hit the new
 * child's group. */
static void bk_retire(pid_t pid) {
  for (size_t i = 0; i < bk_nchildren; i++) {
    struct bk_child *c = &bk_children[i];
    if (c->pid == pid && c->reaped) {
      c->terminating = 1;
      c->killed = 1; /* bk_tick drops it */
    }
  }
}

static int bk_add(uint64_t id, pid_t pid, uint32_t grace_ms) {
  if (bk_nchildren == bk_cap) {
    size_t cap = bk_cap == 0 ? 64 : bk_cap * 2;
    struct bk_child *grown = realloc(bk_children, cap * sizeof *grown);
    if (grown == NULL) {
      return -1;
    }
    bk_children = grown;
    bk_cap = cap;
  }
  struct bk_child *c = &bk_children[bk_nchildren++];
  memset(c, 0, sizeof *c);
  c->id = id;
  c->pid = pid;
  c->grace_ms = grace_ms;
  return 0;
}

static int bk_group_gone(pid_t pgid) {
  return killpg(pgid, 0) < 0 && errno == ESRCH;
}

/* Starts ending a child's group: SIGTERM now (and SIGCONT, so a stopped group sees it), SIGKILL
 * when the grace is over. An empty group of a reaped leader is left alone: its id may be reused. */
static void bk_terminate(struct bk_child *c) {
  if (c->terminating) {
    return;
  }
  c->terminating = 1;
  c->kill_at = bk_now_ms() + c->grace_ms;
  if (c->reaped && bk_group_gone(c->pid)) {
    return;
  }
  if (c->grace_ms == 0) {
    killpg(c->pid, SIGKILL);
    c->killed = 1;
    return;
  }
  killpg(c->pid, SIGTERM);
  killpg(c->pid, SIGCONT);
}

/* Sends the SIGKILLs that are due and forgets children that are over; returns the poll timeout. */
static int bk_tick(void) {
  int64_t now = bk_now_ms();
  int64_t next = -1;
  size_t kept = 0;
  for (size_t i = 0; i < bk_nchildren; i++) {
    struct bk_child *c = &bk_children[i];
    if (c->terminating && !c->killed) {
      if (c->reaped && bk_group_gone(c->pid)) {
        c->killed = 1; /* nothing left to kill */
      } else if (now >= c->kill_at) {
        killpg(c->pid, SIGKILL);
        c->killed = 1;
      } else {
        int64_t wait = c->kill_at - now;
        if (c->reaped && wait > BK_GROUP_POLL_MS) {
          wait = BK_GROUP_POLL_MS;
        }
        if (next < 0 || wait < next) {
          next = wait;
        }
      }
    }
    if (c->terminating && c->killed && c->reaped) {
      continue; /* over */
    }
    bk_children[kept++] = *c;
  }
  bk_nchildren = kept;
  return next < 0 ? -1 : (int)next;
}

/* Waits for every child that has exited (and, as a subreaper, for orphaned grandchildren). */
static void bk_reap(void) {
  for (;;) {
    int status;
    pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid <= 0) {
      return;
    }
    struct bk_child *c = bk_find_pid(pid);
    if (c == NULL) {
      continue; /* an orphaned grandchild, reaped as the subreaper */
    }
    c->reaped = 1;
    /* Most programs leave nothing behind: then the child is over now, and saying so spares the
     * JVM a TERMINATE and this launcher a wake-up. An empty group stays empty (nothing can join
     * a group without members), so forgetting it is safe. */
    int gone = !c->terminating && bk_group_gone(c->pid);
    if (gone) {
      c->terminating = 1;
      c->killed = 1; /* bk_tick drops it */
    }
    uint8_t f[14];
    f[0] = BK_REPLY_EXITED;
    bk_put64(f + 1, c->id);
    bk_put32(f + 9, (uint32_t)bk_exit_code(status));
    f[13] = (uint8_t)gone;
    bk_send(f, sizeof f);
  }
}

static void bk_spawn(struct bk_cursor *c) {
  uint64_t id = bk_take(c, 8);
  unsigned flags = (unsigned)bk_take(c, 1);
  uint32_t grace_ms = (uint32_t)bk_take(c, 4);
  char *path = bk_take_string(c);
  char *cwd = bk_take_string(c);
  char **argv = bk_take_strings(c);
  char **envp = bk_take_strings(c);
  int fds[3] = {-1, -1, -1}; /* in, out, err */
  int stage = 0;
  int err = 0;
  unsigned stderr_mode = (flags >> 1) & 3;
  if (c->bad || c->left != 0 || argv == NULL || argv[0] == NULL || envp == NULL || stderr_mode == 3
      || ((flags & 16) && envp[0] != NULL)) {
    stage = BK_STAGE_REQUEST;
    err = EINVAL;
    goto done;
  }
  for (int role = BK_ROLE_IN; role <= BK_ROLE_ERR; role++) {
    if (role == BK_ROLE_ERR && stderr_mode != 1) {
      break;
    }
    fds[role - 1] = bk_connect(id, (uint8_t)role);
    if (fds[role - 1] < 0) {
      stage = BK_STAGE_CONNECT;
      err = errno;
      goto done;
    }
  }
  int err_dest = stderr_mode == 0 ? BK_FD_DEVNULL : stderr_mode == 1 ? fds[2] : fds[1];
  struct bk_launch l;
  memset(&l, 0, sizeof l);
  l.path = path;
  l.argv = argv;
  l.envp = (flags & 16) ? NULL : envp;
  l.cwd = (flags & 8) ? cwd : NULL;
  if (flags & 1) { /* nouse_stdio: stdout is free for logs, which go where stderr goes */
    int layout[5] = {BK_FD_DEVNULL, err_dest, err_dest, fds[0], fds[1]};
    memcpy(l.fds, layout, sizeof layout);
    l.nfds = 5;
  } else {
    int layout[3] = {fds[0], fds[1], err_dest};
    memcpy(l.fds, layout, sizeof layout);
    l.nfds = 3;
  }
  pid_t pid = bk_launch(&l, &stage, &err);
  if (pid > 0) {
    bk_retire(pid);
    if (bk_add(id, pid, grace_ms) < 0) {
      killpg(pid, SIGKILL);
      stage = BK_STAGE_FORK;
      err = ENOMEM;
    } else {
      uint8_t f[13];
      f[0] = BK_REPLY_SPAWNED;
      bk_put64(f + 1, id);
      bk_put32(f + 9, (uint32_t)pid);
      bk_send(f, sizeof f);
    }
  }
done:
  if (stage != 0) {
    bk_reply_failed(id, stage, err);
  }
  for (int i = 0; i < 3; i++) {
    if (fds[i] >= 0) {
      close(fds[i]);
    }
  }
  free(path);
  free(cwd);
  bk_free_strings(argv);
  bk_free_strings(envp);
}

/* Handles one control frame; returns -1 if the frame is not a request this launcher knows. */
static int bk_request(const uint8_t *frame, size_t len) {
  struct bk_cursor c = {frame, len, 0};
  switch (bk_take(&c, 1)) {
    case BK_OP_SPAWN:
      bk_spawn(&c);
      return 0;
    case BK_OP_TERMINATE: {
      uint64_t id = bk_take(&c, 8);
      struct bk_child *child = bk_find(id);
      if (!c.bad && child != NULL) {
        bk_terminate(child);
      }
      return c.bad ? -1 : 0;
    }
    default:
      return -1;
  }
}

/* The JVM is gone (or the launcher was told to stop): end every group, wait, leave. */
static int bk_shutdown(void) {
  uint32_t longest = 0;
  for (size_t i = 0; i < bk_nchildren; i++) {
    bk_terminate(&bk_children[i]);
    if (bk_children[i].grace_ms > longest) {
      longest = bk_children[i].grace_ms;
    }
  }
  int64_t give_up = bk_now_ms() + longest + 1000;
  while (bk_nchildren > 0 && bk_now_ms() < give_up) {
    int sigs[64];
    bk_signals_take(sigs, 64);
    bk_reap();
    int timeout = bk_tick();
    if (bk_nchildren == 0) {
      break;
    }
    struct pollfd p = {bk_signal_fd, POLLIN, 0};
    poll(&p, 1, timeout < 0 || timeout > BK_GROUP_POLL_MS ? BK_GROUP_POLL_MS : timeout);
  }
  for (size_t i = 0; i < bk_nchildren; i++) {
    killpg(bk_children[i].pid, SIGKILL);
  }
  /* The socket and its private directory were the JVM's; it cannot remove them any more. */
  unlink(bk_socket_path);
  char *dir = strdup(bk_socket_path);
  if (dir != NULL) {
    rmdir(dirname(dir));
    free(dir);
  }
  return 0;
}

int bk_serve(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: bk_shim serve SOCKET (token on stdin)\n");
    return 2;
  }
  bk_socket_path = argv[2];
  if (strlen(bk_socket_path) >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
    fprintf(stderr, "bk_shim: socket path too long: %s\n", bk_socket_path);
    return 2;
  }
  pid_t jvm = getppid();
  static const int handled[] = {SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGUSR1, 0};
  if (bk_signals_install(handled) < 0) {
    perror("bk_shim: signals");
    return 1;
  }
  signal(SIGPIPE, SIG_IGN);
  /* The parent-death signal follows the JVM thread that started the launcher, not the JVM: it
   * also comes when that thread ends. SIGUSR1 is handled, and only a new parent means the JVM is
   * gone. */
  prctl(PR_SET_PDEATHSIG, SIGUSR1);
  /* Orphaned grandchildren come to the launcher, which reaps them instead of leaving zombies. */
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  if (getppid() != jvm || bk_read_fully(0, bk_token, BK_TOKEN_LEN) < 0) {
    return 1;
  }
  bk_control = bk_connect(0, BK_ROLE_CONTROL);
  if (bk_control < 0) {
    fprintf(stderr, "bk_shim: cannot connect to %s: %s\n", bk_socket_path, strerror(errno));
    return 1;
  }
  uint8_t *frame = NULL;
  size_t cap = 0;
  int timeout = -1;
  for (;;) {
    struct pollfd p[3] = {
        {bk_signal_fd, POLLIN, 0}, {0, POLLIN, 0}, {bk_control, POLLIN, 0}};
    int n = poll(p, 3, timeout);
    if (n < 0 && errno != EINTR) {
      perror("bk_shim: poll");
      break;
    }
    if (n > 0 && p[0].revents) {
      int sigs[64];
      int got = bk_signals_take(sigs, 64);
      int stop = 0;
      for (int i = 0; i < got; i++) {
        if (sigs[i] == SIGTERM || sigs[i] == SIGINT || sigs[i] == SIGHUP
            || (sigs[i] == SIGUSR1 && getppid() != jvm)) {
          stop = 1;
        }
      }
      bk_reap();
      if (stop) {
        break;
      }
    }
    if (n > 0 && p[1].revents) {
      uint8_t junk[256];
      ssize_t r = read(0, junk, sizeof junk);
      if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN)) {
        break; /* the JVM is gone */
      }
    }
    if (n > 0 && p[2].revents) {
      long len = bk_packet_read(bk_control, 4, &frame, &cap, BK_MAX_REQUEST);
      if (len < 0) {
        if (len != BK_PACKET_EOF) {
          fprintf(stderr, "bk_shim: bad control frame (%ld)\n", len);
        }
        break;
      }
      if (bk_request(frame, (size_t)len) < 0) {
        fprintf(stderr, "bk_shim: unknown control request (%ld bytes)\n", len);
        break;
      }
    }
    timeout = bk_tick();
  }
  free(frame);
  return bk_shutdown();
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "serve") == 0) {
    return bk_serve(argc, argv);
  }
  if (argc >= 2 && strcmp(argv[1], "run") == 0) {
    return bk_run(argc, argv);
  }
  fprintf(stderr, "usage: bk_shim serve SOCKET | bk_shim run GRACE_MS [-u NAME]... -- PATH ARG0 [ARG...]\n");
  return 2;
}
