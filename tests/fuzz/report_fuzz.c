/* SPDX-License-Identifier: BSD-2-Clause */

/* libFuzzer target: the report reader of merge, diff and platform.  A
 * report it accepts must render, merge, read back identical, and differ
 * from itself in nothing. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/json.h"
#include "report/build.h"
#include "report/diff.h"
#include "report/render.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    shmc_json_t *r, *back, *pair[2];
    shmc_matrix_t *m;
    shmc_error_t err;
    char *text = NULL;
    size_t len = 0;
    FILE *f;
    shmc_report_diff_t counts;

    err = shmc_json_parse((const char *)data, size, &r);
    if (!shmc_is_error(err))
        err = shmc_report_validate(r);
    if (shmc_is_error(err)) {
        /* r is NULL when the parse failed. */
        shmc_error_free(err);
        shmc_json_free(r);
        return 0;
    }
    f = fopen("/dev/null", "w");
    if (f == NULL)
        abort();
    shmc_render_report_md(f, r);
    shmc_render_report_html(f, r);
    /* A report differs from itself in nothing, added rows included. */
    counts = shmc_report_diff(f, r, r);
    if (counts.m_changed + counts.m_removed + counts.m_added != 0)
        abort();
    pair[0] = pair[1] = r;
    m = shmc_matrix_build(pair, 2);
    if (m == NULL || shmc_matrix_differing(m) != 0)
        abort();
    shmc_matrix_md(f, m, false);
    shmc_matrix_html(f, m);
    shmc_matrix_csv(f, m);
    shmc_matrix_free(m);
    fclose(f);

    f = open_memstream(&text, &len);
    if (f == NULL || shmc_json_write(f, r) != 0 || fclose(f) != 0)
        abort();
    err = shmc_json_parse(text, len, &back);
    if (shmc_is_error(err) || !shmc_json_equal(r, back) ||
        shmc_is_error(shmc_report_validate(back)))
        abort();
    shmc_json_free(back);
    free(text);
    shmc_json_free(r);
    return 0;
}
