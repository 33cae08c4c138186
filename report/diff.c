/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "report/diff.h"

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

/** Lists the observation changes of one case; returns how many. */
static size_t
diff_observations(FILE *f, const char *id, const shmc_json_t *a,
    const shmc_json_t *b)
{
    size_t i, n = 0;
    const char *key;

    for (i = 0; i < shmc_json_count(a); i++) {
        key = shmc_json_key_at(a, i);
        if (shmc_json_equal(shmc_json_item_at(a, i), shmc_json_get(b, key)))
            continue;
        fprintf(f, "observation %s (%s): ", key, id);
        print_value(f, shmc_json_item_at(a, i));
        fputs(" -> ", f);
        print_value(f, shmc_json_get(b, key));
        fputc('\n', f);
        n++;
    }
    for (i = 0; i < shmc_json_count(b); i++) {
        key = shmc_json_key_at(b, i);
        if (shmc_json_get(a, key) != NULL)
            continue;
        fprintf(f, "observation %s (%s): (absent) -> ", key, id);
        print_value(f, shmc_json_item_at(b, i));
        fputc('\n', f);
        n++;
    }
    return n;
}

/** Prints one line per change from base to new; returns the count. */
size_t
shmc_report_diff(FILE *f, const shmc_json_t *base, const shmc_json_t *new)
{
    shmc_json_t *a = by_id(base), *b = by_id(new);
    const shmc_json_t *ea, *eb;
    const char *id, *sa, *sb;
    size_t i, n = 0;

    for (i = 0; i < shmc_json_count(a); i++) {
        id = shmc_json_key_at(a, i);
        ea = shmc_json_item_at(a, i);
        eb = shmc_json_get(b, id);
        if (eb == NULL) {
            fprintf(f, "result %s: removed (was %s)\n", id,
                shmc_json_string_value(shmc_json_get(ea, "status")));
            n++;
            n += diff_observations(f, id, shmc_json_get(ea, "observations"),
                NULL);
            continue;
        }
        sa = shmc_json_string_value(shmc_json_get(ea, "status"));
        sb = shmc_json_string_value(shmc_json_get(eb, "status"));
        if (strcmp(sa, sb) != 0) {
            fprintf(f, "result %s: %s -> %s\n", id, sa, sb);
            n++;
        }
        n += diff_observations(f, id, shmc_json_get(ea, "observations"),
            shmc_json_get(eb, "observations"));
    }
    for (i = 0; i < shmc_json_count(b); i++) {
        id = shmc_json_key_at(b, i);
        if (shmc_json_get(a, id) != NULL)
            continue;
        eb = shmc_json_item_at(b, i);
        fprintf(f, "result %s: added (%s)\n", id,
            shmc_json_string_value(shmc_json_get(eb, "status")));
        n++;
        n += diff_observations(f, id, NULL, shmc_json_get(eb, "observations"));
    }
    shmc_json_free(a);
    shmc_json_free(b);
    return n;
}
