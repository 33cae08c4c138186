/* SPDX-License-Identifier: BSD-2-Clause */

/* Reading, parsing and checking a report costs three to four times what
 * adding it to the model does, and reports are independent: workers load
 * the next ones into a ring of slots, the caller's thread takes them in
 * order.  Worker w of T loads reports w, w + T, w + 2T, ... into slots
 * that are its own (the ring is a multiple of T long), and frees the tree
 * the caller is done with when it reuses the slot: freeing leaves the
 * caller's thread too, and a tree freed by the thread that built it costs
 * less than one freed by another (measured: a fifth of the workers'
 * time; allocators keep memory per thread).  json-c keeps no
 * state between separate trees but its string hash's seed, which the
 * first object with a member sets (atomically): the schemas, parsed here
 * before any worker starts, set it, as they set up the schema checker. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "report/readahead.h"

#include <sys/stat.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#if defined(HAVE_PTHREAD)
#   include <pthread.h>
#endif

#include "report/build.h"
#include "report/schema.h"

/** Each report in turn in the calling thread. */
static shmc_error_t
each_in_turn(const char *const *paths, size_t n, shmc_readahead_fn_t fn,
    void *arg)
{
    shmc_json_buffer_t buf = { NULL, 0 };
    shmc_json_t *report;
    shmc_error_t err = shmc_no_error();
    size_t i;

    for (i = 0; i < n && !shmc_is_error(err); i++) {
        err = shmc_report_load_buffered(paths[i], &buf, &report);
        if (!shmc_is_error(err))
            err = fn(arg, i, report);
        shmc_json_free(report);
    }
    shmc_json_buffer_free(&buf);
    return err;
}

/** Whether every path names a regular file: what else (a pipe, a
 * terminal) may read differently when read out of turn, so then every
 * report is read in turn. */
static bool
all_regular(const char *const *paths, size_t n)
{
    struct stat sb;
    size_t i;

    for (i = 0; i < n; i++)
        if (stat(paths[i], &sb) != 0 || !S_ISREG(sb.st_mode))
            return false;
    return true;
}

#if defined(HAVE_PTHREAD)

/* Loaded reports held per worker: one the caller adds or is done with,
 * one ready, one loading. */
#define SLOTS_PER_THREAD 3

typedef struct {
    size_t m_index;             /* The report it holds or is loading;
                                   SIZE_MAX before the first. */
    bool m_ready;               /* Loaded (m_report or m_err is set). */
    shmc_json_t *m_report;      /* Once taken, left for a worker to
                                   free. */
    shmc_error_t m_err;
} slot_t;

typedef struct {
    const char *const *m_paths;
    size_t m_n;
    size_t m_threads;
    pthread_mutex_t m_lock;
    pthread_cond_t m_loaded;    /* A slot became ready. */
    pthread_cond_t m_room;      /* A report was taken, or m_stop. */
    slot_t *m_slots;
    size_t m_nslots;            /* A multiple of m_threads. */
    size_t m_started;           /* Workers started (each one's number). */
    size_t m_taken;             /* How many the caller took. */
    bool m_stop;
} ahead_t;

static void *
worker(void *arg)
{
    ahead_t *a = arg;
    shmc_json_buffer_t buf = { NULL, 0 };
    shmc_json_t *done, *report;
    shmc_error_t err;
    slot_t *s;
    size_t i;

    (void)pthread_mutex_lock(&a->m_lock);
    i = a->m_started++;
    for (;;) {
        /* At most m_nslots reports ahead of the caller. */
        while (!a->m_stop && i < a->m_n && i >= a->m_taken + a->m_nslots)
            (void)pthread_cond_wait(&a->m_room, &a->m_lock);
        if (a->m_stop || i >= a->m_n)
            break;
        s = &a->m_slots[i % a->m_nslots];
        /* The slot's last report, m_nslots before, was taken. */
        done = s->m_report;
        s->m_report = NULL;
        s->m_index = i;
        s->m_ready = false;
        (void)pthread_mutex_unlock(&a->m_lock);
        shmc_json_free(done);
        err = shmc_report_load_buffered(a->m_paths[i], &buf, &report);
        (void)pthread_mutex_lock(&a->m_lock);
        s->m_report = report;
        s->m_err = err;
        s->m_ready = true;
        (void)pthread_cond_signal(&a->m_loaded);
        i += a->m_threads;
    }
    (void)pthread_mutex_unlock(&a->m_lock);
    shmc_json_buffer_free(&buf);
    return NULL;
}

/** Takes the reports in order from the workers; false when no worker
 * could be started (nothing was taken then). */
static bool
each_ahead(ahead_t *a, size_t threads, shmc_readahead_fn_t fn, void *arg,
    shmc_error_t *out)
{
    pthread_t *tids = calloc(threads, sizeof(*tids));
    shmc_error_t err = shmc_no_error();
    size_t started = 0, i;
    slot_t *s;

    if (tids == NULL)
        return false;
    /* The workers wait for the lock until it is known how many started:
     * they take every started-th report. */
    (void)pthread_mutex_lock(&a->m_lock);
    while (started < threads &&
        pthread_create(&tids[started], NULL, worker, a) == 0)
        started++;
    a->m_threads = started;
    a->m_nslots = SLOTS_PER_THREAD * started;
    (void)pthread_mutex_unlock(&a->m_lock);
    if (started == 0) {
        free(tids);
        return false;
    }
    for (i = 0; i < a->m_n && !shmc_is_error(err); i++) {
        s = &a->m_slots[i % a->m_nslots];
        (void)pthread_mutex_lock(&a->m_lock);
        while (s->m_index != i || !s->m_ready)
            (void)pthread_cond_wait(&a->m_loaded, &a->m_lock);
        err = s->m_err;
        s->m_err = shmc_no_error();
        (void)pthread_mutex_unlock(&a->m_lock);
        if (!shmc_is_error(err))
            err = fn(arg, i, s->m_report);
        (void)pthread_mutex_lock(&a->m_lock);
        a->m_taken++;
        (void)pthread_cond_broadcast(&a->m_room);
        (void)pthread_mutex_unlock(&a->m_lock);
    }
    (void)pthread_mutex_lock(&a->m_lock);
    a->m_stop = true;
    (void)pthread_cond_broadcast(&a->m_room);
    (void)pthread_mutex_unlock(&a->m_lock);
    /* A worker stops once the report it is loading is loaded. */
    for (i = 0; i < started; i++)
        (void)pthread_join(tids[i], NULL);
    free(tids);
    *out = err;
    return true;
}

/** Each report loaded by `threads` workers, taken in order; false when
 * they could not be set up (nothing was taken then). */
static bool
each_threaded(const char *const *paths, size_t n, size_t threads,
    shmc_readahead_fn_t fn, void *arg, shmc_error_t *out)
{
    ahead_t a = { .m_paths = paths, .m_n = n };
    bool ran = false;
    size_t i;

    a.m_nslots = SLOTS_PER_THREAD * threads;
    a.m_slots = calloc(a.m_nslots, sizeof(*a.m_slots));
    if (a.m_slots == NULL)
        return false;
    for (i = 0; i < a.m_nslots; i++)
        a.m_slots[i].m_index = SIZE_MAX;
    if (pthread_mutex_init(&a.m_lock, NULL) != 0) {
        free(a.m_slots);
        return false;
    }
    if (pthread_cond_init(&a.m_loaded, NULL) == 0) {
        if (pthread_cond_init(&a.m_room, NULL) == 0) {
            ran = each_ahead(&a, threads, fn, arg, out);
            (void)pthread_cond_destroy(&a.m_room);
        }
        (void)pthread_cond_destroy(&a.m_loaded);
    }
    (void)pthread_mutex_destroy(&a.m_lock);
    /* What the workers loaded past the end or past an error. */
    for (i = 0; i < SLOTS_PER_THREAD * threads; i++) {
        shmc_json_free(a.m_slots[i].m_report);
        shmc_error_free(a.m_slots[i].m_err);
    }
    free(a.m_slots);
    return ran;
}

#endif /* defined(HAVE_PTHREAD) */

shmc_error_t
shmc_readahead_each(const char *const *paths, size_t n, size_t threads,
    shmc_readahead_fn_t fn, void *arg)
{
    shmc_error_t err;

    if (threads > n)
        threads = n;
    if (threads == 0 || n < 2 || !all_regular(paths, n))
        return each_in_turn(paths, n, fn, arg);
    /* Set up what the first use sets up once; if that fails, reading in
     * turn meets the same error at the same report. */
    err = shmc_schema_compile(SHMC_SCHEMA_REPORT);
    if (shmc_is_error(err)) {
        shmc_error_free(err);
        return each_in_turn(paths, n, fn, arg);
    }
#if defined(HAVE_PTHREAD)
    if (each_threaded(paths, n, threads, fn, arg, &err))
        return err;
#endif
    return each_in_turn(paths, n, fn, arg);
}
