/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "report/matrix.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/bench.h"
#include "report/build.h"

/** The one copy of text in the model's pool: cells repeat ("passed",
 * "ok", true) across rows and platforms, and a copy each would cost a
 * million allocations on a large merge.  near, when not NULL, is a pooled
 * text to try first: the cell of the platform before in the same row,
 * which most rows repeat. */
static const char *
intern(shmc_matrix_t *m, const char *text, const char *near)
{
    char *copy;

    if (near != NULL && strcmp(near, text) == 0)
        return near;
    copy = shmc_strmap_get(m->m_pool, text);
    if (copy != NULL)
        return copy;
    copy = strdup(text);
    if (copy == NULL || !shmc_strmap_put(m->m_pool, text, copy)) {
        free(copy);
        return NULL;
    }
    return copy;
}

/** The decimal digits of u (after a '-' when negative), written to end
 * at the end of a buffer of at least 22 bytes; returns where they start.
 * snprintf took 700 instructions an integer, a tenth of the time adding a
 * report takes. */
static char *
decimal(uint64_t u, bool negative, char *end)
{
    *--end = '\0';
    do {
        *--end = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (negative)
        *--end = '-';
    return end;
}

/** The cell of row on platform p: v as people read it, interned (strings
 * bare, the rest as JSON). */
static const char *
show(shmc_matrix_t *m, const shmc_matrix_row_t *row, size_t p,
    const shmc_json_t *v)
{
    const char *near = p > 0 ? row->m_cells[p - 1] : NULL, *cell;
    char *text, digits[24];
    int64_t i;

    switch (shmc_json_type(v)) {
    case SHMC_JSON_STRING:
        return intern(m, shmc_json_string_value(v), near);
    case SHMC_JSON_BOOL:
        return intern(m, shmc_json_bool_value(v) ? "true" : "false", near);
    case SHMC_JSON_NULL:
        return intern(m, "null", near);
    /* Integers as the JSON writer spells them, without its buffers. */
    case SHMC_JSON_UINT:
        return intern(m, decimal(shmc_json_uint_value(v), false,
            digits + sizeof(digits)), near);
    case SHMC_JSON_INT:
        /* The magnitude of INT64_MIN too, without overflow. */
        i = shmc_json_int_value(v);
        return intern(m, decimal(i < 0 ? (uint64_t)-(i + 1) + 1 :
            (uint64_t)i, i < 0, digits + sizeof(digits)), near);
    default:
        text = shmc_json_to_string(v);
        cell = text != NULL ? intern(m, text, near) : NULL;
        free(text);
        return cell;
    }
}

/* Text the model keeps (rows' names, the answers' words) side by side in
 * large blocks rather than each in an allocation of its own: reports list
 * rows in much the same order, so the names compared next are near in
 * memory; and small allocations that live on, made while a report's tree
 * is in memory, would be left scattered in the space the next report's
 * tree takes, which made a large merge's allocations a third slower. */
struct shmc_matrix_text {
    struct shmc_matrix_text *m_prev;
    size_t m_used, m_size;
    char m_text[];
};

#define TEXT_BLOCK 65536

/** A copy of the len bytes of s and a NUL among the model's kept text;
 * NULL when out of memory. */
static char *
keep_text(shmc_matrix_t *m, const char *s, size_t len)
{
    struct shmc_matrix_text *b = m->m_text;
    size_t size;
    char *copy;

    if (b == NULL || b->m_size - b->m_used < len + 1) {
        size = len + 1 > TEXT_BLOCK ? len + 1 : TEXT_BLOCK;
        b = malloc(sizeof(*b) + size);
        if (b == NULL)
            return NULL;
        b->m_prev = m->m_text;
        b->m_used = 0;
        b->m_size = size;
        m->m_text = b;
    }
    copy = b->m_text + b->m_used;
    memcpy(copy, s, len);
    copy[len] = '\0';
    b->m_used += len + 1;
    return copy;
}

/** Moves the malloc'ed string *s into the model's kept text; false when
 * out of memory (*s is then freed and NULL). */
static bool
keep_moved(shmc_matrix_t *m, char **s)
{
    char *copy;

    if (*s == NULL)
        return true;
    copy = keep_text(m, *s, strlen(*s));
    free(*s);
    *s = copy;
    return copy != NULL;
}

/** The row of kind and name, added when new: first the row that came
 * next the last time (reports list their rows in much the same order, and
 * that row is near in memory), else a hash lookup, so that merging stays
 * linear in rows times platforms.  kind is a static string, kept as it
 * is. */
static shmc_matrix_row_t *
find_row(shmc_matrix_t *m, const char *kind, const char *name)
{
    shmc_matrix_row_t *grown, *r;
    char key[1024];
    size_t kl = strlen(kind), nl = strlen(name), *link;
    uintptr_t at;

    link = m->m_last != 0 ? &m->m_rows[m->m_last - 1].m_next : NULL;
    if (link != NULL && *link != 0) {
        r = &m->m_rows[*link - 1];
        if (strcmp(r->m_name, name) == 0 && strcmp(r->m_kind, kind) == 0) {
            m->m_last = *link;
            return r;
        }
    }
    /* "kind\037name", built by hand: this runs once per cell. */
    if (kl + nl + 2 > sizeof(key))
        nl = sizeof(key) - kl - 2;
    memcpy(key, kind, kl);
    key[kl] = '\037';
    memcpy(key + kl + 1, name, nl);
    key[kl + 1 + nl] = '\0';
    at = (uintptr_t)shmc_strmap_get(m->m_index, key);
    if (at == 0) {
        if (m->m_nrows == m->m_cap) {
            m->m_cap = m->m_cap == 0 ? 512 : m->m_cap * 2;
            grown = realloc(m->m_rows, m->m_cap * sizeof(*grown));
            if (grown == NULL)
                return NULL;
            m->m_rows = grown;
        }
        r = &m->m_rows[m->m_nrows];
        r->m_kind = kind;
        r->m_name = keep_text(m, name, strlen(name));
        r->m_cells = calloc(m->m_nplat, sizeof(*r->m_cells));
        r->m_differs = false;
        r->m_asked = strcmp(kind, "observation") == 0 ?
            shmc_questions_name(name) : strcmp(kind, "result") == 0 &&
            shmc_questions_name(shmc_result_case(name));
        r->m_next = 0;
        if (r->m_name == NULL || r->m_cells == NULL) {
            free(r->m_cells);
            return NULL;
        }
        m->m_nrows++;
        if (!shmc_strmap_put(m->m_index, key, (void *)(uintptr_t)m->m_nrows))
            return NULL;
        at = m->m_nrows;
    }
    /* The rows may have moved. */
    if (m->m_last != 0)
        m->m_rows[m->m_last - 1].m_next = at;
    m->m_last = at;
    return &m->m_rows[at - 1];
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
    const shmc_matrix_row_t *x = a, *y = b;
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

/** Adds each stable probe fact of v (arrays count as one value). */
static bool
add_probe_facts(shmc_matrix_t *m, size_t p, const shmc_json_t *v,
    const char *prefix)
{
    shmc_matrix_row_t *row;
    char key[512];
    size_t i;

    if (v == NULL)
        return true;
    if (shmc_json_type(v) != SHMC_JSON_OBJECT) {
        if (volatile_fact(prefix))
            return true;
        row = find_row(m, "probe", prefix);
        if (row == NULL)
            return false;
        row->m_cells[p] = show(m, row, p, v);
        return row->m_cells[p] != NULL;
    }
    for (i = 0; i < shmc_json_count(v); i++) {
        (void)snprintf(key, sizeof(key), "%s%s%s", prefix,
            *prefix != '\0' ? "." : "", shmc_json_key_at(v, i));
        if (!add_probe_facts(m, p, shmc_json_item_at(v, i), key))
            return false;
    }
    return true;
}

/** Whether id has part (len bytes) as one of its "-", "+" or "#"
 * separated parts. */
static bool
has_part(const char *id, const char *part, size_t len)
{
    const char *o;
    size_t n;

    for (o = id; *o != '\0'; o += n + (o[n] != '\0')) {
        n = strcspn(o, "-+#");
        if (n == len && strncmp(o, part, len) == 0)
            return true;
    }
    return false;
}

/** The parts of id ("-", "+" and "#" separated) that fewer than
 * keep_below of the platforms share, joined by spaces into label. */
static void
label_of(const shmc_matrix_t *m, const char *id, size_t keep_below,
    char *label, size_t size)
{
    const char *s, *e;
    size_t q, len, shared;

    label[0] = '\0';
    for (s = id; *s != '\0'; s = *e != '\0' ? e + 1 : e) {
        e = s + strcspn(s, "-+#");
        len = (size_t)(e - s);
        for (shared = 0, q = 0; q < m->m_nplat; q++)
            shared += has_part(m->m_platforms[q], s, len);
        if (shared >= keep_below)
            continue;
        if (label[0] != '\0')
            (void)strncat(label, " ", size - strlen(label) - 1);
        if (s > id && (s[-1] == '+' || s[-1] == '#'))
            (void)strncat(label, s - 1, 1);
        (void)strncat(label, s, len < size - strlen(label) - 1 ? len :
            size - strlen(label) - 1);
    }
}

/** Short column labels: the parts of each id that not every platform
 * shares ("glibc 2.36 +shm64m" beside "musl 1.2"); where that is still
 * long, the parts most platforms do not share; the whole id where a label
 * would be empty or the same as another's. */
static bool
make_labels(shmc_matrix_t *m)
{
    char label[160], most[160];
    size_t p, q;

    for (p = 0; p < m->m_nplat; p++) {
        label_of(m, m->m_platforms[p], m->m_nplat > 1 ? m->m_nplat :
            SIZE_MAX, label, sizeof(label));
        label_of(m, m->m_platforms[p], m->m_nplat / 2 + 1, most,
            sizeof(most));
        m->m_labels[p] = strdup(strlen(label) > 20 && most[0] != '\0' ?
            most : label[0] != '\0' ? label : m->m_platforms[p]);
        if (m->m_labels[p] == NULL)
            return false;
    }
    /* Labels must tell the columns apart. */
    for (p = 0; p < m->m_nplat; p++)
        for (q = p + 1; q < m->m_nplat; q++)
            if (strcmp(m->m_labels[p], m->m_labels[q]) == 0) {
                free(m->m_labels[p]);
                free(m->m_labels[q]);
                m->m_labels[p] = strdup(m->m_platforms[p]);
                m->m_labels[q] = strdup(m->m_platforms[q]);
                if (m->m_labels[p] == NULL || m->m_labels[q] == NULL)
                    return false;
            }
    return true;
}

typedef struct {
    shmc_matrix_t *m_matrix;
    size_t m_column;
    bool m_failed;
} ratio_ctx_t;

/** A performance ratio of the report's bench section as a row. */
static void
add_ratio(void *arg, const char *key, const char *value)
{
    ratio_ctx_t *ctx = arg;
    shmc_matrix_row_t *row = find_row(ctx->m_matrix, "performance", key);

    if (row == NULL ||
        (row->m_cells[ctx->m_column] = intern(ctx->m_matrix, value,
        NULL)) == NULL)
        ctx->m_failed = true;
}

/** The members of result e that merge reads, from one walk over its
 * members: three lookups by name took a twentieth of a merge. */
static void
result_members(const shmc_json_t *e, const char **id,
    const shmc_json_t **status, const shmc_json_t **observations)
{
    shmc_json_iter_t it = shmc_json_iter(e);
    shmc_json_t *value;
    const char *key;

    *id = NULL;
    *status = *observations = NULL;
    while (shmc_json_next(&it, &key, &value))
        if (strcmp(key, "id") == 0)
            *id = shmc_json_string_value(value);
        else if (strcmp(key, "status") == 0)
            *status = value;
        else if (strcmp(key, "observations") == 0)
            *observations = value;
}

/** Adds the rows of report p, noting in facts what questions ask. */
static bool
add_report(shmc_matrix_t *m, size_t p, const shmc_json_t *report,
    shmc_facts_t *facts)
{
    const shmc_json_t *results = shmc_json_get(report, "results"), *e;
    const shmc_json_t *status, *observations;
    shmc_matrix_row_t *row;
    shmc_json_iter_t it;
    shmc_json_t *value;
    const char *key, *id;
    size_t i, count = shmc_json_count(results);
    ratio_ctx_t ctx = { m, p, false };

    if (!add_probe_facts(m, p, shmc_json_get(report, "probes"), ""))
        return false;
    shmc_report_bench_ratios(report, add_ratio, &ctx);
    if (ctx.m_failed)
        return false;
    for (i = 0; i < count; i++) {
        e = shmc_json_item_at(results, i);
        result_members(e, &id, &status, &observations);
        row = find_row(m, "result", id);
        if (row == NULL || (row->m_asked && !shmc_facts_note_case(facts,
            shmc_result_case(id), e)))
            return false;
        row->m_cells[p] = show(m, row, p, status);
        if (row->m_cells[p] == NULL)
            return false;
        it = shmc_json_iter(observations);
        while (shmc_json_next(&it, &key, &value)) {
            row = find_row(m, "observation", key);
            if (row == NULL || (row->m_asked && !shmc_facts_note_obs(facts,
                key, value, e)))
                return false;
            row->m_cells[p] = show(m, row, p, value);
            if (row->m_cells[p] == NULL)
                return false;
        }
    }
    return true;
}

/** Answers every question from the facts of report p. */
static bool
add_answers(shmc_matrix_t *m, size_t p, const shmc_facts_t *facts)
{
    const shmc_questions_t *qs = m->m_questions;
    size_t q;
    bool ok = true;

    shmc_answer_t *a;
    char **words[6];
    size_t i;

    for (q = 0; ok && q < qs->m_nquestions; q++) {
        a = &m->m_answers[q * m->m_nplat + p];
        if (!shmc_answer(qs, &qs->m_questions[q], facts, a))
            return false;
        words[0] = &a->m_text;
        words[1] = &a->m_html;
        words[2] = &a->m_short;
        words[3] = &a->m_short_html;
        words[4] = &a->m_number_text;
        words[5] = &a->m_number_html;
        /* Every string moved, even after one failed: none is left to
         * free. */
        for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
            ok = keep_moved(m, words[i]) && ok;
        for (i = 0; i < a->m_nsegments; i++)
            ok = keep_moved(m, &a->m_segments[i]) && ok;
    }
    return ok;
}

/** Frees what an answer holds outside the model's kept text. */
static void
free_answer(shmc_answer_t *a)
{
    free(a->m_segments);
    free(a->m_segment_ok);
    memset(a, 0, sizeof(*a));
}

shmc_matrix_t *
shmc_matrix_new(size_t n)
{
    shmc_matrix_t *m = calloc(1, sizeof(*m));
    shmc_error_t err;

    if (m == NULL)
        return NULL;
    m->m_nplat = n;
    m->m_platforms = calloc(n + 1, sizeof(char *));
    m->m_labels = calloc(n + 1, sizeof(char *));
    m->m_index = shmc_strmap_new();
    m->m_pool = shmc_strmap_new();
    err = shmc_questions_get(&m->m_questions);
    if (shmc_is_error(err)) {
        /* The questions are compiled in and checked by the test suite. */
        shmc_error_free(err);
        m->m_questions = NULL;
        shmc_matrix_free(m);
        return NULL;
    }
    m->m_answers = calloc(m->m_questions->m_nquestions * n + 1,
        sizeof(shmc_answer_t));
    m->m_short_group = calloc(m->m_questions->m_nquestions * n + 1,
        sizeof(size_t));
    m->m_text_group = calloc(m->m_questions->m_nquestions * n + 1,
        sizeof(size_t));
    m->m_majority = calloc(m->m_questions->m_nquestions + 1, sizeof(size_t));
    if (m->m_platforms == NULL || m->m_labels == NULL ||
        m->m_index == NULL || m->m_pool == NULL || m->m_answers == NULL ||
        m->m_short_group == NULL || m->m_text_group == NULL ||
        m->m_majority == NULL) {
        shmc_matrix_free(m);
        return NULL;
    }
    return m;
}

bool
shmc_matrix_add(shmc_matrix_t *m, const shmc_json_t *report)
{
    const char *id = shmc_report_platform_id(report);
    char name[160];
    size_t p = m->m_added, seen = 1, i;
    shmc_facts_t *facts;
    bool ok;

    if (p >= m->m_nplat)
        return false;
    m->m_last = 0;
    /* Two reports of one platform id stay apart as id#2, id#3, ... */
    for (i = 0; i < p; i++)
        if (strncmp(m->m_platforms[i], id, strlen(id)) == 0 &&
            (m->m_platforms[i][strlen(id)] == '\0' ||
            m->m_platforms[i][strlen(id)] == '#'))
            seen++;
    (void)snprintf(name, sizeof(name), seen > 1 ? "%s#%zu" : "%s", id, seen);
    m->m_platforms[p] = strdup(name);
    m->m_added++;
    facts = shmc_facts_start(report);
    ok = m->m_platforms[p] != NULL && facts != NULL &&
        add_report(m, p, report, facts) && add_answers(m, p, facts);
    shmc_facts_free(facts);
    return ok;
}

/** Numbers the platforms' verdicts of each question by the first platform
 * giving each (hashing, so that many platforms stay linear), and finds
 * the verdict most platforms that measured it give. */
static bool
group_verdicts(shmc_matrix_t *m)
{
    size_t q, p, n = m->m_nplat, *count = calloc(n + 1, sizeof(size_t));
    const shmc_answer_t *a;
    shmc_strmap_t *shorts, *texts;
    uintptr_t g;

    if (count == NULL)
        return false;
    for (q = 0; q < m->m_questions->m_nquestions; q++) {
        shorts = shmc_strmap_new();
        texts = shmc_strmap_new();
        if (shorts == NULL || texts == NULL) {
            shmc_strmap_free(shorts);
            shmc_strmap_free(texts);
            free(count);
            return false;
        }
        memset(count, 0, n * sizeof(size_t));
        m->m_majority[q] = SIZE_MAX;
        for (p = 0; p < n; p++) {
            a = shmc_matrix_answer(m, q, p);
            g = (uintptr_t)shmc_strmap_get(shorts, a->m_short);
            if (g == 0 && !shmc_strmap_put(shorts, a->m_short,
                (void *)(g = p + 1)))
                break;
            m->m_short_group[q * n + p] = g - 1;
            g = (uintptr_t)shmc_strmap_get(texts, a->m_text);
            if (g == 0 && !shmc_strmap_put(texts, a->m_text,
                (void *)(g = p + 1)))
                break;
            m->m_text_group[q * n + p] = g - 1;
            if (a->m_kind == SHMC_ANSWER_UNMEASURED)
                continue;
            g = m->m_short_group[q * n + p];
            if (++count[g] > (m->m_majority[q] == SIZE_MAX ? 0 :
                count[m->m_majority[q]]))
                m->m_majority[q] = g;
        }
        shmc_strmap_free(shorts);
        shmc_strmap_free(texts);
        if (p < n) {
            free(count);
            return false;
        }
    }
    free(count);
    return true;
}

bool
shmc_matrix_finish(shmc_matrix_t *m)
{
    shmc_matrix_row_t *row;
    size_t i, c;

    if (!make_labels(m) || !group_verdicts(m))
        return false;
    for (i = 0; i < m->m_nrows; i++) {
        row = &m->m_rows[i];
        /* Interned: equal cells are the same pointer. */
        for (c = 1; c < m->m_nplat && !row->m_differs; c++)
            row->m_differs = row->m_cells[c] != row->m_cells[0];
    }
    /* The index numbers rows in their first-seen order: sorting ends its
     * use. */
    shmc_strmap_free(m->m_index);
    m->m_index = NULL;
    qsort(m->m_rows, m->m_nrows, sizeof(*m->m_rows), row_cmp);
    return true;
}

shmc_matrix_t *
shmc_matrix_build(shmc_json_t *const *reports, size_t n)
{
    shmc_matrix_t *m = shmc_matrix_new(n);
    size_t p;

    for (p = 0; m != NULL && p < n; p++)
        if (!shmc_matrix_add(m, reports[p])) {
            shmc_matrix_free(m);
            return NULL;
        }
    if (m != NULL && !shmc_matrix_finish(m)) {
        shmc_matrix_free(m);
        return NULL;
    }
    return m;
}

void
shmc_matrix_free(shmc_matrix_t *m)
{
    struct shmc_matrix_text *text;
    size_t i, p;

    if (m == NULL)
        return;
    for (i = 0; i < m->m_nrows; i++)
        free(m->m_rows[i].m_cells);
    while (m->m_text != NULL) {
        text = m->m_text;
        m->m_text = text->m_prev;
        free(text);
    }
    shmc_strmap_free_values(m->m_pool);
    for (p = 0; p < m->m_nplat; p++) {
        free(m->m_platforms != NULL ? m->m_platforms[p] : NULL);
        free(m->m_labels != NULL ? m->m_labels[p] : NULL);
    }
    if (m->m_answers != NULL && m->m_questions != NULL)
        for (i = 0; i < m->m_questions->m_nquestions * m->m_nplat; i++)
            free_answer(&m->m_answers[i]);
    free(m->m_answers);
    free(m->m_short_group);
    free(m->m_text_group);
    free(m->m_majority);
    free(m->m_platforms);
    free(m->m_labels);
    free(m->m_rows);
    shmc_strmap_free(m->m_index);
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

const shmc_answer_t *
shmc_matrix_answer(const shmc_matrix_t *m, size_t q, size_t p)
{
    return &m->m_answers[q * m->m_nplat + p];
}
