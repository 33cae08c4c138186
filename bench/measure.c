/* SPDX-License-Identifier: BSD-2-Clause */

/** What every measurement shares: results, skipped or summarised. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "bench/measure.h"

#include <stdio.h>

void
shmc_bench_skip(shmc_bench_result_t *result, shmc_error_t err)
{
    result->m_measured = false;
    (void)snprintf(result->m_reason, sizeof(result->m_reason), "%s",
        shmc_error_message(err));
    shmc_error_free(err);
}

void
shmc_bench_summarise(shmc_bench_result_t *result, double *samples, size_t n)
{
    shmc_error_t err = shmc_bench_stats(samples, n, &result->m_stats);

    if (shmc_is_error(err))
        shmc_bench_skip(result, err);
    else
        result->m_measured = true;
}
