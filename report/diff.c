/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "report/diff.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/** Indexes a report's results by id, into an object id -> entry. */
static shmc_json_t *
by_id(const shmc_json_t *report)
{
    const shmc_json_t *results = shmc_json_get(report, "results"), *e;
    shmc_json_t *index = shmc_json_object();
    size_t i;

    for (i = 0; i < shmc_json_count(results); i++) {
        e = shmc_json_item_at(results, i);
        shmc_json_set(index, shmc_json_string_value(shmc_json_get(e, "id")),
            shmc_json_copy(e));
    }
    return index;
}

static void
print_value(FILE *f, const shmc_json_t *v)
{
    char *text = v != NULL ? shmc_json_to_string(v) : NULL;

    fputs(text != NULL ? text : "(absent)", f);
    free(text);
}

/** Prints the observations that changed or went from a to b (or, with
 * added, those new in b) and counts them. */
static void
diff_observations(FILE *f, const char *id, const shmc_json_t *a,
    const shmc_json_t *b, bool added, shmc_report_diff_t *n)
{
    size_t i;
    const char *key;

    for (i = 0; !added && i < shmc_json_count(a); i++) {
        key = shmc_json_key_at(a, i);
        if (shmc_json_equal(shmc_json_item_at(a, i), shmc_json_get(b, key)))
            continue;
        fprintf(f, "observation %s (%s): ", key, id);
        print_value(f, shmc_json_item_at(a, i));
        fputs(" -> ", f);
        print_value(f, shmc_json_get(b, key));
        fputc('\n', f);
        if (shmc_json_get(b, key) == NULL)
            n->m_removed++;
        else
            n->m_changed++;
    }
    for (i = 0; added && i < shmc_json_count(b); i++) {
        key = shmc_json_key_at(b, i);
        if (shmc_json_get(a, key) != NULL)
            continue;
        fprintf(f, "observation %s (%s): added ", key, id);
        print_value(f, shmc_json_item_at(b, i));
        fputc('\n', f);
        n->m_added++;
    }
}

shmc_report_diff_t
shmc_report_diff(FILE *f, const shmc_json_t *base, const shmc_json_t *new)
{
    shmc_json_t *a = by_id(base), *b = by_id(new);
    const shmc_json_t *ea, *eb;
    const char *id, *sa, *sb;
    shmc_report_diff_t n = { 0, 0, 0 };
    size_t i;

    for (i = 0; i < shmc_json_count(a); i++) {
        id = shmc_json_key_at(a, i);
        ea = shmc_json_item_at(a, i);
        eb = shmc_json_get(b, id);
        if (eb == NULL) {
            fprintf(f, "result %s: removed (was %s)\n", id,
                shmc_json_string_value(shmc_json_get(ea, "status")));
            n.m_removed++;
            diff_observations(f, id, shmc_json_get(ea, "observations"),
                NULL, false, &n);
            continue;
        }
        sa = shmc_json_string_value(shmc_json_get(ea, "status"));
        sb = shmc_json_string_value(shmc_json_get(eb, "status"));
        if (strcmp(sa, sb) != 0) {
            fprintf(f, "result %s: %s -> %s\n", id, sa, sb);
            n.m_changed++;
        }
        diff_observations(f, id, shmc_json_get(ea, "observations"),
            shmc_json_get(eb, "observations"), false, &n);
    }
    /* Additions last, apart: they are news, not regressions. */
    for (i = 0; i < shmc_json_count(b); i++) {
        id = shmc_json_key_at(b, i);
        ea = shmc_json_get(a, id);
        eb = shmc_json_item_at(b, i);
        if (ea == NULL) {
            fprintf(f, "result %s: added (%s)\n", id,
                shmc_json_string_value(shmc_json_get(eb, "status")));
            n.m_added++;
        }
        diff_observations(f, id, ea != NULL ?
            shmc_json_get(ea, "observations") : NULL,
            shmc_json_get(eb, "observations"), true, &n);
    }
    shmc_json_free(a);
    shmc_json_free(b);
    return n;
}

size_t
shmc_report_diff_regressions(const shmc_report_diff_t *counts)
{
    return counts->m_changed + counts->m_removed;
}

/** A copy of a result entry without its duration. */
static shmc_json_t *
untimed_entry(const shmc_json_t *e)
{
    shmc_json_t *entry = shmc_json_object();
    size_t i;

    for (i = 0; i < shmc_json_count(e); i++)
        if (strcmp(shmc_json_key_at(e, i), "duration_ms") != 0)
            shmc_json_set(entry, shmc_json_key_at(e, i),
                shmc_json_copy(shmc_json_item_at(e, i)));
    return entry;
}

shmc_json_t *
shmc_report_baseline(const shmc_json_t *report)
{
    shmc_json_t *copy = shmc_json_object(), *results;
    const shmc_json_t *v;
    const char *key;
    size_t i, j;

    for (i = 0; i < shmc_json_count(report); i++) {
        key = shmc_json_key_at(report, i);
        v = shmc_json_item_at(report, i);
        if (strcmp(key, "performance") == 0)
            continue;
        if (strcmp(key, "results") != 0) {
            shmc_json_set(copy, key, shmc_json_copy(v));
            continue;
        }
        results = shmc_json_array();
        for (j = 0; j < shmc_json_count(v); j++)
            shmc_json_append(results, untimed_entry(shmc_json_item_at(v, j)));
        shmc_json_set(copy, key, results);
    }
    if (!shmc_json_is_complete(copy)) {
        shmc_json_free(copy);
        return NULL;
    }
    return copy;
}
