/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "report/render.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "report/bench.h"
#include "report/build.h"
#include "report/questions.h"

/* ---------------------------------------------------------------------
 * Escaping.
 * --------------------------------------------------------------------- */

/* Output gathered in a buffer of our own and handed to stdio in large
 * pieces, and escaping that copies the runs between special characters
 * whole: the raw matrix of a large merge is millions of cells, and a stdio
 * call for each piece of each cost more than the rest of the merge's
 * writing. */
typedef struct {
    FILE *m_f;
    size_t m_len;
    char m_buf[16384];
} sink_t;

static void
sink_flush(sink_t *o)
{
    if (o->m_len > 0)
        (void)fwrite(o->m_buf, 1, o->m_len, o->m_f);
    o->m_len = 0;
}

static void
sink_put(sink_t *o, const char *s, size_t n)
{
    if (n > sizeof(o->m_buf) - o->m_len) {
        sink_flush(o);
        if (n > sizeof(o->m_buf)) {
            (void)fwrite(s, 1, n, o->m_f);
            return;
        }
    }
    memcpy(o->m_buf + o->m_len, s, n);
    o->m_len += n;
}

static void
sink_str(sink_t *o, const char *s)
{
    sink_put(o, s, strlen(s));
}

/* What each escaping replaces: byte c, where m_which[c] is i + 1, becomes
 * m_with[i].  A table rather than strcspn: cells are short, and strcspn's
 * set-up for each took a third of the time a large merge spends writing. */
typedef struct {
    const unsigned char *m_which;
    const char *const *m_with;
} escaping_t;

static const unsigned char html_which[256] = {
    ['&'] = 1, ['<'] = 2, ['>'] = 3, ['"'] = 4, ['\''] = 5,
};
static const char *const html_with[] = {
    "&amp;", "&lt;", "&gt;", "&quot;", "&#39;",
};
static const escaping_t html_esc = { html_which, html_with };

/* Markdown table cells: pipes escaped, line breaks as spaces. */
static const unsigned char md_which[256] = {
    ['|'] = 1, ['\n'] = 2, ['\r'] = 2,
};
static const char *const md_with[] = { "\\|", " " };
static const escaping_t md_esc = { md_which, md_with };

static const unsigned char csv_which[256] = { ['"'] = 1 };
static const char *const csv_with[] = { "\"\"" };
static const escaping_t csv_esc = { csv_which, csv_with };

static void
sink_escaped(sink_t *o, const char *s, const escaping_t *e)
{
    const char *run = s;

    if (s == NULL)
        return;
    for (; *s != '\0'; s++)
        if (e->m_which[(unsigned char)*s] != 0) {
            sink_put(o, run, (size_t)(s - run));
            sink_str(o, e->m_with[e->m_which[(unsigned char)*s] - 1]);
            run = s + 1;
        }
    sink_put(o, run, (size_t)(s - run));
}

static void
escape_to(FILE *f, const char *s, const escaping_t *e)
{
    sink_t o;

    o.m_f = f;
    o.m_len = 0;
    sink_escaped(&o, s, e);
    sink_flush(&o);
}

void
shmc_render_html(FILE *f, const char *s)
{
    escape_to(f, s, &html_esc);
}

void
shmc_render_md(FILE *f, const char *s)
{
    escape_to(f, s, &md_esc);
}

#define html shmc_render_html
#define md shmc_render_md

/** s as a CSV field: quoted, quotes doubled. */
static void
sink_csv(sink_t *o, const char *s)
{
    sink_put(o, "\"", 1);
    sink_escaped(o, s, &csv_esc);
    sink_put(o, "\"", 1);
}

/** A value as people read it: strings bare, the rest as JSON. */
static char *
show(const shmc_json_t *v)
{
    if (v != NULL && shmc_json_type(v) == SHMC_JSON_STRING)
        return strdup(shmc_json_string_value(v));
    return v != NULL ? shmc_json_to_string(v) : strdup("");
}

/** A member's string, or NULL when absent or not a string. */
static const char *
str(const shmc_json_t *obj, const char *key)
{
    const shmc_json_t *v = shmc_json_get(obj, key);

    return v != NULL ? shmc_json_string_value(v) : NULL;
}

static unsigned long long
count(const shmc_json_t *obj, const char *key)
{
    return (unsigned long long)shmc_json_uint_value(shmc_json_get(obj, key));
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

/** Whether a probe fact is a byte count (shown in KiB/MiB/GiB). */
static bool
is_bytes(const char *key, const shmc_json_t *v)
{
    size_t n = strlen(key);

    return shmc_json_type(v) == SHMC_JSON_UINT && ((n > 6 &&
        strcmp(key + n - 6, "_bytes") == 0) || (n >= 6 &&
        strcmp(key + n - 6, "shmmax") == 0));
}

/* ---------------------------------------------------------------------
 * One report: what is in it, in reading order.
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

typedef struct {
    const shmc_json_t *m_report;
    const shmc_questions_t *m_qs;
    shmc_answer_t *m_answers;   /* One per question; NULL if unavailable. */
    size_t m_answered, m_nonconformant, m_unmeasured;
    const shmc_json_t **m_findings;     /* Failed conformance cases. */
    const shmc_json_t **m_other_failed; /* Failed, broken, other. */
    size_t m_nfindings, m_nother, m_nconformance;
} view_t;

static bool
view_init(view_t *v, const shmc_json_t *r)
{
    const shmc_json_t *results = shmc_json_get(r, "results"), *e;
    shmc_facts_t *facts;
    const char *status;
    size_t i, n = shmc_json_count(results);

    memset(v, 0, sizeof(*v));
    v->m_report = r;
    v->m_findings = calloc(n + 1, sizeof(*v->m_findings));
    v->m_other_failed = calloc(n + 1, sizeof(*v->m_other_failed));
    if (v->m_findings == NULL || v->m_other_failed == NULL)
        return false;
    for (i = 0; i < n; i++) {
        e = shmc_json_item_at(results, i);
        status = str(e, "status");
        if (shmc_result_is_conformance(e))
            v->m_nconformance++;
        if (strcmp(status, "failed") == 0 && shmc_result_is_conformance(e))
            v->m_findings[v->m_nfindings++] = e;
        else if (strcmp(status, "passed") != 0 &&
            strcmp(status, "skipped") != 0)
            v->m_other_failed[v->m_nother++] = e;
    }
    if (shmc_is_error(shmc_questions_get(&v->m_qs)))
        return false;
    facts = shmc_facts_new(r);
    v->m_answers = calloc(v->m_qs->m_nquestions + 1, sizeof(shmc_answer_t));
    if (facts == NULL || v->m_answers == NULL) {
        shmc_facts_free(facts);
        return false;
    }
    for (i = 0; i < v->m_qs->m_nquestions; i++) {
        if (!shmc_answer(v->m_qs, &v->m_qs->m_questions[i], facts,
            &v->m_answers[i])) {
            shmc_facts_free(facts);
            return false;
        }
        switch (v->m_answers[i].m_kind) {
        case SHMC_ANSWER_MEASURED: v->m_answered++; break;
        case SHMC_ANSWER_NONCONFORMANT: v->m_nonconformant++; break;
        default: v->m_unmeasured++;
        }
    }
    shmc_facts_free(facts);
    return true;
}

static void
view_free(view_t *v)
{
    size_t i;

    for (i = 0; v->m_answers != NULL && i < v->m_qs->m_nquestions; i++)
        shmc_answer_clear(&v->m_answers[i]);
    free(v->m_answers);
    free(v->m_findings);
    free(v->m_other_failed);
}

/** The platform in one line: OS and release, libc, machine, and where
 * shm_open objects live. */
static void
platform_line(FILE *f, const shmc_json_t *r, void (*esc)(FILE *,
    const char *))
{
    const shmc_json_t *p = shmc_json_get(r, "platform");
    const shmc_json_t *probes = shmc_json_get(r, "probes");
    const shmc_json_t *size = shmc_json_find(probes, "shm_dir.size_bytes");
    const shmc_json_t *dirv = shmc_json_find(probes, "shm_dir.path");
    const shmc_json_t *fsv = shmc_json_find(probes, "shm_dir.fstype");
    const char *dir = dirv != NULL ? shmc_json_string_value(dirv) : NULL;
    const char *fstype = fsv != NULL ? shmc_json_string_value(fsv) : NULL;
    char human[64];

    esc(f, str(p, "os") != NULL ? str(p, "os") : "unknown OS");
    fputs(" ", f);
    esc(f, str(p, "release"));
    if (str(p, "libc") != NULL) {
        fputs(" · ", f);
        esc(f, str(p, "libc"));
        fputs(" ", f);
        esc(f, str(p, "libc_version"));
    }
    fputs(" · ", f);
    esc(f, str(p, "machine"));
    if (dir != NULL) {
        fputs(" · shm_open objects in ", f);
        esc(f, dir);
        if (fstype != NULL) {
            fputs(" (", f);
            esc(f, fstype);
            if (size != NULL && shmc_json_type(size) == SHMC_JSON_UINT) {
                shmc_human_size(shmc_json_uint_value(size), human,
                    sizeof(human));
                fputs(", ", f);
                esc(f, human);
            }
            fputs(")", f);
        }
    } else
        fputs(" · shm_open objects have no file", f);
    if (str(p, "label") != NULL) {
        fputs(" · configuration ", f);
        esc(f, str(p, "label"));
    }
}

/** The POSIX requirement a failure names ("XSH shm_unlink [EACCES]") and
 * what happened, split at the first ": " after it. */
static void
split_failure(const char *msg, char *req, size_t size, const char **rest)
{
    const char *colon = strncmp(msg, "XSH ", 4) == 0 ? strstr(msg, ": ") :
        NULL;

    if (colon == NULL) {
        req[0] = '\0';
        *rest = msg;
        return;
    }
    (void)snprintf(req, size, "%.*s", (int)(colon - msg), msg);
    *rest = colon + 2;
}

static const char *
program_name(const shmc_json_t *e, char *buf, size_t size)
{
    const char *id = str(e, "id"), *slash = strrchr(id, '/');
    const char *start = slash != NULL ? slash + 1 : id;

    (void)snprintf(buf, size, "%.*s", (int)strcspn(start, ":"), start);
    return buf;
}

/* ---------------------------------------------------------------------
 * Markdown.
 * --------------------------------------------------------------------- */

static void
md_from(FILE *f, const shmc_question_t *q)
{
    size_t i, n = 0;

    for (i = 0; i < q->m_nobs; i++, n++)
        fprintf(f, "%s`%s`", n > 0 ? ", " : "", q->m_obs[i]);
    for (i = 0; i < q->m_nprobes; i++, n++)
        fprintf(f, "%sprobe `%s`", n > 0 ? ", " : "", q->m_probes[i]);
    for (i = 0; i < q->m_ncases; i++, n++)
        fprintf(f, "%scase `%s`", n > 0 ? ", " : "", q->m_cases[i]);
}

static void
md_fact(void *arg, const char *key, const shmc_json_t *v)
{
    FILE *f = arg;
    char *text = show(v), human[64];

    fputs("| ", f);
    md(f, key);
    fputs(" | ", f);
    if (is_bytes(key, v)) {
        shmc_human_size(shmc_json_uint_value(v), human, sizeof(human));
        fprintf(f, "%s (%s bytes)", human, text);
    } else
        md(f, text);
    fputs(" |\n", f);
    free(text);
}

static void
md_findings(FILE *f, const view_t *v)
{
    const shmc_json_t *e, *failures;
    const char *rest;
    char req[256];
    size_t i, k;

    fputs("## Conformance findings\n\n", f);
    if (v->m_nfindings == 0)
        fprintf(f, "None: all %zu conformance cases that ran passed.\n",
            v->m_nconformance);
    else {
        fputs("| case | POSIX requires | what happened |\n|---|---|---|\n",
            f);
        for (i = 0; i < v->m_nfindings; i++) {
            e = v->m_findings[i];
            failures = shmc_json_get(e, "failures");
            fputs("| `", f);
            md(f, case_name(e));
            fputs("` | ", f);
            split_failure(shmc_result_failure(e), req, sizeof(req), &rest);
            md(f, req[0] != '\0' ? req : str(e, "description"));
            fputs(" | ", f);
            md(f, rest);
            for (k = 1; k < shmc_json_count(failures); k++) {
                fputs("; ", f);
                md(f, shmc_json_string_value(shmc_json_item_at(failures, k)));
            }
            fputs(" |\n", f);
        }
    }
    if (v->m_nother > 0) {
        fputs("\nCases that failed without a conformance finding (the "
            "harness could not measure):\n\n", f);
        for (i = 0; i < v->m_nother; i++) {
            e = v->m_other_failed[i];
            fprintf(f, "- `%s` %s: ", str(e, "id"), str(e, "status"));
            md(f, shmc_result_failure(e));
            fputc('\n', f);
        }
    }
}

static void
md_answers(FILE *f, const view_t *v)
{
    const shmc_topic_t *topic = NULL;
    const shmc_answer_t *a;
    size_t i;

    fputs("\n## Answers\n", f);
    for (i = 0; i < v->m_qs->m_nquestions; i++) {
        a = &v->m_answers[i];
        if (a->m_question->m_topic != topic) {
            topic = a->m_question->m_topic;
            fprintf(f, "\n### %s\n\n| question | answer | from |\n"
                "|---|---|---|\n", topic->m_title);
        }
        fputs("| ", f);
        md(f, a->m_question->m_ask);
        fputs(" | ", f);
        if (a->m_kind == SHMC_ANSWER_NONCONFORMANT)
            fputs("**not POSIX-conformant:** ", f);
        md(f, a->m_text);
        fputs(" | ", f);
        md_from(f, a->m_question);
        fputs(" |\n", f);
    }
}

/** How a row of the observations table is written, in Markdown or HTML:
 * what opens and closes the key, goes between cells, wraps the case and
 * ends the row, and the escaper for the text. */
typedef struct {
    const char *m_key_open, *m_key_close, *m_sep, *m_case_open,
        *m_case_close, *m_row_close;
    void (*m_esc)(FILE *, const char *);
} row_style_t;

static const row_style_t md_row = { "| `", "`", " | ", "", "", " |\n",
    shmc_render_md };
static const row_style_t html_row = { "<tr><td><code>", "</code>",
    "</td><td>", "<code>", "</code>", "</td></tr>\n", shmc_render_html };

/** One row per observation of every result: key, value, the catalogue's
 * meaning, and the case that recorded it. */
static void
observation_rows(FILE *f, const shmc_json_t *results, const row_style_t *st)
{
    const shmc_json_t *e, *obs;
    const char *meaning;
    char *text;
    size_t i, k;

    for (i = 0; i < shmc_json_count(results); i++) {
        e = shmc_json_item_at(results, i);
        obs = shmc_json_get(e, "observations");
        for (k = 0; k < shmc_json_count(obs); k++) {
            text = show(shmc_json_item_at(obs, k));
            meaning = shmc_report_meaning(shmc_json_key_at(obs, k));
            fputs(st->m_key_open, f);
            st->m_esc(f, shmc_json_key_at(obs, k));
            fputs(st->m_key_close, f);
            fputs(st->m_sep, f);
            st->m_esc(f, text);
            fputs(st->m_sep, f);
            st->m_esc(f, meaning != NULL ? meaning :
                "(not in the catalogue)");
            fputs(st->m_sep, f);
            fputs(st->m_case_open, f);
            st->m_esc(f, case_name(e));
            fputs(st->m_case_close, f);
            fputs(st->m_row_close, f);
            free(text);
        }
    }
}

static void
md_observations(FILE *f, const shmc_json_t *results)
{
    fputs("\n### Observations\n\n| observation | value | meaning | case |\n"
        "|---|---|---|---|\n", f);
    observation_rows(f, results, &md_row);
}

void
shmc_render_report_md(FILE *f, const shmc_json_t *r)
{
    const shmc_json_t *results = shmc_json_get(r, "results"), *e;
    const shmc_json_t *summary = shmc_json_get(r, "summary");
    const char *area = NULL, *a;
    view_t v;
    size_t i;

    if (!view_init(&v, r)) {
        view_free(&v);
        fputs("(out of memory)\n", f);
        return;
    }
    fprintf(f, "# shmcompat report: %s\n\n", shmc_report_platform_id(r));
    platform_line(f, r, md);
    fprintf(f, "\n\n**%llu cases:** %llu passed, %llu failed, %llu skipped, "
        "%llu broken; %llu observations; %zu questions: %zu answered, %zu "
        "not POSIX-conformant, %zu not measured here.\n\n", count(summary,
        "total"), count(summary, "passed"), count(summary, "failed"),
        count(summary, "skipped"), count(summary, "broken"), count(summary,
        "observations"), v.m_qs->m_nquestions, v.m_answered,
        v.m_nonconformant, v.m_unmeasured);
    md_findings(f, &v);
    md_answers(f, &v);
    shmc_report_bench_md(f, r);

    fputs("\n## Details\n\n### Probe facts\n\n| fact | value |\n"
        "|---|---|\n", f);
    flatten(shmc_json_get(r, "probes"), "", md_fact, f);
    fputs("\n### Test cases\n", f);
    for (i = 0; i < shmc_json_count(results); i++) {
        e = shmc_json_item_at(results, i);
        a = str(e, "area");
        if (area == NULL || strcmp(area, a) != 0) {
            area = a;
            fprintf(f, "\n#### %s\n\n| case | result | reason |\n"
                "|---|---|---|\n", area);
        }
        fputs("| ", f);
        md(f, case_name(e));
        fputs(" | ", f);
        md(f, str(e, "status"));
        fputs(" | ", f);
        md(f, strcmp(str(e, "status"), "failed") == 0 ?
            shmc_result_failure(e) : str(e, "reason"));
        fputs(" |\n", f);
    }
    md_observations(f, results);
    view_free(&v);
}

/* ---------------------------------------------------------------------
 * HTML.
 * --------------------------------------------------------------------- */

static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width\">\n"
    "<title>%s</title>\n<style>\n"
    "body{font:15px/1.4 system-ui,sans-serif;margin:0 auto;padding:1em 1.5em;"
    "max-width:78em;color:#1d2329}"
    "h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.25em;margin:1.2em 0 .4em;"
    "border-bottom:2px solid #dde3ea}h3{font-size:1.05em;margin:1em 0 .3em}"
    "table{border-collapse:collapse;margin:.3em 0;width:100%%}"
    "td,th{border-bottom:1px solid #e3e7ec;padding:.3em .5em;text-align:left;"
    "vertical-align:top}th{background:#f3f5f8;font-weight:600}"
    "code{font-size:90%%;background:#f3f5f8;padding:0 .2em;border-radius:3px}"
    ".id{font:600 .75em ui-monospace,monospace;color:#555;margin-left:.5em}"
    ".platform{font-size:1.1em;margin:.2em 0}"
    ".counts span{display:inline-block;padding:.1em .6em;margin:.15em .2em "
    ".15em 0;border-radius:1em;background:#eef1f4}"
    ".counts .passed{background:#d9f2d9}.counts .failed{background:#f8d0d0}"
    ".counts .broken{background:#f4b183}"
    ".ok{color:#1b6b1b}.bad{color:#a01010}"
    ".size{border-bottom:1px dotted #888;cursor:help}"
    ".from{font-size:.8em;color:#555;width:28%%}.from code{font-size:95%%}"
    "tr.not_conformant td{background:#fbe3e3}"
    "tr.not_measured td.answer{color:#777;font-style:italic}"
    "th.q{width:28%%;font-weight:500;background:none}"
    "nav a{margin-right:.8em;white-space:nowrap}"
    "details{margin:.4em 0}summary{cursor:pointer;font-weight:600;"
    "padding:.3em 0}"
    ".passed{background:#d9f2d9}.failed{background:#f8d0d0}"
    ".broken{background:#f4b183}.skipped{background:#eee}"
    ".expected_failure{background:#fff2cc}.differs{background:#fff2cc}"
    "#controls label{margin-right:1em}"
    "</style>\n</head>\n";

static void
html_from(FILE *f, const shmc_question_t *q)
{
    size_t i, n = 0;

    for (i = 0; i < q->m_nobs; i++, n++) {
        fputs(n > 0 ? ", <code>" : "<code>", f);
        html(f, q->m_obs[i]);
        fputs("</code>", f);
    }
    for (i = 0; i < q->m_nprobes; i++, n++) {
        fputs(n > 0 ? ", probe <code>" : "probe <code>", f);
        html(f, q->m_probes[i]);
        fputs("</code>", f);
    }
    for (i = 0; i < q->m_ncases; i++, n++) {
        fputs(n > 0 ? ", case <code>" : "case <code>", f);
        html(f, q->m_cases[i]);
        fputs("</code>", f);
    }
}

static void
html_fact(void *arg, const char *key, const shmc_json_t *v)
{
    FILE *f = arg;
    char *text = show(v), human[64];

    fputs("<tr><td><code>", f);
    html(f, key);
    fputs("</code></td><td>", f);
    if (is_bytes(key, v)) {
        shmc_human_size(shmc_json_uint_value(v), human, sizeof(human));
        fprintf(f, "<span class=\"size\" title=\"%s bytes\">%s</span>", text,
            human);
    } else
        html(f, text);
    fputs("</td></tr>\n", f);
    free(text);
}

static void
html_findings(FILE *f, const view_t *v)
{
    const shmc_json_t *e, *failures;
    const char *rest;
    char req[256], prog[128];
    size_t i, k;

    fputs("<section id=\"findings\"><h2>Conformance findings</h2>\n", f);
    if (v->m_nfindings == 0)
        fprintf(f, "<p class=\"ok\">None: all %zu conformance cases that ran "
            "passed.</p>\n", v->m_nconformance);
    else {
        fputs("<table><thead><tr><th>case</th><th>POSIX requires</th>"
            "<th>what happened instead</th></tr></thead><tbody>\n", f);
        for (i = 0; i < v->m_nfindings; i++) {
            e = v->m_findings[i];
            failures = shmc_json_get(e, "failures");
            split_failure(shmc_result_failure(e), req, sizeof(req), &rest);
            fputs("<tr class=\"not_conformant\"><td><code>", f);
            html(f, case_name(e));
            fputs("</code><br><small>", f);
            html(f, program_name(e, prog, sizeof(prog)));
            fputs("</small></td><td>", f);
            html(f, req[0] != '\0' ? req : str(e, "description") != NULL ?
                str(e, "description") : "(the case names no requirement)");
            fputs("</td><td class=\"bad\">", f);
            html(f, rest);
            for (k = 1; k < shmc_json_count(failures); k++) {
                fputs("<br>", f);
                html(f, shmc_json_string_value(shmc_json_item_at(failures,
                    k)));
            }
            fputs("</td></tr>\n", f);
        }
        fputs("</tbody></table>\n", f);
    }
    if (v->m_nother > 0) {
        fputs("<p>Cases that failed without a conformance finding (the "
            "harness could not measure):</p><ul>\n", f);
        for (i = 0; i < v->m_nother; i++) {
            e = v->m_other_failed[i];
            fputs("<li><code>", f);
            html(f, str(e, "id"));
            fputs("</code> ", f);
            html(f, str(e, "status"));
            fputs(": ", f);
            html(f, shmc_result_failure(e));
            fputs("</li>\n", f);
        }
        fputs("</ul>\n", f);
    }
    fputs("</section>\n", f);
}

static const char *const kind_class[] = {
    "measured", "not_conformant", "not_measured",
};

static void
html_answers(FILE *f, const view_t *v)
{
    const shmc_topic_t *topic = NULL;
    const shmc_answer_t *a;
    size_t i;

    fputs("<section id=\"answers\"><h2>Answers</h2>\n<nav>", f);
    for (i = 0; i < v->m_qs->m_ntopics; i++) {
        fputs("<a href=\"#topic-", f);
        html(f, v->m_qs->m_topics[i].m_id);
        fputs("\">", f);
        html(f, v->m_qs->m_topics[i].m_title);
        fputs("</a> ", f);
    }
    fputs("</nav>\n", f);
    for (i = 0; i < v->m_qs->m_nquestions; i++) {
        a = &v->m_answers[i];
        if (a->m_question->m_topic != topic) {
            if (topic != NULL)
                fputs("</tbody></table>\n", f);
            topic = a->m_question->m_topic;
            fputs("<h3 id=\"topic-", f);
            html(f, topic->m_id);
            fputs("\">", f);
            html(f, topic->m_title);
            fputs("</h3>\n<table class=\"answers\"><tbody>\n", f);
        }
        fprintf(f, "<tr class=\"%s\" id=\"q-", kind_class[a->m_kind]);
        html(f, a->m_question->m_id);
        fputs("\"><th class=\"q\">", f);
        html(f, a->m_question->m_ask);
        fputs("</th><td class=\"answer\">", f);
        if (a->m_kind == SHMC_ANSWER_NONCONFORMANT)
            fputs("<strong class=\"bad\">Not POSIX-conformant:</strong> ", f);
        fputs(a->m_html, f);
        fputs("</td><td class=\"from\">", f);
        html_from(f, a->m_question);
        fputs("</td></tr>\n", f);
    }
    if (topic != NULL)
        fputs("</tbody></table>\n", f);
    fputs("</section>\n", f);
}

static void
html_cases(FILE *f, const shmc_json_t *results)
{
    const shmc_json_t *e;
    const char *last = NULL, *a;
    size_t i, s;

    fprintf(f, "<details id=\"cases\"><summary>Test cases (%zu)</summary>\n"
        "<div id=\"controls\"><label>area <select id=\"area\">"
        "<option value=\"\">all</option>", shmc_json_count(results));
    for (i = 0; i < shmc_json_count(results); i++) {
        a = str(shmc_json_item_at(results, i), "area");
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
        "<th>description, or what happened</th></tr></thead><tbody>\n", f);
    for (i = 0; i < shmc_json_count(results); i++) {
        e = shmc_json_item_at(results, i);
        fputs("<tr data-area=\"", f);
        html(f, str(e, "area"));
        fputs("\" data-status=\"", f);
        html(f, str(e, "status"));
        fputs("\"><td>", f);
        html(f, str(e, "area"));
        fputs("</td><td><code>", f);
        html(f, case_name(e));
        fputs("</code></td><td class=\"", f);
        html(f, str(e, "status"));
        fputs("\">", f);
        html(f, str(e, "status"));
        fputs("</td><td>", f);
        if (strcmp(str(e, "status"), "failed") == 0)
            html(f, shmc_result_failure(e));
        else if (str(e, "reason") != NULL)
            html(f, str(e, "reason"));
        else
            html(f, str(e, "description"));
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table></details>\n", f);
}

static void
html_observations(FILE *f, const shmc_json_t *r)
{
    fprintf(f, "<details id=\"observations\"><summary>Observations (%llu), "
        "with their meanings</summary>\n<table><thead><tr><th>observation"
        "</th><th>value</th><th>meaning</th><th>case</th></tr></thead>"
        "<tbody>\n", count(shmc_json_get(r, "summary"), "observations"));
    observation_rows(f, shmc_json_get(r, "results"), &html_row);
    fputs("</tbody></table></details>\n", f);
}

/* Filters the cases by area and status; marks the body when done, with
 * what a check in a browser needs: rows shown, tables left empty, and
 * whether the summary and the findings are on the first screen. */
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
    "apply();\n"
    "var empty=0;document.querySelectorAll('table').forEach(function(t){\n"
    " if(t.querySelectorAll('tbody tr').length===0)empty++;});\n"
    "document.body.dataset.emptyTables=empty;\n"
    "function onFirst(id){var e=document.getElementById(id);\n"
    " return e!==null&&e.getBoundingClientRect().top<window.innerHeight;}\n"
    "document.body.dataset.firstScreen=onFirst('summary')&&"
    "onFirst('findings')?'yes':'no';\n"
    "document.body.dataset.ready='yes';\n"
    "})();\n</script>\n";

void
shmc_render_report_html(FILE *f, const shmc_json_t *r)
{
    const shmc_json_t *summary = shmc_json_get(r, "summary");
    view_t v;
    size_t s;

    if (!view_init(&v, r)) {
        view_free(&v);
        fputs("<p>out of memory</p>\n", f);
        return;
    }
    fprintf(f, html_head, "shmcompat report");
    fputs("<body>\n<header id=\"summary\"><h1>shmcompat report"
        "<span class=\"id\">", f);
    html(f, shmc_report_platform_id(r));
    fputs("</span></h1>\n<p class=\"platform\">", f);
    platform_line(f, r, html);
    fprintf(f, "</p>\n<p class=\"counts\"><strong>%llu cases:</strong> ",
        count(summary, "total"));
    for (s = 0; s < SHMC_REPORT_NSTATUSES; s++) {
        if (s == 3 && count(summary, statuses[s]) == 0)
            continue;
        fprintf(f, "<span class=\"%s\">%llu %s</span>", count(summary,
            statuses[s]) > 0 ? statuses[s] : "", count(summary, statuses[s]),
            s == 3 ? "expected failures" : statuses[s]);
    }
    fprintf(f, " <span>%llu observations</span> <span>%zu questions: %zu "
        "answered, %zu not POSIX-conformant, %zu not measured</span></p>\n"
        "</header>\n", count(summary, "observations"),
        v.m_qs->m_nquestions, v.m_answered, v.m_nonconformant,
        v.m_unmeasured);
    html_findings(f, &v);
    html_answers(f, &v);
    shmc_report_bench_html(f, r);
    fputs("<h2>Details</h2>\n<details id=\"probes\"><summary>Platform and "
        "probe facts</summary>\n<table><tbody>\n", f);
    flatten(shmc_json_get(r, "platform"), "platform", html_fact, f);
    flatten(shmc_json_get(r, "probes"), "probes", html_fact, f);
    fputs("</tbody></table></details>\n", f);
    html_cases(f, shmc_json_get(r, "results"));
    html_observations(f, r);
    fputs(report_script, f);
    fputs("</body>\n</html>\n", f);
    view_free(&v);
}

/* ---------------------------------------------------------------------
 * The raw matrix, for machines and for looking a row up.
 * --------------------------------------------------------------------- */

/** The matrix as Markdown; only the differing rows when only_diff. */
void
shmc_matrix_md(FILE *f, const shmc_matrix_t *m, bool only_diff)
{
    const char *kind = NULL;
    size_t i, p;
    sink_t sink, *o = &sink;

    fprintf(f, "# shmcompat portability matrix%s\n\n%zu platforms, %zu rows, "
        "%zu differ between platforms (marked *).\n", only_diff ?
        ": differences only" : "", m->m_nplat, m->m_nrows,
        shmc_matrix_differing(m));
    o->m_f = f;
    o->m_len = 0;
    for (i = 0; i < m->m_nrows; i++) {
        const shmc_matrix_row_t *r = &m->m_rows[i];

        if (only_diff && !r->m_differs)
            continue;
        if (kind == NULL || strcmp(kind, r->m_kind) != 0) {
            kind = r->m_kind;
            sink_str(o, "\n## ");
            sink_str(o, strcmp(kind, "result") == 0 ?
                "Test case results" : strcmp(kind, "probe") == 0 ?
                "Probe facts" : strcmp(kind, "performance") == 0 ?
                "Performance ratios (bandwidth of memcpy's, round trip of "
                "the pipe's)" : "Observations");
            sink_str(o, "\n\n| ");
            sink_str(o, kind);
            sink_str(o, " |");
            for (p = 0; p < m->m_nplat; p++) {
                sink_put(o, " ", 1);
                sink_escaped(o, m->m_platforms[p], &md_esc);
                sink_str(o, " |");
            }
            sink_str(o, "\n|---|");
            for (p = 0; p < m->m_nplat; p++)
                sink_str(o, "---|");
            sink_put(o, "\n", 1);
        }
        sink_str(o, "| ");
        if (r->m_differs)
            sink_str(o, "\\* ");
        sink_escaped(o, r->m_name, &md_esc);
        sink_str(o, " |");
        for (p = 0; p < m->m_nplat; p++) {
            sink_put(o, " ", 1);
            sink_escaped(o, r->m_cells[p] != NULL ? r->m_cells[p] : "—",
                &md_esc);
            sink_str(o, " |");
        }
        sink_put(o, "\n", 1);
    }
    sink_flush(o);
}

void
shmc_matrix_csv(FILE *f, const shmc_matrix_t *m)
{
    size_t i, p;
    sink_t sink, *o = &sink;

    o->m_f = f;
    o->m_len = 0;
    sink_str(o, "kind,row");
    for (p = 0; p < m->m_nplat; p++) {
        sink_put(o, ",", 1);
        sink_csv(o, m->m_platforms[p]);
    }
    sink_str(o, ",differs\n");
    for (i = 0; i < m->m_nrows; i++) {
        sink_csv(o, m->m_rows[i].m_kind);
        sink_put(o, ",", 1);
        sink_csv(o, m->m_rows[i].m_name);
        for (p = 0; p < m->m_nplat; p++) {
            sink_put(o, ",", 1);
            if (m->m_rows[i].m_cells[p] != NULL)
                sink_csv(o, m->m_rows[i].m_cells[p]);
        }
        sink_str(o, m->m_rows[i].m_differs ? ",yes\n" : ",no\n");
    }
    sink_flush(o);
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
    sink_t sink, *o = &sink;

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
    o->m_f = f;
    o->m_len = 0;
    for (p = 0; p < m->m_nplat; p++) {
        sink_str(o, "<th>");
        sink_escaped(o, m->m_platforms[p], &html_esc);
        sink_str(o, "</th>");
    }
    sink_str(o, "</tr></thead><tbody>\n");
    for (i = 0; i < m->m_nrows; i++) {
        const shmc_matrix_row_t *r = &m->m_rows[i];
        bool result = strcmp(r->m_kind, "result") == 0;

        sink_str(o, "<tr data-kind=\"");
        sink_str(o, r->m_kind);
        sink_str(o, r->m_differs ? "\" class=\"differs\"><td><code>" :
            "\"><td><code>");
        sink_escaped(o, r->m_name, &html_esc);
        sink_str(o, "</code></td>");
        for (p = 0; p < m->m_nplat; p++) {
            const char *cell = r->m_cells[p];

            if (cell != NULL && result) {
                sink_str(o, "<td class=\"");
                sink_escaped(o, cell, &html_esc);
                sink_str(o, "\">");
            } else
                sink_str(o, "<td>");
            sink_escaped(o, cell != NULL ? cell : "—", &html_esc);
            sink_str(o, "</td>");
        }
        sink_str(o, "</tr>\n");
    }
    sink_str(o, "</tbody></table>\n");
    sink_flush(o);
    fputs(matrix_script, f);
    fputs("</body>\n</html>\n", f);
}
