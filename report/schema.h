/* SPDX-License-Identifier: BSD-2-Clause */

/** The JSON Schemas of probes.json and report.json (report/probes.schema.json and report.schema.json,
 * compiled in), and a checker for the keywords they use, so that the tool
 * refuses exactly what a standard validator refuses, with one line naming
 * the field. */

#if !defined(SHMC_REPORT_SCHEMA_H)
#define SHMC_REPORT_SCHEMA_H

#include "lib/error.h"
#include "lib/json.h"

typedef enum {
    SHMC_SCHEMA_PROBES,
    SHMC_SCHEMA_REPORT
} shmc_schema_id_t;

/** The schema as a JSON tree, parsed on first use. */
shmc_error_t shmc_schema_get(shmc_schema_id_t id, const shmc_json_t **out);

/** Parses and compiles schema id unless that is done: the first use of a
 * schema sets it up for all, so threads that check documents at once must
 * find it done. */
shmc_error_t shmc_schema_compile(shmc_schema_id_t id);

/** Checks doc against the schema; the error names the first field that
 * does not fit ("results[3].status: has the wrong type (...)"). */
shmc_error_t shmc_schema_check(shmc_schema_id_t id, const shmc_json_t *doc);

#endif /* !defined(SHMC_REPORT_SCHEMA_H) */
