/* SPDX-License-Identifier: BSD-2-Clause */

/** Independent jobs run side by side: merge's output files, each written
 * from the finished model, which no writer changes. */

#if !defined(SHMC_REPORT_PARALLEL_H)
#define SHMC_REPORT_PARALLEL_H

#include <stddef.h>

/** One job: fn(arg). */
typedef struct {
    void (*m_fn)(void *arg);
    void *m_arg;
} shmc_parallel_job_t;

/** The number of threads worth starting here: the processors online, at
 * most 8 (beyond that, merge's one thread adding reports in order is what
 * everything waits for); 1 when the count is unknown; 0 where threads are
 * not available. */
size_t shmc_parallel_threads(void);

/** Runs each of the n jobs once, taken in the order given by the calling
 * thread and up to threads - 1 others, and returns when all have run.
 * Where no other thread can be started (or threads < 2) the caller runs
 * them all, in turn.  Jobs must not depend on one another. */
void shmc_parallel_run(const shmc_parallel_job_t *jobs, size_t n,
    size_t threads);

#endif /* !defined(SHMC_REPORT_PARALLEL_H) */
