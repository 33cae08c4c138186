/* SPDX-License-Identifier: BSD-2-Clause */

/** Reading a kyua results database (store schema v3): every test case
 * with its result, reason, duration, description and output. */

#if !defined(SHMC_REPORT_KYUADB_H)
#define SHMC_REPORT_KYUADB_H

#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"

typedef struct {
    char *m_program;            /* Relative path: suites/lifetime_test. */
    char *m_case;               /* Test case name. */
    char *m_status;             /* passed, failed, skipped, ... */
    char *m_reason;             /* NULL when kyua stored none. */
    char *m_stdout;             /* "" when the case printed nothing. */
    char *m_stderr;             /* Likewise; atf's failed checks. */
    char *m_description;        /* NULL when the case has none. */
    int64_t m_duration_us;
} shmc_kyua_result_t;

typedef struct {
    shmc_kyua_result_t *m_results;
    size_t m_count;
} shmc_kyua_results_t;

/** Reads every result of the kyua database at path into out, which the
 * caller frees with shmc_kyuadb_free; a file that is missing, not SQLite
 * or without kyua's tables is an error naming it. */
shmc_error_t shmc_kyuadb_read(const char *path, shmc_kyua_results_t *out);
/** Frees every result r holds and empties it. */
void shmc_kyuadb_free(shmc_kyua_results_t *r);

#endif /* !defined(SHMC_REPORT_KYUADB_H) */
