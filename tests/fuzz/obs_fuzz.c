/* SPDX-License-Identifier: BSD-2-Clause */

/* libFuzzer target: observation lines, as shmcompat-report reads a test
 * case's output from kyua's database.  Whatever the output, the report
 * built from it must be one the report reader accepts, and each line the
 * parser takes must format back to itself. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/obs.h"
#include "report/build.h"
#include "report/kyuadb.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/** Each line the parser takes formats back to itself. */
static void
lines_round_trip(const char *text)
{
    char key[256], *line, *again;
    const char *json, *nl;
    size_t len, size;
    shmc_error_t err;

    for (; *text != '\0'; text += len + (nl != NULL)) {
        nl = strchr(text, '\n');
        len = nl != NULL ? (size_t)(nl - text) : strlen(text);
        line = strndup(text, len);
        if (line == NULL)
            abort();
        err = shmc_obs_parse_line(line, key, sizeof(key), &json);
        if (!shmc_is_error(err)) {
            size = len + 2;
            again = malloc(size);
            if (again == NULL)
                abort();
            err = shmc_obs_format(again, size, key, json);
            if (shmc_is_error(err) || strncmp(again, line, len) != 0 ||
                strcmp(again + len, "\n") != 0)
                abort();
            free(again);
        }
        shmc_error_free(err);
        free(line);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    shmc_kyua_result_t result = { .m_program = (char *)"suites/fuzz_test",
        .m_case = (char *)"fuzz__case", .m_status = (char *)"passed",
        .m_duration_us = 1000 };
    shmc_kyua_results_t results = { &result, 1 };
    shmc_json_t *report, *back;
    shmc_error_t err;
    char *text = NULL;
    size_t len = 0;
    FILE *f;

    result.m_stdout = strndup((const char *)data, size);
    if (result.m_stdout == NULL)
        abort();
    lines_round_trip(result.m_stdout);
    err = shmc_report_build(&results, NULL, NULL, &report);
    free(result.m_stdout);
    if (shmc_is_error(err)) {
        shmc_error_free(err);
        return 0;
    }
    f = open_memstream(&text, &len);
    if (f == NULL || shmc_json_write(f, report) != 0 || fclose(f) != 0)
        abort();
    err = shmc_json_parse(text, len, &back);
    if (shmc_is_error(err)) {
        fprintf(stderr, "the report is refused: %s\n",
            shmc_error_message(err));
        abort();
    }
    /* Built without probe facts, which shmcompat-report always has, the
     * report is no valid report (probes is null): the round trip through
     * the writer and the reader is what is checked here; report_fuzz
     * validates whole reports. */
    if (!shmc_json_equal(report, back))
        abort();
    shmc_json_free(back);
    free(text);
    shmc_json_free(report);
    return 0;
}
