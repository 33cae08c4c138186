/* SPDX-License-Identifier: BSD-2-Clause */

/* The portability tables: every question answered on every merged
 * platform, coloured by how the verdict compares, and the portable subset:
 * what holds on every platform, and the exceptions. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "report/render.h"

#include <stdlib.h>
#include <string.h>

#define html shmc_render_html
#define md shmc_render_md

typedef enum { CELL_SAME, CELL_DIFFERS, CELL_NONCONFORMANT, CELL_UNMEASURED }
    cell_t;

static const char *const cell_class[] = {
    "same", "differs", "nonconformant", "unmeasured",
};

static cell_t
cell_kind(const shmc_matrix_t *m, size_t q, size_t p)
{
    const shmc_answer_t *a = shmc_matrix_answer(m, q, p);

    if (a->m_kind == SHMC_ANSWER_UNMEASURED)
        return CELL_UNMEASURED;
    if (a->m_kind == SHMC_ANSWER_NONCONFORMANT)
        return CELL_NONCONFORMANT;
    return m->m_short_group[q * m->m_nplat + p] == m->m_majority[q] ?
        CELL_SAME : CELL_DIFFERS;
}

/* ---------------------------------------------------------------------
 * The portable subset of one question, written through an escaper.
 * --------------------------------------------------------------------- */

typedef struct {
    FILE *m_f;
    void (*m_esc)(FILE *, const char *);
    bool m_html;
} out_t;

static void
text(const out_t *o, const char *s)
{
    o->m_esc(o->m_f, s);
}

/** An answer's text: its HTML (sizes with exact bytes on hover) or plain. */
static void
answer_text(const out_t *o, const shmc_answer_t *a, bool brief)
{
    if (o->m_html)
        fputs(brief ? a->m_short_html : a->m_html, o->m_f);
    else
        text(o, brief ? a->m_short : a->m_text);
}

static void
platform_list(const out_t *o, const shmc_matrix_t *m, const bool *on)
{
    size_t p, n = 0;

    for (p = 0; p < m->m_nplat; p++) {
        if (!on[p])
            continue;
        if (n++ > 0)
            fputs(", ", o->m_f);
        text(o, m->m_labels[p]);
    }
}

static bool
subset_same(const out_t *o, const shmc_matrix_t *m, size_t q, bool *done)
{
    const shmc_answer_t *first = NULL, *a;
    bool same_text = true, same_short = true;
    size_t p;

    for (p = 0; p < m->m_nplat; p++) {
        a = shmc_matrix_answer(m, q, p);
        if (a->m_kind != SHMC_ANSWER_MEASURED)
            return false;
        if (first == NULL)
            first = a;
        same_text = same_text && strcmp(a->m_text, first->m_text) == 0;
        same_short = same_short && strcmp(a->m_short, first->m_short) == 0;
    }
    if (first == NULL || !same_short)
        return false;
    fputs(o->m_html ? "<span class=\"everywhere\">Everywhere:</span> " :
        "Everywhere: ", o->m_f);
    answer_text(o, first, !same_text);
    *done = true;
    return true;
}

/** "Every platform: MIN", and where it is larger. */
static void
subset_min(const out_t *o, const shmc_matrix_t *m, size_t q)
{
    const shmc_answer_t *a, *low = NULL;
    size_t p, n = 0;

    for (p = 0; p < m->m_nplat; p++) {
        a = shmc_matrix_answer(m, q, p);
        if (a->m_has_number && (low == NULL || a->m_number < low->m_number))
            low = a;
    }
    if (low == NULL) {
        fputs("No platform measured it.", o->m_f);
        return;
    }
    fputs(o->m_html ? "<span class=\"everywhere\">On every platform that "
        "measured it:</span> " : "On every platform that measured it: ",
        o->m_f);
    if (o->m_html)
        fputs(low->m_number_html, o->m_f);
    else
        text(o, low->m_number_text);
    for (p = 0; p < m->m_nplat; p++) {
        a = shmc_matrix_answer(m, q, p);
        if (!a->m_has_number || a->m_number == low->m_number)
            continue;
        fputs(n++ == 0 ? "; more on " : ", ", o->m_f);
        text(o, m->m_labels[p]);
        fputs(" (", o->m_f);
        if (o->m_html)
            fputs(a->m_number_html, o->m_f);
        else
            text(o, a->m_number_text);
        fputs(")", o->m_f);
    }
}

/** The "*" segments ok on every platform that measured them, and those
 * ok only on some. */
static void
subset_common(const out_t *o, const shmc_matrix_t *m, size_t q)
{
    const shmc_answer_t *first = NULL, *a;
    const shmc_questions_t *qs = m->m_questions;
    size_t p, s, k, n_all = 0, n_some = 0, n_ok;
    bool *on = calloc(m->m_nplat + 1, sizeof(bool)), measured;

    for (p = 0; p < m->m_nplat && first == NULL; p++)
        if (shmc_matrix_answer(m, q, p)->m_nsegments > 0)
            first = shmc_matrix_answer(m, q, p);
    if (first == NULL || on == NULL) {
        fputs("No platform measured it.", o->m_f);
        free(on);
        return;
    }
    for (int pass = 0; pass < 2; pass++) {
        for (s = 0; s < first->m_nsegments; s++) {
            n_ok = 0;
            measured = true;
            for (p = 0; p < m->m_nplat; p++) {
                a = shmc_matrix_answer(m, q, p);
                on[p] = false;
                if (a->m_kind == SHMC_ANSWER_UNMEASURED)
                    continue;
                for (k = 0; k < a->m_nsegments; k++)
                    if (strcmp(a->m_segments[k], first->m_segments[s]) == 0)
                        break;
                if (k == a->m_nsegments) {
                    measured = false;
                    continue;
                }
                on[p] = a->m_segment_ok[k];
                n_ok += on[p];
            }
            if (pass == 0 && measured && n_ok > 0 && n_ok == m->m_nplat) {
                fputs(n_all++ == 0 ? (o->m_html ? "<span class=\""
                    "everywhere\">Accepted everywhere:</span> " :
                    "Accepted everywhere: ") : ", ", o->m_f);
                text(o, shmc_questions_label(qs, first->m_segments[s]));
            } else if (pass == 1 && n_ok > 0 && n_ok < m->m_nplat) {
                fputs(n_some++ == 0 ? (n_all > 0 ? "; only on some: " :
                    "Only on some: ") : "; ", o->m_f);
                text(o, shmc_questions_label(qs, first->m_segments[s]));
                fputs(" (", o->m_f);
                platform_list(o, m, on);
                fputs(")", o->m_f);
            }
        }
        if (pass == 0 && n_all == 0)
            fputs("Accepted everywhere: none", o->m_f);
    }
    free(on);
}

/** The exceptions: platforms not conformant, and platforms that did not
 * measure the question, those with the same words together. */
static void
exceptions(const out_t *o, const shmc_matrix_t *m, size_t q,
    shmc_answer_kind_t kind)
{
    const shmc_answer_t *a, *b;
    bool *on = calloc(m->m_nplat + 1, sizeof(bool));
    size_t p, r;
    bool nc = kind == SHMC_ANSWER_NONCONFORMANT;

    if (on == NULL)
        return;
    for (p = 0; p < m->m_nplat; p++) {
        a = shmc_matrix_answer(m, q, p);
        if (a->m_kind != kind)
            continue;
        /* Each sentence once, at the first platform giving it. */
        if (m->m_text_group[q * m->m_nplat + p] != p)
            continue;
        for (r = 0; r < m->m_nplat; r++) {
            b = shmc_matrix_answer(m, q, r);
            on[r] = b->m_kind == kind &&
                m->m_text_group[q * m->m_nplat + r] == p;
        }
        if (o->m_html)
            fputs(nc ? "<br><span class=\"nonconformant-text\">Not "
                "POSIX-conformant on " : "<br><span class=\"unmeasured-text"
                "\">On ", o->m_f);
        else
            fputs(nc ? "; **not POSIX-conformant on " : "; on ", o->m_f);
        platform_list(o, m, on);
        fputs(o->m_html ? "</span>: " : nc ? "**: " : ": ", o->m_f);
        answer_text(o, a, false);
    }
    free(on);
}

/** Differing verdicts, for a "same" question without one answer. */
static void
subset_differs(const out_t *o, const shmc_matrix_t *m, size_t q)
{
    const shmc_answer_t *a, *b;
    bool *on = calloc(m->m_nplat + 1, sizeof(bool));
    size_t p, r, groups = 0;

    if (on == NULL)
        return;
    for (p = 0; p < m->m_nplat; p++)
        if (shmc_matrix_answer(m, q, p)->m_kind == SHMC_ANSWER_MEASURED)
            break;
    if (p == m->m_nplat) {
        fputs(o->m_html ? "<span class=\"unmeasured-text\">Measured "
            "nowhere</span>" : "Measured nowhere", o->m_f);
        free(on);
        return;
    }
    /* One verdict among the platforms that measured it: the others are
     * exceptions, listed after. */
    for (r = p + 1; r < m->m_nplat; r++) {
        b = shmc_matrix_answer(m, q, r);
        if (b->m_kind == SHMC_ANSWER_MEASURED &&
            m->m_short_group[q * m->m_nplat + r] !=
            m->m_short_group[q * m->m_nplat + p])
            break;
    }
    if (r == m->m_nplat) {
        for (r = 0; r < m->m_nplat; r++)
            on[r] = shmc_matrix_answer(m, q, r)->m_kind ==
                SHMC_ANSWER_MEASURED;
        fputs(o->m_html ? "<span class=\"differs-text\">Only on " :
            "Only on ", o->m_f);
        platform_list(o, m, on);
        fputs(o->m_html ? ":</span> " : ": ", o->m_f);
        answer_text(o, shmc_matrix_answer(m, q, p), false);
        free(on);
        return;
    }
    fputs(o->m_html ? "<span class=\"differs-text\">Differs:</span> " :
        "Differs: ", o->m_f);
    for (p = 0; p < m->m_nplat; p++) {
        a = shmc_matrix_answer(m, q, p);
        if (a->m_kind != SHMC_ANSWER_MEASURED)
            continue;
        if (m->m_short_group[q * m->m_nplat + p] != p)
            continue;
        for (r = 0; r < m->m_nplat; r++) {
            b = shmc_matrix_answer(m, q, r);
            on[r] = b->m_kind == SHMC_ANSWER_MEASURED &&
                m->m_short_group[q * m->m_nplat + r] == p;
        }
        if (groups++ > 0)
            fputs("; ", o->m_f);
        answer_text(o, a, true);
        fputs(" on ", o->m_f);
        platform_list(o, m, on);
    }
    if (groups == 0)
        fputs("no platform measured it", o->m_f);
    free(on);
}

static void
subset(const out_t *o, const shmc_matrix_t *m, size_t q)
{
    const shmc_question_t *qu = &m->m_questions->m_questions[q];
    bool done = false;

    if (qu->m_subset == SHMC_SUBSET_MIN)
        subset_min(o, m, q);
    else if (qu->m_subset == SHMC_SUBSET_COMMON)
        subset_common(o, m, q);
    else if (!subset_same(o, m, q, &done))
        subset_differs(o, m, q);
    exceptions(o, m, q, SHMC_ANSWER_NONCONFORMANT);
    exceptions(o, m, q, SHMC_ANSWER_UNMEASURED);
}

/* ---------------------------------------------------------------------
 * Markdown.
 * --------------------------------------------------------------------- */

static const char *const md_mark[] = { "", "≠ ", "✗ ", "— " };

void
shmc_portability_md(FILE *f, const shmc_matrix_t *m)
{
    const shmc_questions_t *qs = m->m_questions;
    const shmc_topic_t *topic = NULL;
    const shmc_question_t *qu;
    out_t o = { f, md, false };
    size_t q, p;

    fprintf(f, "# shmcompat portability\n\n%zu platforms, %zu questions "
        "answered from their measurements.\n\n| column | platform |\n"
        "|---|---|\n", m->m_nplat, qs->m_nquestions);
    for (p = 0; p < m->m_nplat; p++) {
        fputs("| ", f);
        md(f, m->m_labels[p]);
        fputs(" | `", f);
        md(f, m->m_platforms[p]);
        fputs("` |\n", f);
    }
    fputs("\nIn the tables, a verdict with no mark is the one most "
        "platforms give; ≠ differs from it; ✗ is not POSIX-conformant; — "
        "was not measured there.\n\n## Portable subset\n\nWhat holds on "
        "every platform merged here, and the exceptions.\n", f);
    for (q = 0; q < qs->m_nquestions; q++) {
        qu = &qs->m_questions[q];
        if (qu->m_topic != topic) {
            topic = qu->m_topic;
            fprintf(f, "\n### %s\n\n", topic->m_title);
        }
        fputs("- **", f);
        md(f, qu->m_ask);
        fputs("** ", f);
        subset(&o, m, q);
        fputc('\n', f);
    }
    fputs("\n## Questions × platforms\n", f);
    topic = NULL;
    for (q = 0; q < qs->m_nquestions; q++) {
        qu = &qs->m_questions[q];
        if (qu->m_topic != topic) {
            topic = qu->m_topic;
            fprintf(f, "\n### %s\n\n| question |", topic->m_title);
            for (p = 0; p < m->m_nplat; p++) {
                fputc(' ', f);
                md(f, m->m_labels[p]);
                fputs(" |", f);
            }
            fputs("\n|---|", f);
            for (p = 0; p < m->m_nplat; p++)
                fputs("---|", f);
            fputc('\n', f);
        }
        fputs("| ", f);
        md(f, qu->m_ask);
        fputs(" |", f);
        for (p = 0; p < m->m_nplat; p++) {
            fputc(' ', f);
            fputs(md_mark[cell_kind(m, q, p)], f);
            md(f, shmc_matrix_answer(m, q, p)->m_short);
            fputs(" |", f);
        }
        fputc('\n', f);
    }
}

/* ---------------------------------------------------------------------
 * HTML.
 * --------------------------------------------------------------------- */

static const char portability_style[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width\">\n"
    "<title>shmcompat portability</title>\n<style>\n"
    "body{font:14px/1.35 system-ui,sans-serif;margin:0 auto;padding:.8em "
    "1.2em;max-width:90em;color:#1d2329}"
    "h1{font-size:1.45em;margin:.2em 0}h2{font-size:1.2em;margin:1.1em 0 "
    ".4em;border-bottom:2px solid #dde3ea}h3{font-size:1em;margin:.9em 0 "
    ".3em;color:#334}"
    "table{border-collapse:collapse;width:100%;table-layout:fixed}"
    "td,th{border:1px solid #e0e4e9;padding:.25em .4em;text-align:left;"
    "vertical-align:top;overflow-wrap:anywhere}"
    "thead th{background:#f3f5f8;font-weight:600;font-size:.9em}"
    "th.q{width:24%;font-weight:500;background:#fafbfc}"
    "thead th.p{cursor:help}"
    "td.same{background:#e6f4e6}td.differs{background:#fff0c2}"
    "td.nonconformant{background:#f6c9c9;font-weight:600}"
    "td.unmeasured{background:#eceef1;color:#777;font-style:italic}"
    ".legend span{display:inline-block;padding:.1em .6em;margin-right:.4em;"
    "border:1px solid #ccd}"
    ".legend .same{background:#e6f4e6}.legend .differs{background:#fff0c2}"
    ".legend .nonconformant{background:#f6c9c9}"
    ".legend .unmeasured{background:#eceef1}"
    ".platforms{font-size:.85em;display:grid;grid-template-columns:"
    "repeat(auto-fill,minmax(24em,1fr));gap:.1em 1.5em;margin:.4em 0}"
    ".platforms code{font-size:95%;color:#445}"
    ".size{border-bottom:1px dotted #888;cursor:help}"
    "ul.subset{padding-left:1.2em}ul.subset li{margin:.3em 0}"
    ".everywhere{color:#1b6b1b;font-weight:600}"
    ".differs-text{color:#8a6100;font-weight:600}"
    ".nonconformant-text{color:#a01010;font-weight:600}"
    ".unmeasured-text{color:#666}"
    "nav a{margin-right:1em}"
    "</style>\n</head>\n";

/* Marks the body when done: rows shown and tables left empty, for the
 * check in a browser. */
static const char portability_script[] =
    "<script>\n"
    "(function(){\n"
    "var rows=document.querySelectorAll('table.grid tbody tr');\n"
    "var empty=0;document.querySelectorAll('table').forEach(function(t){\n"
    " if(t.querySelectorAll('tbody tr').length===0)empty++;});\n"
    "document.body.dataset.rows=rows.length;\n"
    "document.body.dataset.emptyTables=empty;\n"
    "document.body.dataset.ready='yes';\n"
    "})();\n</script>\n";

static void
html_header_row(FILE *f, const shmc_matrix_t *m)
{
    size_t p;

    fputs("<thead><tr><th class=\"q\">question</th>", f);
    for (p = 0; p < m->m_nplat; p++) {
        fputs("<th class=\"p\" title=\"", f);
        html(f, m->m_platforms[p]);
        fputs("\">", f);
        html(f, m->m_labels[p]);
        fputs("</th>", f);
    }
    fputs("</tr></thead>\n", f);
}

void
shmc_portability_html(FILE *f, const shmc_matrix_t *m)
{
    const shmc_questions_t *qs = m->m_questions;
    const shmc_topic_t *topic = NULL;
    const shmc_question_t *qu;
    const shmc_answer_t *a;
    out_t o = { f, html, true };
    size_t q, p, counts[4] = { 0, 0, 0, 0 };
    cell_t k;

    for (q = 0; q < qs->m_nquestions; q++)
        for (p = 0; p < m->m_nplat; p++)
            counts[cell_kind(m, q, p)]++;
    fputs(portability_style, f);
    fprintf(f, "<body>\n<header id=\"summary\"><h1>shmcompat portability"
        "</h1>\n<p>%zu platforms, %zu questions answered from their "
        "measurements: %zu verdicts the same as most platforms, %zu "
        "differing, %zu not POSIX-conformant, %zu not measured. <nav>"
        "<a href=\"#tables\">questions × platforms</a><a href=\"#subset\">"
        "portable subset</a><a href=\"matrix.html\">every raw row</a></nav>"
        "</p>\n<div class=\"platforms\">", m->m_nplat, qs->m_nquestions,
        counts[CELL_SAME], counts[CELL_DIFFERS], counts[CELL_NONCONFORMANT],
        counts[CELL_UNMEASURED]);
    for (p = 0; p < m->m_nplat; p++) {
        fputs("<div>", f);
        if (strcmp(m->m_labels[p], m->m_platforms[p]) != 0) {
            fputs("<strong>", f);
            html(f, m->m_labels[p]);
            fputs("</strong> ", f);
        }
        fputs("<code>", f);
        html(f, m->m_platforms[p]);
        fputs("</code></div>", f);
    }
    fputs("</div>\n<p class=\"legend\"><span class=\"same\">same as most"
        "</span><span class=\"differs\">differs</span><span class=\""
        "nonconformant\">not POSIX-conformant</span><span class=\"unmeasured"
        "\">not measured</span> Hover a cell for the whole answer, a header "
        "for the full platform id.</p></header>\n"
        "<section id=\"tables\"><h2>Questions × platforms</h2>\n", f);
    for (q = 0; q < qs->m_nquestions; q++) {
        qu = &qs->m_questions[q];
        if (qu->m_topic != topic) {
            if (topic != NULL)
                fputs("</tbody></table>\n", f);
            topic = qu->m_topic;
            fputs("<h3>", f);
            html(f, topic->m_title);
            fputs("</h3>\n<table class=\"grid\">", f);
            html_header_row(f, m);
            fputs("<tbody>\n", f);
        }
        fputs("<tr><th class=\"q\">", f);
        html(f, qu->m_ask);
        fputs("</th>", f);
        for (p = 0; p < m->m_nplat; p++) {
            a = shmc_matrix_answer(m, q, p);
            k = cell_kind(m, q, p);
            fprintf(f, "<td class=\"%s\" title=\"", cell_class[k]);
            html(f, a->m_text);
            fputs("\">", f);
            fputs(a->m_short_html, f);
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    if (topic != NULL)
        fputs("</tbody></table>\n", f);
    fputs("</section>\n<section id=\"subset\"><h2>Portable subset</h2>\n"
        "<p>What holds on every platform merged here, and the exceptions."
        "</p>\n", f);
    topic = NULL;
    for (q = 0; q < qs->m_nquestions; q++) {
        qu = &qs->m_questions[q];
        if (qu->m_topic != topic) {
            if (topic != NULL)
                fputs("</ul>\n", f);
            topic = qu->m_topic;
            fputs("<h3>", f);
            html(f, topic->m_title);
            fputs("</h3>\n<ul class=\"subset\">\n", f);
        }
        fputs("<li><strong>", f);
        html(f, qu->m_ask);
        fputs("</strong> ", f);
        subset(&o, m, q);
        fputs("</li>\n", f);
    }
    if (topic != NULL)
        fputs("</ul>\n", f);
    fputs("</section>\n", f);
    fputs(portability_script, f);
    fputs("</body>\n</html>\n", f);
}
