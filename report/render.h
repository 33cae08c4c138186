/* SPDX-License-Identifier: BSD-2-Clause */

/** Writers for people: a report as Markdown and as one self-contained HTML
 * page, and the portability matrix of several reports as Markdown, HTML
 * and CSV. */

#if !defined(SHMC_REPORT_RENDER_H)
#define SHMC_REPORT_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "lib/json.h"

void shmc_render_report_md(FILE *, const shmc_json_t *);
void shmc_render_report_html(FILE *, const shmc_json_t *);

typedef struct shmc_matrix shmc_matrix_t;

shmc_matrix_t *shmc_matrix_build(shmc_json_t *const *, size_t);
void shmc_matrix_free(shmc_matrix_t *);
size_t shmc_matrix_rows(const shmc_matrix_t *);
size_t shmc_matrix_differing(const shmc_matrix_t *);
void shmc_matrix_md(FILE *, const shmc_matrix_t *, bool);
void shmc_matrix_html(FILE *, const shmc_matrix_t *);
void shmc_matrix_csv(FILE *, const shmc_matrix_t *);

#endif /* !defined(SHMC_REPORT_RENDER_H) */
