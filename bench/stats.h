/* SPDX-License-Identifier: BSD-2-Clause */

/** Order statistics of a set of samples.
 *
 * Benchmarks report the median and the spread of repeated samples, never
 * a mean: a loaded machine adds a long tail that a mean would hide in the
 * middle of the figure. */

#if !defined(SHMC_BENCH_STATS_H)
#define SHMC_BENCH_STATS_H

#include <stddef.h>

#include "lib/error.h"

typedef struct {
    size_t m_n;
    double m_min;
    double m_p25;
    double m_median;
    double m_p75;
    double m_p99;
    double m_max;
} shmc_bench_stats_t;

/** Returns the p-th quantile (0 <= p <= 1) of n sorted samples, linearly
 * interpolated between the two nearest ranks; n must not be zero. */
double shmc_bench_quantile(const double *sorted, size_t n, double p);

/** Sorts the n samples in place and fills stats; an error when n is 0. */
shmc_error_t shmc_bench_stats(double *samples, size_t n,
    shmc_bench_stats_t *stats);

/** The spread of stats relative to its median: (p75 - p25) / median. */
double shmc_bench_stats_rel_iqr(const shmc_bench_stats_t *stats);

#endif /* !defined(SHMC_BENCH_STATS_H) */
