/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "bench/stats.h"

#include <stdlib.h>

static int
compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

double
shmc_bench_quantile(const double *sorted, size_t n, double p)
{
    double pos, frac;
    size_t lo;

    if (p <= 0.0 || n == 1)
        return sorted[0];
    if (p >= 1.0)
        return sorted[n - 1];
    pos = p * (double)(n - 1);
    lo = (size_t)pos;
    frac = pos - (double)lo;
    if (lo + 1 >= n)
        return sorted[n - 1];
    return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

shmc_error_t
shmc_bench_stats(double *samples, size_t n, shmc_bench_stats_t *stats)
{
    if (n == 0)
        return shmc_error_new("No samples to summarise");
    qsort(samples, n, sizeof(*samples), compare_doubles);
    stats->m_n = n;
    stats->m_min = samples[0];
    stats->m_p25 = shmc_bench_quantile(samples, n, 0.25);
    stats->m_median = shmc_bench_quantile(samples, n, 0.5);
    stats->m_p75 = shmc_bench_quantile(samples, n, 0.75);
    stats->m_p99 = shmc_bench_quantile(samples, n, 0.99);
    stats->m_max = samples[n - 1];
    return shmc_no_error();
}

double
shmc_bench_stats_rel_iqr(const shmc_bench_stats_t *stats)
{
    if (stats->m_median == 0.0)
        return 0.0;
    return (stats->m_p75 - stats->m_p25) / stats->m_median;
}
