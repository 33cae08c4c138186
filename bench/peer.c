/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "bench/peer.h"

#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "bench/clock.h"
#include "lib/errname.h"
#include "lib/proc.h"

shmc_error_t
shmc_bench_peer_start(int (*fn)(void *), void *arg, pid_t *pid)
{
    pid_t p;

    (void)fflush(NULL);
    p = fork();
    if (p == -1)
        return shmc_error_libc(errno, "fork");
    if (p == 0) {
        shmc_bench_child_deadline(SHMC_BENCH_CHILD_SECONDS);
        _exit(fn(arg));
    }
    *pid = p;
    return shmc_no_error();
}

shmc_error_t
shmc_bench_peer_finish(pid_t pid)
{
    int status = 0;

    shmc_bench_watchdog(0);
    if (!shmc_proc_reap(pid, 5000, &status))
        return shmc_error_new("The benchmark's child did not exit in time "
            "and was killed");
    if (WIFSIGNALED(status))
        return shmc_error_new("The benchmark's child died of %s",
            shmc_signame(WTERMSIG(status)));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return shmc_error_new("The benchmark's child failed (exit %d)",
            WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return shmc_no_error();
}

shmc_error_t
shmc_bench_write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    ssize_t done;

    while (n > 0) {
        done = write(fd, p, n);
        if (done == -1)
            return shmc_error_libc(errno, errno == EINTR ?
                "write timed out" : "write");
        p += done;
        n -= (size_t)done;
    }
    return shmc_no_error();
}

shmc_error_t
shmc_bench_read_all(int fd, void *buf, size_t n)
{
    char *p = buf;
    ssize_t done;

    while (n > 0) {
        done = read(fd, p, n);
        if (done == -1)
            return shmc_error_libc(errno, errno == EINTR ?
                "read timed out" : "read");
        if (done == 0)
            return shmc_error_new("The other end closed the channel");
        p += done;
        n -= (size_t)done;
    }
    return shmc_no_error();
}
