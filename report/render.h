/* SPDX-License-Identifier: BSD-2-Clause */

/** Writers for people: a report as Markdown and as one self-contained HTML
 * page; the raw matrix of several reports as Markdown, HTML and CSV; and
 * the portability tables (portability.c). */

#if !defined(SHMC_REPORT_RENDER_H)
#define SHMC_REPORT_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "lib/json.h"
#include "report/matrix.h"

/** Writes s escaped for HTML text and attributes. */
void shmc_render_html(FILE *f, const char *s);

/** Writes s as a Markdown table cell: pipes escaped, newlines as spaces. */
void shmc_render_md(FILE *f, const char *s);

/** The report as Markdown: platform, counts, conformance findings,
 * answers by topic, then the details. */
void shmc_render_report_md(FILE *f, const shmc_json_t *report);

/** The report as one self-contained HTML page, in the same order, the
 * details collapsed. */
void shmc_render_report_html(FILE *f, const shmc_json_t *report);

/** The raw matrix as Markdown; only the differing rows when only_diff. */
void shmc_matrix_md(FILE *f, const shmc_matrix_t *m, bool only_diff);
/** The raw matrix as one self-contained HTML page, filterable. */
void shmc_matrix_html(FILE *f, const shmc_matrix_t *m);
/** The raw matrix as CSV: kind, row, one column per platform, differs. */
void shmc_matrix_csv(FILE *f, const shmc_matrix_t *m);

/** The portability tables (questions x platforms) and the portable
 * subset, as Markdown and as HTML. */
void shmc_portability_md(FILE *f, const shmc_matrix_t *m);
void shmc_portability_html(FILE *f, const shmc_matrix_t *m);

#endif /* !defined(SHMC_REPORT_RENDER_H) */
