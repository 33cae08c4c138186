/* SPDX-License-Identifier: BSD-2-Clause */

/** What changed between two reports: every test case whose result
 * changed, appeared or disappeared, and every observation likewise. */

#if !defined(SHMC_REPORT_DIFF_H)
#define SHMC_REPORT_DIFF_H

#include <stdio.h>

#include "lib/json.h"

size_t shmc_report_diff(FILE *, const shmc_json_t *, const shmc_json_t *);

#endif /* !defined(SHMC_REPORT_DIFF_H) */
