/* SPDX-License-Identifier: BSD-2-Clause */

/** First touch and sync: what a fresh page costs, and what writing a dirty
 * region back costs, on each kind of memory. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/types.h>
#include <sys/mman.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/clock.h"
#include "bench/measure.h"

/* One fresh region: the time to write one byte into each of its pages. */
static shmc_error_t
touch_once(shmc_bench_kind_t kind, bool huge, size_t bytes, double *ns,
    size_t *page_size, uint64_t *pages)
{
    shmc_bench_region_t r;
    volatile unsigned char *p;
    uint64_t t0, t1;
    size_t off;
    shmc_error_t err;

    err = shmc_bench_region_create(kind, bytes, huge, &r);
    if (shmc_is_error(err))
        return err;
    p = r.m_addr;
    t0 = shmc_bench_now_ns();
    for (off = 0; off < r.m_size; off += r.m_page_size)
        p[off] = 1;
    t1 = shmc_bench_now_ns();
    *page_size = r.m_page_size;
    *pages = r.m_size / r.m_page_size;
    *ns = (double)(t1 - t0) / (double)*pages;
    shmc_bench_region_destroy(&r);
    return shmc_no_error();
}

void
shmc_bench_first_touch(shmc_bench_kind_t kind, bool huge,
    const shmc_bench_params_t *params, shmc_bench_result_t *result)
{
    double *samples, warm;
    size_t i, n = params->m_touch_samples;
    uint64_t pages = 0;
    shmc_error_t err;

    memset(result, 0, sizeof(*result));
    samples = calloc(n, sizeof(*samples));
    if (samples == NULL) {
        shmc_bench_skip(result, shmc_error_nomem());
        return;
    }
    /* The warm-up object brings the code and the kernel's paths in. */
    err = touch_once(kind, huge, params->m_touch_bytes, &warm,
        &result->m_page_size, &pages);
    for (i = 0; i < n && !shmc_is_error(err); i++)
        err = touch_once(kind, huge, params->m_touch_bytes, &samples[i],
            &result->m_page_size, &pages);
    if (shmc_is_error(err))
        shmc_bench_skip(result, err);
    else {
        result->m_warmup = 1;
        result->m_per_sample = pages;
        shmc_bench_summarise(result, samples, n);
    }
    free(samples);
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
