/* SPDX-License-Identifier: BSD-2-Clause */

/** The compatibility report as a JSON tree ("shmcompat.report/2"), built
 * from kyua's results and the probe facts, and checked when read back. */

#if !defined(SHMC_REPORT_BUILD_H)
#define SHMC_REPORT_BUILD_H

#include "lib/json.h"
#include "report/kyuadb.h"

#define SHMC_REPORT_SCHEMA "shmcompat.report/2"
/* The previous version, which diff and merge still read. */
#define SHMC_REPORT_SCHEMA_1 "shmcompat.report/1"

/** The results kyua gives a case that the report counts one by one, in
 * the order of the summary; any other is counted as "other". */
#define SHMC_REPORT_NSTATUSES 5
extern const char *const shmc_report_statuses[SHMC_REPORT_NSTATUSES];

/** Builds into *out a new report the caller owns from kyua's results and
 * the probe facts probes, its platform id ending in label (which may be
 * empty); zero results is an error (nothing ran). */
shmc_error_t shmc_report_build(const shmc_kyua_results_t *results,
    const shmc_json_t *probes, const char *label, shmc_json_t **out);
/** Checks a report read from a file against report.schema.json; an error
 * names the field. */
shmc_error_t shmc_report_validate(const shmc_json_t *root);
/** Loads and validates the report file path into *out, which the caller
 * owns; errors start with path. */
shmc_error_t shmc_report_load(const char *path, shmc_json_t **out);
/** shmc_report_load, reading the text into buf (see
 * shmc_json_load_buffered). */
shmc_error_t shmc_report_load_buffered(const char *path,
    shmc_json_buffer_t *buf, shmc_json_t **out);
/** report's platform id, borrowed from it, or NULL. */
const char *shmc_report_platform_id(const shmc_json_t *report);

#endif /* !defined(SHMC_REPORT_BUILD_H) */
