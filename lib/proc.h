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

typedef struct {
    pid_t m_pid;
    int m_status;               /* As waitpid(2) reports it. */
    bool m_timed_out;           /* Killed at the deadline. */
    char *m_output;             /* What it wrote to its pipe; NUL-ended. */
    size_t m_output_len;
} shmc_proc_result_t;

/** The function a forked child runs; it writes its findings to fd and its
 * return value becomes the child's exit status. */
typedef int (*shmc_proc_fn_t)(void *, int);

void shmc_proc_result_fini(shmc_proc_result_t *);
bool shmc_proc_exited_ok(const shmc_proc_result_t *);
int shmc_proc_signal(const shmc_proc_result_t *);

shmc_error_t shmc_proc_fork(shmc_proc_fn_t, void *, int,
    shmc_proc_result_t *);
shmc_error_t shmc_proc_spawn(char *const [], int, shmc_proc_result_t *);

bool shmc_proc_reap(pid_t, int, int *);
shmc_error_t shmc_proc_send(int, const char *);
shmc_error_t shmc_proc_recv(int, char *, size_t, int);
void shmc_proc_expect_signal(void);

#endif /* !defined(SHMC_LIB_PROC_H) */
