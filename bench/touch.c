/* SPDX-License-Identifier: BSD-2-Clause */

/** First touch and sync: what a fresh page costs, and what writing a dirty
 * region back costs, on each kind of memory. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/types.h>
#include <sys/mman.h>
#if defined(HAVE_STRUCT_RUSAGE_RU_MINFLT)
#   include <sys/resource.h>
#endif

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/clock.h"
#include "bench/measure.h"

/* Page faults this process has taken so far; -1 where the system does not
 * count them. */
static int64_t
faults_so_far(void)
{
#if defined(HAVE_STRUCT_RUSAGE_RU_MINFLT)
    struct rusage ru;

    if (getrusage(RUSAGE_SELF, &ru) == 0)
        return (int64_t)ru.ru_minflt + (int64_t)ru.ru_majflt;
#endif
    return -1;
}

/* Transparent huge pages are given only where an object holds a whole,
 * aligned one: objects for them are at least this large. */
#define TRANSPARENT_MIN ((size_t)4 << 20)

/* How the pages of a first-touch object are asked for. */
typedef enum {
    TOUCH_BASE,                 /* The system's pages. */
    TOUCH_HUGETLB,              /* Reserved huge pages (MAP_HUGETLB...). */
    TOUCH_TRANSPARENT           /* madvise(MADV_HUGEPAGE) on base pages. */
} touch_mode_t;

typedef struct {
    double m_ns;                /* Per page. */
    size_t m_page_size;
    uint64_t m_pages;
    int64_t m_faults;           /* -1: not counted. */
} touch_sample_t;

/* Asks for transparent huge pages for the whole region. */
static shmc_error_t
advise_huge(shmc_bench_region_t *r)
{
#if HAVE_DECL_MADV_HUGEPAGE
    if (madvise(r->m_addr, r->m_size, MADV_HUGEPAGE) == -1)
        return shmc_error_libc(errno, "madvise(MADV_HUGEPAGE)");
    return shmc_no_error();
#else
    (void)r;
    return shmc_error_new("configure found no MADV_HUGEPAGE");
#endif
}

/* One fresh region: the time to write one byte into each of its pages,
 * and the faults that took. */
static shmc_error_t
touch_once(shmc_bench_kind_t kind, touch_mode_t mode, size_t bytes,
    touch_sample_t *sample)
{
    shmc_bench_region_t r;
    volatile unsigned char *p;
    uint64_t t0, t1;
    int64_t f0, f1;
    size_t off;
    shmc_error_t err;

    err = shmc_bench_region_create(kind, bytes, mode == TOUCH_HUGETLB, &r);
    if (!shmc_is_error(err) && mode == TOUCH_TRANSPARENT)
        err = advise_huge(&r);
    if (shmc_is_error(err)) {
        shmc_bench_region_destroy(&r);
        return err;
    }
    p = r.m_addr;
    f0 = faults_so_far();
    t0 = shmc_bench_now_ns();
    for (off = 0; off < r.m_size; off += r.m_page_size)
        p[off] = 1;
    t1 = shmc_bench_now_ns();
    f1 = faults_so_far();
    sample->m_page_size = r.m_page_size;
    sample->m_pages = r.m_size / r.m_page_size;
    sample->m_ns = (double)(t1 - t0) / (double)sample->m_pages;
    sample->m_faults = f0 >= 0 && f1 >= f0 ? f1 - f0 : -1;
    shmc_bench_region_destroy(&r);
    return shmc_no_error();
}

/* Transparent huge pages are a request the kernel may ignore: as many
 * faults as base pages (or no count of them) says it did. */
static shmc_error_t
transparent_refused(double faults, uint64_t pages)
{
    if (faults < 0.0)
        return shmc_error_new("madvise(MADV_HUGEPAGE) succeeded, but this "
            "system counts no page faults to tell whether huge pages were "
            "given");
    if (faults * 2.0 > (double)pages)
        return shmc_error_new("madvise(MADV_HUGEPAGE) succeeded, but writing "
            "%llu pages took %.0f page faults: the kernel gave no "
            "transparent huge pages", (unsigned long long)pages, faults);
    return shmc_no_error();
}

static void
first_touch(shmc_bench_kind_t kind, touch_mode_t mode,
    const shmc_bench_params_t *params, shmc_bench_result_t *result)
{
    double *samples, *faults;
    size_t i, n = params->m_touch_samples, bytes = params->m_touch_bytes;
    touch_sample_t s;
    shmc_bench_stats_t f;
    bool counted = true;
    shmc_error_t err;

    memset(result, 0, sizeof(*result));
    memset(&s, 0, sizeof(s));
    samples = calloc(n, sizeof(*samples));
    faults = calloc(n, sizeof(*faults));
    if (samples == NULL || faults == NULL) {
        free(samples);
        free(faults);
        shmc_bench_skip(result, shmc_error_nomem());
        return;
    }
    if (mode == TOUCH_TRANSPARENT && bytes < TRANSPARENT_MIN)
        bytes = TRANSPARENT_MIN;
    /* The warm-up object brings the code and the kernel's paths in, and
     * says already whether transparent huge pages are given at all. */
    err = touch_once(kind, mode, bytes, &s);
    if (!shmc_is_error(err) && mode == TOUCH_TRANSPARENT)
        err = transparent_refused((double)s.m_faults, s.m_pages);
    for (i = 0; i < n && !shmc_is_error(err); i++) {
        err = touch_once(kind, mode, bytes, &s);
        samples[i] = s.m_ns;
        faults[i] = (double)s.m_faults;
        counted = counted && s.m_faults >= 0;
    }
    result->m_faults = -1.0;
    if (!shmc_is_error(err) && counted &&
        !shmc_is_error(shmc_bench_stats(faults, n, &f)))
        result->m_faults = f.m_median;
    if (!shmc_is_error(err) && mode == TOUCH_TRANSPARENT)
        err = transparent_refused(result->m_faults, s.m_pages);
    if (shmc_is_error(err))
        shmc_bench_skip(result, err);
    else {
        result->m_warmup = 1;
        result->m_per_sample = s.m_pages;
        result->m_page_size = s.m_page_size;
        shmc_bench_summarise(result, samples, n);
    }
    free(samples);
    free(faults);
}

void
shmc_bench_first_touch(shmc_bench_kind_t kind, bool huge,
    const shmc_bench_params_t *params, shmc_bench_result_t *result)
{
    first_touch(kind, huge ? TOUCH_HUGETLB : TOUCH_BASE, params, result);
}

void
shmc_bench_first_touch_transparent(shmc_bench_kind_t kind,
    const shmc_bench_params_t *params, shmc_bench_result_t *result)
{
#if HAVE_DECL_MADV_HUGEPAGE
    first_touch(kind, TOUCH_TRANSPARENT, params, result);
#else
    (void)kind;
    (void)params;
    memset(result, 0, sizeof(*result));
    shmc_bench_skip(result, shmc_error_new("configure found no "
        "MADV_HUGEPAGE"));
#endif
}

/* Dirties every byte of the region, then times msync or fsync. */
static shmc_error_t
sync_once(shmc_bench_region_t *r, bool use_fsync, int fill, double *ns)
{
    uint64_t t0, t1;

    memset(r->m_addr, fill, r->m_size);
    t0 = shmc_bench_now_ns();
    if (use_fsync) {
        if (fsync(r->m_fd) == -1)
            return shmc_error_libc(errno, "fsync");
    } else if (msync(r->m_addr, r->m_size, MS_SYNC) == -1)
        return shmc_error_libc(errno, "msync(MS_SYNC)");
    t1 = shmc_bench_now_ns();
    *ns = (double)(t1 - t0) * (double)(1 << 20) / (double)r->m_size;
    return shmc_no_error();
}

void
shmc_bench_sync(shmc_bench_kind_t kind, bool use_fsync,
    const shmc_bench_params_t *params, shmc_bench_result_t *result)
{
    shmc_bench_region_t r;
    double *samples, warm;
    size_t n = 0;
    uint64_t start;
    shmc_error_t err;

    memset(result, 0, sizeof(*result));
    samples = calloc(params->m_sync_samples, sizeof(*samples));
    if (samples == NULL) {
        shmc_bench_skip(result, shmc_error_nomem());
        return;
    }
    err = shmc_bench_region_create(kind, params->m_sync_bytes, false, &r);
    if (shmc_is_error(err)) {
        shmc_bench_skip(result, err);
        free(samples);
        return;
    }
    /* The warm-up allocates the file's blocks: later samples rewrite them,
     * as a program that syncs the same region again and again does. */
    start = shmc_bench_now_ns();
    err = sync_once(&r, use_fsync, 0x5a, &warm);
    while (!shmc_is_error(err) && n < params->m_sync_samples) {
        err = sync_once(&r, use_fsync, (int)n & 0xff, &samples[n]);
        if (!shmc_is_error(err))
            n++;
        if (shmc_bench_now_ns() - start > params->m_sync_budget_ns)
            break;
    }
    shmc_bench_region_destroy(&r);
    if (shmc_is_error(err))
        shmc_bench_skip(result, err);
    else {
        result->m_warmup = 1;
        result->m_per_sample = params->m_sync_bytes;
        shmc_bench_summarise(result, samples, n);
    }
    free(samples);
}
