/* SPDX-License-Identifier: BSD-2-Clause */

/** Child processes with bounded waits.
 *
 * Tests meet their children through pipes and sockets, never through
 * sleeps, and every wait has a deadline: a child that outlives it is
 * killed and the wait reports a timeout. */

#if !defined(SHMC_LIB_PROC_H)
#define SHMC_LIB_PROC_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"

/* The default deadline for one child, in milliseconds. */
#define SHMC_PROC_TIMEOUT_MS 10000

/** What a child did, as shmc_proc_fork and shmc_proc_spawn report it;
 * shmc_proc_result_fini frees it. */
typedef struct {
    pid_t m_pid;
    int m_status;               /* As waitpid(2) reports it. */
    bool m_timed_out;           /* Killed at the deadline. */
    char *m_output;             /* What it wrote to its pipe; NUL-ended. */
    size_t m_output_len;
} shmc_proc_result_t;

/** The function a forked child runs; it writes its findings to fd and its
 * return value becomes the child's exit status. */
typedef int (*shmc_proc_fn_t)(void *arg, int fd);

/** The function shmc_proc_call runs in a child: what it finds goes down
 * fd as lines (shmc_proc_send), and its error, if any, is its verdict. */
typedef shmc_error_t (*shmc_proc_call_fn_t)(void *arg, int fd);

/** Frees what r holds and zeroes it. */
void shmc_proc_result_fini(shmc_proc_result_t *r);
/** Whether the child exited with status 0 before its deadline. */
bool shmc_proc_exited_ok(const shmc_proc_result_t *r);
/** The signal that ended the child, or 0. */
int shmc_proc_signal(const shmc_proc_result_t *r);

/** Forks a child that runs fn(arg, fd) and exits with its result; waits
 * at most timeout_ms for it and fills r, which the caller finalizes. */
shmc_error_t shmc_proc_fork(shmc_proc_fn_t fn, void *arg, int timeout_ms,
    shmc_proc_result_t *r);
/** Runs fn(arg, fd) in a forked child within timeout_ms and returns its
 * verdict, sent up the pipe: no error, or fn's error with its message (a
 * skip stays a skip); an error too when the child timed out, died of a
 * signal or ended without a verdict.  The lines fn sent before its
 * verdict, without the last newline, go to out (size bytes; out may be
 * NULL). */
shmc_error_t shmc_proc_call(shmc_proc_call_fn_t fn, void *arg,
    int timeout_ms, char *out, size_t size);
/** Runs the program argv[0] with argv, its standard output captured in r
 * (which the caller finalizes), within timeout_ms. */
shmc_error_t shmc_proc_spawn(char *const argv[], int timeout_ms,
    shmc_proc_result_t *r);

/** Waits at most timeout_ms for the caller's own child pid, killing it at
 * the deadline; its status goes to *status (status may be NULL).  False
 * when it had to be killed. */
bool shmc_proc_reap(pid_t pid, int timeout_ms, int *status);
/** Sends msg and a newline down the pipe or socket fd. */
shmc_error_t shmc_proc_send(int fd, const char *msg);
/** Receives one line from fd into buf (size bytes, without the newline)
 * within timeout_ms. */
shmc_error_t shmc_proc_recv(int fd, char *buf, size_t size, int timeout_ms);
/** Makes the calling child die of SIGBUS or SIGSEGV, without a core,
 * whatever handlers a framework or sanitizer installed. */
void shmc_proc_expect_signal(void);

#endif /* !defined(SHMC_LIB_PROC_H) */
