/* SPDX-License-Identifier: BSD-2-Clause */

/* Each thread takes the next job not yet taken, so the large jobs given
 * first are spread over the threads and the small ones fill in. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "report/parallel.h"

#include <stdlib.h>
#include <unistd.h>

#if defined(HAVE_PTHREAD)
#   include <pthread.h>
#endif

#define MAX_THREADS 8

size_t
shmc_parallel_threads(void)
{
#if defined(HAVE_PTHREAD)
#   if defined(HAVE_DECL__SC_NPROCESSORS_ONLN) && \
    HAVE_DECL__SC_NPROCESSORS_ONLN
    long online = sysconf(_SC_NPROCESSORS_ONLN);

    if (online > MAX_THREADS)
        return MAX_THREADS;
    /* Unknown: one worker still overlaps loading with adding. */
    return online >= 1 ? (size_t)online : 1;
#   else
    return 1;
#   endif
#else
    return 0;
#endif
}

/** Every job, in turn, in the calling thread. */
static void
in_turn(const shmc_parallel_job_t *jobs, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        jobs[i].m_fn(jobs[i].m_arg);
}

#if defined(HAVE_PTHREAD)

typedef struct {
    const shmc_parallel_job_t *m_jobs;
    size_t m_n;
    size_t m_next;              /* The first job not taken. */
    pthread_mutex_t m_lock;
} pool_t;

/** Runs jobs until none is left to take. */
static void *
take_jobs(void *arg)
{
    pool_t *p = arg;
    size_t i;

    for (;;) {
        (void)pthread_mutex_lock(&p->m_lock);
        i = p->m_next < p->m_n ? p->m_next++ : p->m_n;
        (void)pthread_mutex_unlock(&p->m_lock);
        if (i == p->m_n)
            return NULL;
        p->m_jobs[i].m_fn(p->m_jobs[i].m_arg);
    }
}

void
shmc_parallel_run(const shmc_parallel_job_t *jobs, size_t n, size_t threads)
{
    pool_t p = { .m_jobs = jobs, .m_n = n };
    pthread_t *tids;
    size_t started = 0, i;

    if (threads > n)
        threads = n;
    if (threads < 2 || pthread_mutex_init(&p.m_lock, NULL) != 0) {
        in_turn(jobs, n);
        return;
    }
    tids = calloc(threads - 1, sizeof(*tids));
    while (tids != NULL && started < threads - 1 &&
        pthread_create(&tids[started], NULL, take_jobs, &p) == 0)
        started++;
    (void)take_jobs(&p);
    for (i = 0; i < started; i++)
        (void)pthread_join(tids[i], NULL);
    free(tids);
    (void)pthread_mutex_destroy(&p.m_lock);
}

#else /* !defined(HAVE_PTHREAD) */

void
shmc_parallel_run(const shmc_parallel_job_t *jobs, size_t n, size_t threads)
{
    (void)threads;
    in_turn(jobs, n);
}

#endif /* defined(HAVE_PTHREAD) */
