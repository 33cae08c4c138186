/* SPDX-License-Identifier: BSD-2-Clause */

/** The portability model of several reports: the matrix (one row per
 * stable probe fact, observation key and test case, one column per
 * platform) and every question answered per platform.  The renderers in
 * render.c and portability.c only read it. */

#if !defined(SHMC_REPORT_MATRIX_H)
#define SHMC_REPORT_MATRIX_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/json.h"
#include "report/questions.h"
#include "report/strmap.h"

typedef struct {
    const char *m_kind;         /* "probe", "observation", "result" or
                                   "performance" (static strings). */
    const char *m_name;         /* The fact, the key, or the case id (in
                                   the model's m_text). */
    const char **m_cells;       /* One per platform (interned); NULL when
                                   absent. */
    bool m_differs;
    bool m_asked;               /* A question names it (the answers' facts
                                   are noted while rows are added). */
    size_t m_next;              /* While adding: the row (number + 1) that
                                   came after this one in the last report
                                   that had it; 0 when none. */
} shmc_matrix_row_t;

typedef struct shmc_matrix {
    size_t m_nplat;
    char **m_platforms;         /* Full ids; "id#2" for a repeated one. */
    char **m_labels;            /* Short labels: what sets each apart. */
    shmc_matrix_row_t *m_rows;
    size_t m_nrows, m_cap;
    shmc_strmap_t *m_index;     /* kind + name -> row number + 1. */
    shmc_strmap_t *m_pool;      /* Cell text -> its one copy. */
    struct shmc_matrix_text *m_text;    /* The rows' names and the
                                   answers' words, side by side. */
    const shmc_questions_t *m_questions;
    shmc_answer_t *m_answers;   /* [question * m_nplat + platform]; their
                                   words in m_text. */
    /* Platforms giving one table verdict share a group number (by first
     * platform), and likewise one sentence; m_majority[question] is the
     * group most platforms that measured it are in, or SIZE_MAX. */
    size_t *m_short_group, *m_text_group, *m_majority;
    size_t m_added;
    size_t m_last;              /* The row (number + 1) the report being
                                   added gave last; 0 at its start. */
} shmc_matrix_t;

/** An empty model for nplat reports; NULL when out of memory. */
shmc_matrix_t *shmc_matrix_new(size_t nplat);

/** Adds the next checked report: its rows and its answers.  The model
 * keeps nothing of the tree, which the caller may free at once; false
 * when out of memory. */
bool shmc_matrix_add(shmc_matrix_t *m, const shmc_json_t *report);

/** Finishes the model once every report is in: differing rows, sorted
 * rows, verdict groups, column labels; false when out of memory. */
bool shmc_matrix_finish(shmc_matrix_t *m);

/** The model of n checked reports at once (new, add each, finish), in
 * time linear in their rows; NULL when out of memory. */
shmc_matrix_t *shmc_matrix_build(shmc_json_t *const *reports, size_t n);
/** Frees m and all it holds; NULL is left alone. */
void shmc_matrix_free(shmc_matrix_t *m);

/** The number of rows (probe facts, observations, results) of m. */
size_t shmc_matrix_rows(const shmc_matrix_t *m);
/** The number of rows of m whose value is not the same everywhere. */
size_t shmc_matrix_differing(const shmc_matrix_t *m);

/** The answer to question q on platform p. */
const shmc_answer_t *shmc_matrix_answer(const shmc_matrix_t *m, size_t q,
    size_t p);

#endif /* !defined(SHMC_REPORT_MATRIX_H) */
