/* SPDX-License-Identifier: BSD-2-Clause */

/** The benchmark's second process and the byte channels to it. */

#if !defined(SHMC_BENCH_PEER_H)
#define SHMC_BENCH_PEER_H

#include <sys/types.h>

#include <stddef.h>

#include "lib/error.h"

/* A child lives at most this long; it is killed when it outlives it. */
#define SHMC_BENCH_CHILD_SECONDS 30

/** Forks a child that runs fn(arg) under SHMC_BENCH_CHILD_SECONDS of
 * deadline and exits with its result. */
shmc_error_t shmc_bench_peer_start(int (*fn)(void *arg), void *arg,
    pid_t *pid);

/** Waits (bounded) for the child to exit, killing it at the deadline; an
 * error when it did not exit with status 0. */
shmc_error_t shmc_bench_peer_finish(pid_t pid);

/** Writes all n bytes, or fails (EINTR included: the watchdog fired). */
shmc_error_t shmc_bench_write_all(int fd, const void *buf, size_t n);

/** Reads exactly n bytes; end of file before them is an error. */
shmc_error_t shmc_bench_read_all(int fd, void *buf, size_t n);

#endif /* !defined(SHMC_BENCH_PEER_H) */
