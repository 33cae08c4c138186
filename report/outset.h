/* SPDX-License-Identifier: BSD-2-Clause */

/** A set of output files written all or nothing: each is written to a
 * temporary name beside its final one and renamed only when every file of
 * the set was written in full; on failure the temporaries are removed, so
 * a bad input never leaves half a report behind. */

#if !defined(SHMC_REPORT_OUTSET_H)
#define SHMC_REPORT_OUTSET_H

#include <stdio.h>

#include "lib/error.h"

#define SHMC_OUTSET_MAX 8

typedef struct {
    char *m_final[SHMC_OUTSET_MAX];
    char *m_temp[SHMC_OUTSET_MAX];
    FILE *m_file[SHMC_OUTSET_MAX];
    size_t m_count;
} shmc_outset_t;

void shmc_outset_init(shmc_outset_t *);
shmc_error_t shmc_outset_open(shmc_outset_t *, const char *, const char *,
    FILE **);
shmc_error_t shmc_outset_commit(shmc_outset_t *);
void shmc_outset_abort(shmc_outset_t *);

#endif /* !defined(SHMC_REPORT_OUTSET_H) */
