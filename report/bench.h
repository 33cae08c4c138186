/* SPDX-License-Identifier: BSD-2-Clause */

/** The performance section: shmcompat-bench's figures (bench.json, schema
 * "shmcompat.bench/1") carried in a report as its "performance" member,
 * rendered for people, and reduced to ratios for the portability matrix.
 * Ratios compare across machines; absolute times do not, so the matrix
 * gets only ratios. */

#if !defined(SHMC_REPORT_BENCH_H)
#define SHMC_REPORT_BENCH_H

#include <stdio.h>

#include "lib/json.h"

#define SHMC_REPORT_BENCH_SCHEMA "shmcompat.bench/1"

/* The file shmcompat-report looks for beside the results database. */
#define SHMC_REPORT_BENCH_FILE "bench.json"

/** Checks a bench document: the schema, and every result measured with
 * its figures or skipped with a reason. */
shmc_error_t shmc_report_bench_validate(const shmc_json_t *bench);

/** Loads bench.json from the directory of results_path into *bench when it
 * is there (*bench stays NULL when it is not); errors name the file. */
shmc_error_t shmc_report_bench_find(const char *results_path,
    shmc_json_t **bench);

/** Writes the performance section of a report (nothing without one). */
void shmc_report_bench_md(FILE *f, const shmc_json_t *report);
void shmc_report_bench_html(FILE *f, const shmc_json_t *report);

/** Calls fn(arg, key, value) for each ratio of the report's performance
 * section: bandwidth as a fraction of memcpy's, round trips as a multiple
 * of the pipe's; value is "0.28", or "skipped". */
void shmc_report_bench_ratios(const shmc_json_t *report,
    void (*fn)(void *arg, const char *key, const char *value), void *arg);

#endif /* !defined(SHMC_REPORT_BENCH_H) */
