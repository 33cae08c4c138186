/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/proc.h"

#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/errname.h"

extern char **environ;

/* ---------------------------------------------------------------------
 * Auxiliary functions.
 * --------------------------------------------------------------------- */

static long long
now_ms(void)
{
    struct timespec ts;

    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
remaining_ms(long long deadline)
{
    long long left = deadline - now_ms();

    return left < 0 ? 0 : (int)left;
}

static void
on_alarm(int signo)
{
    (void)signo;
}

/** waitpid(2) with a deadline: SIGALRM interrupts it, then the child is
 * killed and reaped.  Returns true when it had to kill. */
static bool
wait_bounded(pid_t pid, long long deadline, int *status)
{
    struct sigaction sa, old;
    struct itimerval timer, old_timer;
    int ms;
    bool killed = false;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;                    /* No SA_RESTART: waitpid fails. */
    (void)sigaction(SIGALRM, &sa, &old);
    memset(&timer, 0, sizeof(timer));
    ms = remaining_ms(deadline);
    timer.it_value.tv_sec = ms / 1000;
    timer.it_value.tv_usec = (ms % 1000) * 1000 + 1;
    (void)setitimer(ITIMER_REAL, &timer, &old_timer);

    if (waitpid(pid, status, 0) == -1) {
        (void)kill(pid, SIGKILL);
        killed = true;
        while (waitpid(pid, status, 0) == -1 && errno == EINTR)
            continue;
    }

    memset(&timer, 0, sizeof(timer));
    (void)setitimer(ITIMER_REAL, &timer, NULL);
    (void)sigaction(SIGALRM, &old, NULL);
    return killed;
}

/** Waits until fd is readable: 1 when it is, 0 at the deadline, -1 on an
 * error (in *err). */
static int
wait_readable(int fd, long long deadline, shmc_error_t *err)
{
    struct pollfd pfd;
    int rc;

    do {
        pfd.fd = fd;
        pfd.events = POLLIN;
        rc = poll(&pfd, 1, remaining_ms(deadline));
    } while (rc == -1 && errno == EINTR);
    if (rc == -1)
        *err = shmc_error_libc(errno, "poll");
    return rc > 0 ? 1 : rc;
}

/** Reads fd to EOF or the deadline, whichever comes first. */
static shmc_error_t
drain(int fd, long long deadline, shmc_proc_result_t *r, bool *timed_out)
{
    shmc_error_t err = shmc_no_error();
    size_t cap = 0;
    ssize_t n;
    char *grown;
    int rc;

    *timed_out = false;
    for (;;) {
        if (r->m_output_len + 1024 > cap) {
            cap = cap == 0 ? 4096 : cap * 2;
            grown = realloc(r->m_output, cap);
            if (grown == NULL)
                return shmc_error_nomem();
            r->m_output = grown;
        }
        rc = wait_readable(fd, deadline, &err);
        if (rc == -1)
            return err;
        if (rc == 0) {
            *timed_out = true;
            break;
        }
        n = read(fd, r->m_output + r->m_output_len,
            cap - r->m_output_len - 1);
        if (n == -1 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        r->m_output_len += (size_t)n;
    }
    if (r->m_output != NULL)
        r->m_output[r->m_output_len] = '\0';
    return shmc_no_error();
}

static shmc_error_t
collect(pid_t pid, int fd, int timeout_ms, shmc_proc_result_t *r)
{
    long long deadline = now_ms() + timeout_ms;
    bool timed_out;
    shmc_error_t err;

    r->m_pid = pid;
    err = drain(fd, deadline, r, &timed_out);
    (void)close(fd);
    if (timed_out)
        (void)kill(pid, SIGKILL);
    if (wait_bounded(pid, timed_out ? now_ms() + 1000 : deadline,
        &r->m_status))
        timed_out = true;
    r->m_timed_out = timed_out;
    if (r->m_output == NULL) {
        r->m_output = calloc(1, 1);
        if (r->m_output == NULL && !shmc_is_error(err))
            err = shmc_error_nomem();
    }
    return err;
}

/* ---------------------------------------------------------------------
 * Free functions.
 * --------------------------------------------------------------------- */

void
shmc_proc_result_fini(shmc_proc_result_t *r)
{
    free(r->m_output);
    memset(r, 0, sizeof(*r));
}

bool
shmc_proc_exited_ok(const shmc_proc_result_t *r)
{
    return !r->m_timed_out && WIFEXITED(r->m_status) &&
        WEXITSTATUS(r->m_status) == 0;
}

/** The signal that ended the child, or 0. */
int
shmc_proc_signal(const shmc_proc_result_t *r)
{
    return !r->m_timed_out && WIFSIGNALED(r->m_status) ?
        WTERMSIG(r->m_status) : 0;
}

/** Forks a child that runs fn(arg, fd) and exits with its result. */
shmc_error_t
shmc_proc_fork(shmc_proc_fn_t fn, void *arg, int timeout_ms,
    shmc_proc_result_t *r)
{
    int fds[2];
    pid_t pid;

    memset(r, 0, sizeof(*r));
    if (pipe(fds) == -1)
        return shmc_error_libc(errno, "pipe");
    pid = fork();
    if (pid == -1) {
        (void)close(fds[0]);
        (void)close(fds[1]);
        return shmc_error_libc(errno, "fork");
    }
    if (pid == 0) {
        (void)close(fds[0]);
        _exit(fn(arg, fds[1]));
    }
    (void)close(fds[1]);
    return collect(pid, fds[0], timeout_ms, r);
}

/* How a verdict line starts: the kind of the child's error, or none. */
#define VERDICT_OK "ok"
#define VERDICT_SKIP "skip "
#define VERDICT_FAIL "fail "

typedef struct {
    shmc_proc_call_fn_t m_fn;
    void *m_arg;
} call_t;

/** In the child: runs the function and sends its verdict as the last
 * line, on one line whatever the message holds. */
static int
call_child(void *arg, int fd)
{
    const call_t *call = arg;
    shmc_error_t err;
    char line[500];

    err = call->m_fn(call->m_arg, fd);
    if (!shmc_is_error(err)) {
        (void)shmc_proc_send(fd, VERDICT_OK);
        return 0;
    }
    (void)snprintf(line, sizeof(line), "%s%s", shmc_error_is_skip(err) ?
        VERDICT_SKIP : VERDICT_FAIL, shmc_error_message(err));
    line[strcspn(line, "\n")] = '\0';
    (void)shmc_proc_send(fd, line);
    return 1;
}

/** The verdict of a child of shmc_proc_call, from its result. */
static shmc_error_t
call_verdict(shmc_proc_result_t *r, int timeout_ms, char *out, size_t size)
{
    char *verdict, *nl;

    if (r->m_timed_out)
        return shmc_error_new("the child did not end within %d ms and was "
            "killed", timeout_ms);
    if (shmc_proc_signal(r) != 0)
        return shmc_error_new("the child died of %s",
            shmc_signame(shmc_proc_signal(r)));
    /* The verdict is the last line; what comes before is the child's. */
    if (r->m_output_len > 0 && r->m_output[r->m_output_len - 1] == '\n')
        r->m_output[--r->m_output_len] = '\0';
    nl = strrchr(r->m_output, '\n');
    verdict = nl != NULL ? nl + 1 : r->m_output;
    if (out != NULL && size > 0)
        (void)snprintf(out, size, "%.*s", nl != NULL ?
            (int)(nl - r->m_output) : 0, r->m_output);
    if (strcmp(verdict, VERDICT_OK) == 0)
        return shmc_no_error();
    if (strncmp(verdict, VERDICT_SKIP, strlen(VERDICT_SKIP)) == 0)
        return shmc_error_skip("%s", verdict + strlen(VERDICT_SKIP));
    if (strncmp(verdict, VERDICT_FAIL, strlen(VERDICT_FAIL)) == 0)
        return shmc_error_new("%s", verdict + strlen(VERDICT_FAIL));
    return shmc_error_new("the child exited with status %d without a "
        "verdict", WIFEXITED(r->m_status) ? WEXITSTATUS(r->m_status) : -1);
}

shmc_error_t
shmc_proc_call(shmc_proc_call_fn_t fn, void *arg, int timeout_ms, char *out,
    size_t size)
{
    shmc_proc_result_t r;
    shmc_error_t err;
    call_t call;

    if (out != NULL && size > 0)
        out[0] = '\0';
    call.m_fn = fn;
    call.m_arg = arg;
    err = shmc_proc_fork(call_child, &call, timeout_ms, &r);
    if (shmc_is_error(err))
        return err;
    err = call_verdict(&r, timeout_ms, out, size);
    shmc_proc_result_fini(&r);
    return err;
}

/** Runs an unrelated program (argv[0] is its path) with posix_spawn; its
 * standard output is captured.  Descriptors without FD_CLOEXEC, such as a
 * socket meant for the program, are inherited. */
shmc_error_t
shmc_proc_spawn(char *const argv[], int timeout_ms, shmc_proc_result_t *r)
{
    posix_spawn_file_actions_t fa;
    int fds[2], rc;
    pid_t pid;

    memset(r, 0, sizeof(*r));
    if (pipe(fds) == -1)
        return shmc_error_libc(errno, "pipe");
    (void)fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    (void)close(fds[1]);
    if (rc != 0) {
        (void)close(fds[0]);
        return shmc_error_libc(rc, "Cannot spawn %s", argv[0]);
    }
    return collect(pid, fds[0], timeout_ms, r);
}

/** Waits for a child of the caller's own making within timeout_ms, killing
 * it at the deadline.  Returns false when it had to be killed. */
bool
shmc_proc_reap(pid_t pid, int timeout_ms, int *status)
{
    int dummy;

    return !wait_bounded(pid, now_ms() + timeout_ms,
        status != NULL ? status : &dummy);
}

/** Sends one line (msg plus a newline) down a pipe or socket. */
shmc_error_t
shmc_proc_send(int fd, const char *msg)
{
    char buf[512];
    size_t len;
    ssize_t n;

    len = strlen(msg);
    if (len + 1 > sizeof(buf))
        return shmc_error_new("message too long");
    memcpy(buf, msg, len);
    buf[len++] = '\n';
    do
        n = write(fd, buf, len);
    while (n == -1 && errno == EINTR);
    if (n != (ssize_t)len)
        return shmc_error_libc(n == -1 ? errno : EIO, "Cannot send '%s'",
            msg);
    return shmc_no_error();
}

/** Receives one line, without its newline, within timeout_ms.  Reads a
 * byte at a time so that nothing after the line is consumed. */
shmc_error_t
shmc_proc_recv(int fd, char *buf, size_t size, int timeout_ms)
{
    long long deadline = now_ms() + timeout_ms;
    shmc_error_t err = shmc_no_error();
    size_t len = 0;
    ssize_t n;
    int rc;

    while (len + 1 < size) {
        rc = wait_readable(fd, deadline, &err);
        if (rc == -1)
            return err;
        if (rc == 0)
            return shmc_error_libc(ETIMEDOUT, "No message within %d ms",
                timeout_ms);
        n = read(fd, buf + len, 1);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            return shmc_error_libc(errno, "read");
        if (n == 0)
            return shmc_error_new("The other side closed before sending");
        if (buf[len] == '\n')
            break;
        len++;
    }
    buf[len] = '\0';
    return shmc_no_error();
}

/** Prepares a child that is expected to die of a memory-access signal: no
 * core dump, and the default action for SIGBUS and SIGSEGV, so that a
 * handler installed by a test framework or a sanitizer cannot turn the
 * signal into an ordinary exit. */
void
shmc_proc_expect_signal(void)
{
    struct rlimit rl;
    struct sigaction sa;

    rl.rlim_cur = 0;
    rl.rlim_max = 0;
    (void)setrlimit(RLIMIT_CORE, &rl);
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    (void)sigaction(SIGBUS, &sa, NULL);
    (void)sigaction(SIGSEGV, &sa, NULL);
}
