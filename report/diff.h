/* SPDX-License-Identifier: BSD-2-Clause */

/** What changed between two reports: every test case whose result
 * changed, appeared or disappeared, and every observation likewise.  An
 * added case or key is news, not a regression: it is counted apart, so
 * that a baseline survives the growth of the suites. */

#if !defined(SHMC_REPORT_DIFF_H)
#define SHMC_REPORT_DIFF_H

#include <stdio.h>

#include "lib/json.h"

/** How many rows of each kind differ between two reports. */
typedef struct {
    size_t m_changed;   /**< a result or an observation with a new value */
    size_t m_removed;   /**< in the baseline, absent from the new report */
    size_t m_added;     /**< absent from the baseline, in the new report */
} shmc_report_diff_t;

/** Prints one line per difference from base to new on f (changes and
 * removals first, additions after) and returns the counts. */
shmc_report_diff_t shmc_report_diff(FILE *f, const shmc_json_t *base,
    const shmc_json_t *new);

/** The number of differences that are regressions: changes and
 * removals, not additions. */
size_t shmc_report_diff_regressions(const shmc_report_diff_t *counts);

/** A copy of report fit to be a baseline: without what varies from run
 * to run of the same build (each case's duration_ms, the performance
 * section); NULL when memory runs out.  The caller frees it. */
shmc_json_t *shmc_report_baseline(const shmc_json_t *report);

#endif /* !defined(SHMC_REPORT_DIFF_H) */
