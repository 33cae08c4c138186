/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "report/render.h"

#include <stdlib.h>
#include <string.h>

#include "report/bench.h"
#include "report/build.h"

/* ---------------------------------------------------------------------
 * Escaping.
 * --------------------------------------------------------------------- */

static void
html(FILE *f, const char *s)
{
    for (; s != NULL && *s != '\0'; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    }
}

/** A Markdown table cell: pipes escaped, line breaks made spaces. */
static void
md(FILE *f, const char *s)
{
    for (; s != NULL && *s != '\0'; s++) {
        if (*s == '|')
            fputs("\\|", f);
        else if (*s == '\n' || *s == '\r')
            fputc(' ', f);
        else
            fputc(*s, f);
    }
}

static void
csv(FILE *f, const char *s)
{
    fputc('"', f);
    for (; s != NULL && *s != '\0'; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/** A value as people read it: strings bare, the rest as JSON. */
static char *
show(const shmc_json_t *v)
{
    if (v != NULL && shmc_json_type(v) == SHMC_JSON_STRING)
        return strdup(shmc_json_string_value(v));
    return v != NULL ? shmc_json_to_string(v) : strdup("");
}

typedef void (*flat_fn_t)(void *, const char *, const shmc_json_t *);

/** Calls fn for each scalar of v with its dotted key; arrays are scalars. */
static void
flatten(const shmc_json_t *v, const char *prefix, flat_fn_t fn, void *arg)
{
    char key[512];
    size_t i;

    if (v == NULL)
        return;
    if (shmc_json_type(v) != SHMC_JSON_OBJECT) {
        fn(arg, prefix, v);
        return;
    }
    for (i = 0; i < shmc_json_count(v); i++) {
        (void)snprintf(key, sizeof(key), "%s%s%s", prefix,
            *prefix != '\0' ? "." : "", shmc_json_key_at(v, i));
        flatten(shmc_json_item_at(v, i), key, fn, arg);
    }
}

/* ---------------------------------------------------------------------
 * One report.
 * --------------------------------------------------------------------- */

/** The case name of a result: its id after "program:", or the whole id
 * where another tool wrote it without one. */
static const char *
case_name(const shmc_json_t *result)
{
    const char *id = shmc_json_string_value(shmc_json_get(result, "id"));
    const char *colon = strchr(id, ':');

    return colon != NULL ? colon + 1 : id;
}

static const char *const *const statuses = shmc_report_statuses;

static void
md_fact(void *arg, const char *key, const shmc_json_t *v)
{
    char *text = show(v);

    fputs("| ", (FILE *)arg);
    md(arg, key);
    fputs(" | ", (FILE *)arg);
    md(arg, text);
    fputs(" |\n", (FILE *)arg);
    free(text);
}

/** The observations of a result as "key = value" items joined by sep. */
static void
observations_text(FILE *f, const shmc_json_t *obs, const char *sep,
    void (*esc)(FILE *, const char *))
{
    size_t i;
    char *text;

    for (i = 0; i < shmc_json_count(obs); i++) {
        text = show(shmc_json_item_at(obs, i));
        if (i > 0)
            fputs(sep, f);
        esc(f, shmc_json_key_at(obs, i));
        fputs(" = ", f);
        esc(f, text);
        free(text);
    }
}

void
shmc_render_report_md(FILE *f, const shmc_json_t *r)
{
    const shmc_json_t *results = shmc_json_get(r, "results"), *e;
    const shmc_json_t *summary = shmc_json_get(r, "summary");
    const char *area = NULL, *a;
    size_t i, s;

    fprintf(f, "# shmcompat report: %s\n\n", shmc_report_platform_id(r));
    fputs("## Summary\n\n| status | cases |\n|---|---|\n", f);
    for (s = 0; s < SHMC_REPORT_NSTATUSES; s++)
        fprintf(f, "| %s | %llu |\n", statuses[s], (unsigned long long)
            shmc_json_uint_value(shmc_json_get(summary, statuses[s])));
    fputs("\n## Platform\n\n| fact | value |\n|---|---|\n", f);
    flatten(shmc_json_get(r, "platform"), "", md_fact, f);
    fputs("\n## Probes\n\n| fact | value |\n|---|---|\n", f);
    flatten(shmc_json_get(r, "probes"), "", md_fact, f);
    for (i = 0; i < shmc_json_count(results); i++) {
        e = shmc_json_item_at(results, i);
        a = shmc_json_string_value(shmc_json_get(e, "area"));
        if (area == NULL || strcmp(area, a) != 0) {
            area = a;
            fprintf(f, "\n## %s\n\n| case | result | observations | reason |"
                "\n|---|---|---|---|\n", area);
        }
        fputs("| ", f);
        md(f, case_name(e));
        fputs(" | ", f);
        md(f, shmc_json_string_value(shmc_json_get(e, "status")));
        fputs(" | ", f);
        observations_text(f, shmc_json_get(e, "observations"), "<br>", md);
        fputs(" | ", f);
        md(f, shmc_json_string_value(shmc_json_get(e, "reason")));
        fputs(" |\n", f);
    }
    shmc_report_bench_md(f, r);
}

static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<title>%s</title>\n<style>\n"
    "body{font-family:sans-serif;margin:1.5em;color:#222}"
    "table{border-collapse:collapse;margin:.5em 0;font-size:90%%}"
    "td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;"
    "vertical-align:top}th{background:#eee}"
    ".passed{background:#d9f2d9}.failed{background:#f8d0d0}"
    ".broken{background:#f4b183}.skipped{background:#eee}"
    ".expected_failure{background:#fff2cc}.differs{background:#fff2cc}"
    "code{font-size:95%%}#controls label{margin-right:1em}"
    "</style>\n</head>\n";

static void
html_fact(void *arg, const char *key, const shmc_json_t *v)
{
    char *text = show(v);

    fputs("<tr><td>", (FILE *)arg);
    html(arg, key);
    fputs("</td><td>", (FILE *)arg);
    html(arg, text);
    fputs("</td></tr>\n", (FILE *)arg);
    free(text);
}

/* Filters rows by area and status; marks the body when done so that a
 * check in a browser knows the script ran. */
static const char report_script[] =
    "<script>\n"
    "(function(){\n"
    "var rows=document.querySelectorAll('#results tbody tr');\n"
    "var area=document.getElementById('area');\n"
    "var boxes=document.querySelectorAll('#controls input[type=checkbox]');\n"
    "function apply(){var on={},n=0;\n"
    " boxes.forEach(function(b){on[b.value]=b.checked;});\n"
    " rows.forEach(function(r){var v=(area.value===''||"
    "r.dataset.area===area.value)&&on[r.dataset.status];\n"
    "  r.style.display=v?'':'none';if(v)n++;});\n"
    " document.getElementById('shown').textContent=n;\n"
    " document.body.dataset.rows=n;}\n"
    "area.addEventListener('change',apply);\n"
    "boxes.forEach(function(b){b.addEventListener('change',apply);});\n"
    "apply();document.body.dataset.ready='yes';\n"
    "})();\n</script>\n";

void
shmc_render_report_html(FILE *f, const shmc_json_t *r)
{
    const shmc_json_t *results = shmc_json_get(r, "results"), *e;
    const shmc_json_t *summary = shmc_json_get(r, "summary");
    const char *last = NULL, *a;
    size_t i, s;

    fprintf(f, html_head, "shmcompat report");
    fputs("<body>\n<h1>shmcompat report: ", f);
    html(f, shmc_report_platform_id(r));
    fputs("</h1>\n<table><tr>", f);
    for (s = 0; s < SHMC_REPORT_NSTATUSES; s++)
        fprintf(f, "<th class=\"%s\">%s</th>", statuses[s], statuses[s]);
    fputs("</tr><tr>", f);
    for (s = 0; s < SHMC_REPORT_NSTATUSES; s++)
        fprintf(f, "<td>%llu</td>", (unsigned long long)
            shmc_json_uint_value(shmc_json_get(summary, statuses[s])));
    fputs("</tr></table>\n<h2>Probes</h2>\n<details open><summary>platform "
        "and probe facts</summary>\n<table>\n", f);
    flatten(shmc_json_get(r, "platform"), "platform", html_fact, f);
    flatten(shmc_json_get(r, "probes"), "probes", html_fact, f);
    fputs("</table></details>\n", f);
    shmc_report_bench_html(f, r);
    fputs("<h2>Results</h2>\n<div id=\"controls\">"
        "<label>area <select id=\"area\"><option value=\"\">all</option>", f);
    for (i = 0; i < shmc_json_count(results); i++) {
        a = shmc_json_string_value(shmc_json_get(shmc_json_item_at(results,
            i), "area"));
        if (last != NULL && strcmp(last, a) == 0)
            continue;
        last = a;
        fputs("<option>", f);
        html(f, a);
        fputs("</option>", f);
    }
    fputs("</select></label>", f);
    for (s = 0; s < SHMC_REPORT_NSTATUSES; s++)
        fprintf(f, "<label><input type=\"checkbox\" value=\"%s\" checked> "
            "%s</label>", statuses[s], statuses[s]);
    fputs(" <span id=\"shown\"></span> shown</div>\n<table id=\"results\">"
        "<thead><tr><th>area</th><th>case</th><th>result</th>"
        "<th>observations</th><th>reason</th></tr></thead><tbody>\n", f);
    for (i = 0; i < shmc_json_count(results); i++) {
        e = shmc_json_item_at(results, i);
        fputs("<tr data-area=\"", f);
        html(f, shmc_json_string_value(shmc_json_get(e, "area")));
        fputs("\" data-status=\"", f);
        html(f, shmc_json_string_value(shmc_json_get(e, "status")));
        fputs("\" class=\"", f);
        html(f, shmc_json_string_value(shmc_json_get(e, "status")));
        fputs("\"><td>", f);
        html(f, shmc_json_string_value(shmc_json_get(e, "area")));
        fputs("</td><td><code>", f);
        html(f, case_name(e));
        fputs("</code></td><td>", f);
        html(f, shmc_json_string_value(shmc_json_get(e, "status")));
        fputs("</td><td>", f);
        observations_text(f, shmc_json_get(e, "observations"), "<br>", html);
        fputs("</td><td>", f);
        html(f, shmc_json_string_value(shmc_json_get(e, "reason")));
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
    fputs(report_script, f);
    fputs("</body>\n</html>\n", f);
}

/* ---------------------------------------------------------------------
 * The portability matrix.
 * --------------------------------------------------------------------- */

typedef struct {
    char *m_kind;               /* "observation" or "result". */
    char *m_name;               /* The key, or the case id. */
    char **m_cells;             /* One per platform; NULL when absent. */
    bool m_differs;
} row_t;

struct shmc_matrix {
    size_t m_nplat;
    char **m_platforms;
    row_t *m_rows;
    size_t m_nrows;
    size_t m_cap;
};

static row_t *
find_row(shmc_matrix_t *m, const char *kind, const char *name)
{
    row_t *grown, *r;
    size_t i;

    /* Reports list the same keys in the same order, so the last rows are
     * the likely match; a linear scan from there keeps merging fast. */
    for (i = m->m_nrows; i-- > 0;)
        if (strcmp(m->m_rows[i].m_name, name) == 0 &&
            strcmp(m->m_rows[i].m_kind, kind) == 0)
            return &m->m_rows[i];
    if (m->m_nrows == m->m_cap) {
        m->m_cap = m->m_cap == 0 ? 512 : m->m_cap * 2;
        grown = realloc(m->m_rows, m->m_cap * sizeof(*grown));
        if (grown == NULL)
            return NULL;
        m->m_rows = grown;
    }
    r = &m->m_rows[m->m_nrows];
    r->m_kind = strdup(kind);
    r->m_name = strdup(name);
    r->m_cells = calloc(m->m_nplat, sizeof(char *));
    r->m_differs = false;
    if (r->m_kind == NULL || r->m_name == NULL || r->m_cells == NULL)
        return NULL;
    m->m_nrows++;
    return r;
}

/* Probe facts first, then observations, then test case results, then
 * the performance ratios. */
static int
kind_rank(const char *kind)
{
    return strcmp(kind, "probe") == 0 ? 0 :
        strcmp(kind, "observation") == 0 ? 1 :
        strcmp(kind, "performance") == 0 ? 3 : 2;
}

static int
row_cmp(const void *a, const void *b)
{
    const row_t *x = a, *y = b;
    int c = kind_rank(x->m_kind) - kind_rank(y->m_kind);

    return c != 0 ? c : strcmp(x->m_name, y->m_name);
}

/* Probe facts that change from run to run on one machine (free space, the
 * probe object's name, kernel build strings) would drown the real
 * differences; the matrix leaves them out. */
static bool
volatile_fact(const char *key)
{
    static const char *const suffixes[] = {
        "free_bytes", "probe_object", "object_file", "host.version",
    };
    static const char *const prefixes[] = {
        "mount_table", "generator", "schema",
    };
    size_t i, klen = strlen(key), slen;

    for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
        slen = strlen(suffixes[i]);
        if (klen >= slen && strcmp(key + klen - slen, suffixes[i]) == 0)
            return true;
    }
    for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
        if (strncmp(key, prefixes[i], strlen(prefixes[i])) == 0)
            return true;
    return false;
}

typedef struct {
    shmc_matrix_t *m_matrix;
    size_t m_column;
    bool m_failed;
} probe_ctx_t;

static void
add_probe_fact(void *arg, const char *key, const shmc_json_t *v)
{
    probe_ctx_t *ctx = arg;
    row_t *row;

    if (volatile_fact(key))
        return;
    row = find_row(ctx->m_matrix, "probe", key);
    if (row == NULL) {
        ctx->m_failed = true;
        return;
    }
    row->m_cells[ctx->m_column] = show(v);
}

static void
add_ratio(void *arg, const char *key, const char *value)
{
    probe_ctx_t *ctx = arg;
    row_t *row = find_row(ctx->m_matrix, "performance", key);

    if (row == NULL || (row->m_cells[ctx->m_column] = strdup(value)) == NULL)
        ctx->m_failed = true;
}

/** Builds the matrix of n reports: one row per observation key and per
 * test case, one column per platform. */
shmc_matrix_t *
shmc_matrix_build(shmc_json_t *const *reports, size_t n)
{
    shmc_matrix_t *m;
    const shmc_json_t *results, *e, *obs;
    char id[160];
    row_t *row;
    size_t p, i, k, c, seen;

    m = calloc(1, sizeof(*m));
    if (m == NULL)
        return NULL;
    m->m_nplat = n;
    m->m_platforms = calloc(n, sizeof(char *));
    if (m->m_platforms == NULL)
        goto fail;
    for (p = 0; p < n; p++) {
        /* Two reports of one platform id stay apart as id#2, id#3, ... */
        for (seen = 1, i = 0; i < p; i++)
            if (strcmp(shmc_report_platform_id(reports[i]),
                shmc_report_platform_id(reports[p])) == 0)
                seen++;
        (void)snprintf(id, sizeof(id), seen > 1 ? "%s#%zu" : "%s",
            shmc_report_platform_id(reports[p]), seen);
        m->m_platforms[p] = strdup(id);
        {
            probe_ctx_t ctx = { m, p, false };

            flatten(shmc_json_get(reports[p], "probes"), "", add_probe_fact,
                &ctx);
            shmc_report_bench_ratios(reports[p], add_ratio, &ctx);
            if (ctx.m_failed)
                goto fail;
        }
        results = shmc_json_get(reports[p], "results");
        for (i = 0; i < shmc_json_count(results); i++) {
            e = shmc_json_item_at(results, i);
            row = find_row(m, "result", shmc_json_string_value(
                shmc_json_get(e, "id")));
            if (row == NULL)
                goto fail;
            /* shmc_report_validate refuses repeated ids; should one come
             * through anyway, the last wins without a leak. */
            free(row->m_cells[p]);
            row->m_cells[p] = strdup(shmc_json_string_value(
                shmc_json_get(e, "status")));
            obs = shmc_json_get(e, "observations");
            for (k = 0; k < shmc_json_count(obs); k++) {
                row = find_row(m, "observation", shmc_json_key_at(obs, k));
                if (row == NULL)
                    goto fail;
                free(row->m_cells[p]);
                row->m_cells[p] = show(shmc_json_item_at(obs, k));
            }
        }
    }
    for (i = 0; i < m->m_nrows; i++) {
        row = &m->m_rows[i];
        for (c = 1; c < n && !row->m_differs; c++)
            row->m_differs = (row->m_cells[c] == NULL) !=
                (row->m_cells[0] == NULL) || (row->m_cells[c] != NULL &&
                strcmp(row->m_cells[c], row->m_cells[0]) != 0);
    }
    qsort(m->m_rows, m->m_nrows, sizeof(row_t), row_cmp);
    return m;

fail:
    shmc_matrix_free(m);
    return NULL;
}

void
shmc_matrix_free(shmc_matrix_t *m)
{
    size_t i, p;

    if (m == NULL)
        return;
    for (i = 0; i < m->m_nrows; i++) {
        for (p = 0; p < m->m_nplat; p++)
            free(m->m_rows[i].m_cells[p]);
        free(m->m_rows[i].m_cells);
        free(m->m_rows[i].m_kind);
        free(m->m_rows[i].m_name);
    }
    for (p = 0; m->m_platforms != NULL && p < m->m_nplat; p++)
        free(m->m_platforms[p]);
    free(m->m_platforms);
    free(m->m_rows);
    free(m);
}

size_t
shmc_matrix_rows(const shmc_matrix_t *m)
{
    return m->m_nrows;
}

size_t
shmc_matrix_differing(const shmc_matrix_t *m)
{
    size_t i, n = 0;

    for (i = 0; i < m->m_nrows; i++)
        n += m->m_rows[i].m_differs;
    return n;
}

/** The matrix as Markdown; only the differing rows when only_diff. */
void
shmc_matrix_md(FILE *f, const shmc_matrix_t *m, bool only_diff)
{
    const char *kind = NULL;
    size_t i, p;

    fprintf(f, "# shmcompat portability matrix%s\n\n%zu platforms, %zu rows, "
        "%zu differ between platforms (marked *).\n", only_diff ?
        ": differences only" : "", m->m_nplat, m->m_nrows,
        shmc_matrix_differing(m));
    for (i = 0; i < m->m_nrows; i++) {
        const row_t *r = &m->m_rows[i];

        if (only_diff && !r->m_differs)
            continue;
        if (kind == NULL || strcmp(kind, r->m_kind) != 0) {
            kind = r->m_kind;
            fprintf(f, "\n## %s\n\n| %s |", strcmp(kind, "result") == 0 ?
                "Test case results" : strcmp(kind, "probe") == 0 ?
                "Probe facts" : strcmp(kind, "performance") == 0 ?
                "Performance ratios (bandwidth of memcpy's, round trip of "
                "the pipe's)" : "Observations", kind);
            for (p = 0; p < m->m_nplat; p++) {
                fputc(' ', f);
                md(f, m->m_platforms[p]);
                fputs(" |", f);
            }
            fputs("\n|---|", f);
            for (p = 0; p < m->m_nplat; p++)
                fputs("---|", f);
            fputc('\n', f);
        }
        fputs("| ", f);
        if (r->m_differs)
            fputs("\\* ", f);
        md(f, r->m_name);
        fputs(" |", f);
        for (p = 0; p < m->m_nplat; p++) {
            fputc(' ', f);
            md(f, r->m_cells[p] != NULL ? r->m_cells[p] : "—");
            fputs(" |", f);
        }
        fputc('\n', f);
    }
}

void
shmc_matrix_csv(FILE *f, const shmc_matrix_t *m)
{
    size_t i, p;

    fputs("kind,row", f);
    for (p = 0; p < m->m_nplat; p++) {
        fputc(',', f);
        csv(f, m->m_platforms[p]);
    }
    fputs(",differs\n", f);
    for (i = 0; i < m->m_nrows; i++) {
        csv(f, m->m_rows[i].m_kind);
        fputc(',', f);
        csv(f, m->m_rows[i].m_name);
        for (p = 0; p < m->m_nplat; p++) {
            fputc(',', f);
            if (m->m_rows[i].m_cells[p] != NULL)
                csv(f, m->m_rows[i].m_cells[p]);
        }
        fputs(m->m_rows[i].m_differs ? ",yes\n" : ",no\n", f);
    }
}

static const char matrix_script[] =
    "<script>\n"
    "(function(){\n"
    "var rows=document.querySelectorAll('#matrix tbody tr');\n"
    "var only=document.getElementById('only');\n"
    "var kind=document.getElementById('kind');\n"
    "function apply(){var n=0;rows.forEach(function(r){\n"
    " var v=(!only.checked||r.classList.contains('differs'))&&"
    "(kind.value===''||r.dataset.kind===kind.value);\n"
    " r.style.display=v?'':'none';if(v)n++;});\n"
    " document.getElementById('shown').textContent=n;\n"
    " document.body.dataset.rows=n;}\n"
    "only.addEventListener('change',apply);"
    "kind.addEventListener('change',apply);\n"
    "apply();document.body.dataset.ready='yes';\n"
    "})();\n</script>\n";

void
shmc_matrix_html(FILE *f, const shmc_matrix_t *m)
{
    size_t i, p;

    fprintf(f, html_head, "shmcompat portability matrix");
    fprintf(f, "<body>\n<h1>shmcompat portability matrix</h1>\n<p>%zu "
        "platforms, %zu rows, %zu differ between platforms.</p>\n"
        "<div id=\"controls\"><label><input type=\"checkbox\" id=\"only\"> "
        "differences only</label><label>rows <select id=\"kind\">"
        "<option value=\"\">all</option><option value=\"probe\">probe facts"
        "</option><option value=\"observation\">"
        "observations</option><option value=\"result\">test case results"
        "</option></select></label> <span id=\"shown\"></span> shown</div>\n"
        "<table id=\"matrix\"><thead><tr><th>row</th>", m->m_nplat,
        m->m_nrows, shmc_matrix_differing(m));
    for (p = 0; p < m->m_nplat; p++) {
        fputs("<th>", f);
        html(f, m->m_platforms[p]);
        fputs("</th>", f);
    }
    fputs("</tr></thead><tbody>\n", f);
    for (i = 0; i < m->m_nrows; i++) {
        const row_t *r = &m->m_rows[i];

        fprintf(f, "<tr data-kind=\"%s\"%s><td><code>", r->m_kind,
            r->m_differs ? " class=\"differs\"" : "");
        html(f, r->m_name);
        fputs("</code></td>", f);
        for (p = 0; p < m->m_nplat; p++) {
            const char *cell = r->m_cells[p];

            if (cell != NULL && strcmp(r->m_kind, "result") == 0) {
                fputs("<td class=\"", f);
                html(f, cell);
                fputs("\">", f);
            } else
                fputs("<td>", f);
            html(f, cell != NULL ? cell : "—");
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
    fputs(matrix_script, f);
    fputs("</body>\n</html>\n", f);
}
