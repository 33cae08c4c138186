/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "report/kyuadb.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

static const char query[] =
    "SELECT tp.relative_path, tc.name, tr.result_type, tr.result_reason, "
    "       tr.end_time - tr.start_time, "
    "       (SELECT f.contents FROM test_case_files tcf "
    "          JOIN files f USING (file_id) "
    "         WHERE tcf.test_case_id = tc.test_case_id "
    "           AND tcf.file_name = '__STDOUT__'), "
    "       (SELECT f.contents FROM test_case_files tcf "
    "          JOIN files f USING (file_id) "
    "         WHERE tcf.test_case_id = tc.test_case_id "
    "           AND tcf.file_name = '__STDERR__'), "
    "       (SELECT m.property_value FROM metadatas m "
    "         WHERE m.metadata_id = tc.metadata_id "
    "           AND m.property_name = 'description') "
    "  FROM test_results tr "
    "  JOIN test_cases tc USING (test_case_id) "
    "  JOIN test_programs tp USING (test_program_id) "
    " ORDER BY tp.relative_path, tc.name";

static char *
column_text(sqlite3_stmt *st, int col, bool null_ok)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    int n = sqlite3_column_bytes(st, col);
    char *s;

    if (t == NULL && null_ok)
        return NULL;
    s = malloc((size_t)n + 1);
    if (s != NULL) {
        if (t != NULL)
            memcpy(s, t, (size_t)n);
        s[t != NULL ? n : 0] = '\0';
    }
    return s;
}

void
shmc_kyuadb_free(shmc_kyua_results_t *r)
{
    size_t i;

    for (i = 0; i < r->m_count; i++) {
        free(r->m_results[i].m_program);
        free(r->m_results[i].m_case);
        free(r->m_results[i].m_status);
        free(r->m_results[i].m_reason);
        free(r->m_results[i].m_stdout);
        free(r->m_results[i].m_stderr);
        free(r->m_results[i].m_description);
    }
    free(r->m_results);
    memset(r, 0, sizeof(*r));
}

/** Reads every result of the database at path.  A file that is missing,
 * not SQLite, or SQLite without kyua's tables is an error naming it. */
shmc_error_t
shmc_kyuadb_read(const char *path, shmc_kyua_results_t *out)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    shmc_kyua_result_t *grown, *r;
    struct stat sb;
    size_t cap = 0;
    int rc;
    shmc_error_t err = shmc_no_error();

    memset(out, 0, sizeof(*out));
    if (stat(path, &sb) == -1)
        return shmc_error_libc(errno, "%s", path);
    if (S_ISDIR(sb.st_mode))
        return shmc_error_new("%s: is a directory, not a kyua results "
            "database", path);
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        err = shmc_error_new("%s: cannot open as SQLite: %s", path,
            db != NULL ? sqlite3_errmsg(db) : "out of memory");
        goto out;
    }
    if (sqlite3_prepare_v2(db, query, -1, &st, NULL) != SQLITE_OK) {
        err = shmc_error_new("%s: not a kyua results database (%s)", path,
            sqlite3_errmsg(db));
        goto out;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->m_count == cap) {
            cap = cap == 0 ? 256 : cap * 2;
            grown = realloc(out->m_results, cap * sizeof(*grown));
            if (grown == NULL) {
                err = shmc_error_nomem();
                goto out;
            }
            out->m_results = grown;
        }
        r = &out->m_results[out->m_count++];
        memset(r, 0, sizeof(*r));
        r->m_program = column_text(st, 0, false);
        r->m_case = column_text(st, 1, false);
        r->m_status = column_text(st, 2, false);
        r->m_reason = column_text(st, 3, true);
        r->m_duration_us = sqlite3_column_int64(st, 4);
        r->m_stdout = column_text(st, 5, false);
        r->m_stderr = column_text(st, 6, false);
        r->m_description = column_text(st, 7, true);
        if (r->m_program == NULL || r->m_case == NULL ||
            r->m_status == NULL || r->m_stdout == NULL ||
            r->m_stderr == NULL) {
            err = shmc_error_nomem();
            goto out;
        }
    }
    if (rc != SQLITE_DONE)
        err = shmc_error_new("%s: reading results failed: %s", path,
            sqlite3_errmsg(db));

out:
    sqlite3_finalize(st);
    sqlite3_close(db);
    if (shmc_is_error(err))
        shmc_kyuadb_free(out);
    return err;
}
