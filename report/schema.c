/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "report/schema.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* report/probes.schema.json and report/report.schema.json, compiled in. */
extern const char shmc_probes_schema_text[];
extern const char shmc_report_schema_text[];

static shmc_json_t *schemas[2];

shmc_error_t
shmc_schema_get(shmc_schema_id_t id, const shmc_json_t **out)
{
    const char *text = id == SHMC_SCHEMA_PROBES ? shmc_probes_schema_text :
        shmc_report_schema_text;
    shmc_error_t err;

    if (schemas[id] == NULL) {
        err = shmc_json_parse(text, strlen(text), &schemas[id]);
        if (shmc_is_error(err))
            return err;
    }
    *out = schemas[id];
    return shmc_no_error();
}

/* ---------------------------------------------------------------------
 * Schemas compiled once into nodes, so that checking a large report does
 * not look keywords up by name at every value.
 * --------------------------------------------------------------------- */

enum {
    T_NULL = 1, T_BOOL = 2, T_INT = 4, T_NUMBER = 8, T_STRING = 16,
    T_ARRAY = 32, T_OBJECT = 64
};

typedef struct snode snode_t;

typedef struct {
    const char *m_name;
    snode_t *m_node;
} sprop_t;

struct snode {
    unsigned m_types;           /* 0: any type. */
    const shmc_json_t *m_type_json, *m_const, *m_enum;
    bool m_has_min, m_has_min_len, m_has_min_items;
    double m_min;
    uint64_t m_min_len, m_min_items;
    snode_t *m_ref;
    snode_t **m_all_of;
    size_t m_nall_of;
    snode_t *m_if, *m_then;
    sprop_t *m_props;
    size_t m_nprops;
    bool m_closed;              /* additionalProperties: false */
    snode_t *m_extra;           /* additionalProperties: a schema */
    const char **m_required;
    size_t *m_required_prop;    /* Each one's index in m_props, or
                                   SIZE_MAX. */
    size_t m_nrequired;
    snode_t *m_items;
};

static snode_t *compiled[2];

static unsigned
type_bit(const char *t)
{
    static const char *const names[] = { "null", "boolean", "integer",
        "number", "string", "array", "object" };
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(t, names[i]) == 0)
            return 1U << i;
    return 0;
}

static const shmc_json_t *
resolve_ref(const shmc_json_t *root, const char *ref,
    const shmc_json_t **ref_root)
{
    char path[256], *p;

    *ref_root = root;
    if (strcmp(ref, "probes.schema.json") == 0) {
        const shmc_json_t *probes;

        if (shmc_is_error(shmc_schema_get(SHMC_SCHEMA_PROBES, &probes)))
            return NULL;
        *ref_root = probes;
        return probes;
    }
    if (strncmp(ref, "#/", 2) != 0)
        return NULL;
    (void)snprintf(path, sizeof(path), "%s", ref + 2);
    for (p = path; *p != '\0'; p++)
        if (*p == '/')
            *p = '.';
    return shmc_json_find(root, path);
}

/** Compiles schema s (whose "#/..." references resolve in root); the
 * nodes live as long as the process.  NULL when out of memory or when a
 * reference does not resolve. */
static snode_t *
compile(const shmc_json_t *s, const shmc_json_t *root)
{
    snode_t *n = calloc(1, sizeof(*n));
    const shmc_json_t *t, *ref_root, *target;
    size_t i, j;

    if (n == NULL)
        return NULL;
    if ((t = shmc_json_get(s, "$ref")) != NULL) {
        target = resolve_ref(root, shmc_json_string_value(t), &ref_root);
        if (target == NULL || (n->m_ref = compile(target, ref_root)) == NULL)
            return NULL;
    }
    if ((t = shmc_json_get(s, "type")) != NULL) {
        n->m_type_json = t;
        if (shmc_json_type(t) == SHMC_JSON_STRING)
            n->m_types = type_bit(shmc_json_string_value(t));
        for (i = 0; i < shmc_json_count(t); i++)
            n->m_types |= type_bit(shmc_json_string_value(
                shmc_json_item_at(t, i)));
    }
    n->m_const = shmc_json_get(s, "const");
    n->m_enum = shmc_json_get(s, "enum");
    if ((t = shmc_json_get(s, "minimum")) != NULL) {
        n->m_has_min = true;
        n->m_min = shmc_json_number_value(t);
    }
    if ((t = shmc_json_get(s, "minLength")) != NULL) {
        n->m_has_min_len = true;
        n->m_min_len = shmc_json_uint_value(t);
    }
    if ((t = shmc_json_get(s, "minItems")) != NULL) {
        n->m_has_min_items = true;
        n->m_min_items = shmc_json_uint_value(t);
    }
    if ((t = shmc_json_get(s, "allOf")) != NULL) {
        n->m_all_of = calloc(shmc_json_count(t) + 1, sizeof(snode_t *));
        if (n->m_all_of == NULL)
            return NULL;
        for (i = 0; i < shmc_json_count(t); i++)
            if ((n->m_all_of[n->m_nall_of++] = compile(shmc_json_item_at(t,
                i), root)) == NULL)
                return NULL;
    }
    if ((t = shmc_json_get(s, "if")) != NULL &&
        shmc_json_get(s, "then") != NULL &&
        ((n->m_if = compile(t, root)) == NULL ||
        (n->m_then = compile(shmc_json_get(s, "then"), root)) == NULL))
        return NULL;
    if ((t = shmc_json_get(s, "properties")) != NULL) {
        n->m_props = calloc(shmc_json_count(t) + 1, sizeof(sprop_t));
        if (n->m_props == NULL)
            return NULL;
        for (i = 0; i < shmc_json_count(t); i++) {
            n->m_props[i].m_name = shmc_json_key_at(t, i);
            if ((n->m_props[i].m_node = compile(shmc_json_item_at(t, i),
                root)) == NULL)
                return NULL;
            n->m_nprops++;
        }
    }
    if ((t = shmc_json_get(s, "additionalProperties")) != NULL) {
        if (shmc_json_type(t) == SHMC_JSON_BOOL)
            n->m_closed = !shmc_json_bool_value(t);
        else if ((n->m_extra = compile(t, root)) == NULL)
            return NULL;
    }
    if ((t = shmc_json_get(s, "required")) != NULL) {
        n->m_required = calloc(shmc_json_count(t) + 1, sizeof(char *));
        n->m_required_prop = calloc(shmc_json_count(t) + 1, sizeof(size_t));
        if (n->m_required == NULL || n->m_required_prop == NULL)
            return NULL;
        for (i = 0; i < shmc_json_count(t); i++) {
            n->m_required[n->m_nrequired] =
                shmc_json_string_value(shmc_json_item_at(t, i));
            n->m_required_prop[n->m_nrequired] = SIZE_MAX;
            for (j = 0; j < n->m_nprops; j++)
                if (strcmp(n->m_props[j].m_name,
                    n->m_required[n->m_nrequired]) == 0)
                    n->m_required_prop[n->m_nrequired] = j;
            n->m_nrequired++;
        }
    }
    if ((t = shmc_json_get(s, "items")) != NULL &&
        (n->m_items = compile(t, root)) == NULL)
        return NULL;
    return n;
}

/* ---------------------------------------------------------------------
 * Checking.
 * --------------------------------------------------------------------- */

/* Where a value is in the document, built as the check descends and
 * written out only for an error: most values are fine. */
typedef struct vpath vpath_t;
struct vpath {
    const vpath_t *m_up;        /* NULL at the document itself. */
    const char *m_key;          /* A member's name, or NULL: */
    size_t m_index;             /* an item's index. */
};

typedef struct {
    const char *m_doc;          /* "the report", "the probe facts" */
    char m_msg[1024];
} vctx_t;

/** The path as the messages give it ("results[3].status"), into buf;
 * empty for the document itself. */
static void
path_text(const vpath_t *path, char *buf, size_t size)
{
    size_t len;

    buf[0] = '\0';
    if (path == NULL || path->m_up == NULL)
        return;
    path_text(path->m_up, buf, size);
    len = strlen(buf);
    if (path->m_key != NULL)
        (void)snprintf(buf + len, size - len, "%s%s", len > 0 ? "." : "",
            path->m_key);
    else
        (void)snprintf(buf + len, size - len, "[%zu]", path->m_index);
}

static const char *
type_name(const shmc_json_t *v)
{
    switch (shmc_json_type(v)) {
    case SHMC_JSON_NULL: return "null";
    case SHMC_JSON_BOOL: return "boolean";
    case SHMC_JSON_UINT:
    case SHMC_JSON_INT: return "integer";
    case SHMC_JSON_REAL: return "number";
    case SHMC_JSON_STRING: return "string";
    case SHMC_JSON_ARRAY: return "array";
    default: return "object";
    }
}

/** The T_* bit of a value's type (type_bit of its type_name). */
static unsigned
type_bit_of(shmc_json_type_t type)
{
    switch (type) {
    case SHMC_JSON_NULL: return T_NULL;
    case SHMC_JSON_BOOL: return T_BOOL;
    case SHMC_JSON_UINT:
    case SHMC_JSON_INT: return T_INT;
    case SHMC_JSON_REAL: return T_NUMBER;
    case SHMC_JSON_STRING: return T_STRING;
    case SHMC_JSON_ARRAY: return T_ARRAY;
    default: return T_OBJECT;
    }
}

static bool
type_ok(shmc_json_type_t type, unsigned types)
{
    unsigned have = type_bit_of(type);

    return (types & have) != 0 || (have == T_INT && (types & T_NUMBER) != 0);
}

static bool check(vctx_t *, const snode_t *, const shmc_json_t *,
    const vpath_t *);

static bool
fail(vctx_t *c, const vpath_t *path, const char *what)
{
    char where[400];

    path_text(path, where, sizeof(where));
    (void)snprintf(c->m_msg, sizeof(c->m_msg), "%s: %s",
        where[0] != '\0' ? where : c->m_doc, what);
    return false;
}

/** The index in n's properties of the one named key, or SIZE_MAX. */
static size_t
prop_of(const snode_t *n, const char *key)
{
    size_t j;

    for (j = 0; j < n->m_nprops; j++)
        if (n->m_props[j].m_name[0] == key[0] &&
            strcmp(n->m_props[j].m_name, key) == 0)
            return j;
    return SIZE_MAX;
}

/* The members of a closed object (additionalProperties: false) whose
 * schemas the first pass keeps for the second, and the properties whose
 * presence it notes for "required"; larger ones are looked up again. */
#define KEPT_SUBS 64

static bool
check_object(vctx_t *c, const snode_t *n, const shmc_json_t *v,
    const vpath_t *path)
{
    const snode_t *sub;
    size_t subs[KEPT_SUBS];
    char where[400], msg[300];
    const char *k;
    shmc_json_t *item;
    shmc_json_iter_t it;
    vpath_t sub_path;
    size_t i, j, count = shmc_json_count(v);
    bool kept = n->m_closed && count <= KEPT_SUBS &&
        n->m_nprops <= KEPT_SUBS;
    uint64_t seen = 0;

    /* Unknown keys first: a document of another kind is told by them. */
    it = shmc_json_iter(v);
    for (i = 0; n->m_closed && shmc_json_next(&it, &k, &item); i++) {
        j = prop_of(n, k);
        if (j == SIZE_MAX) {
            path_text(path, where, sizeof(where));
            (void)snprintf(c->m_msg, sizeof(c->m_msg), "unknown key '%.200s' "
                "in %s", k, where[0] != '\0' ? where : c->m_doc);
            return false;
        }
        if (kept) {
            subs[i] = j;
            seen |= (uint64_t)1 << j;
        }
    }
    for (i = 0; i < n->m_nrequired; i++)
        if (kept && n->m_required_prop[i] != SIZE_MAX ?
            (seen & (uint64_t)1 << n->m_required_prop[i]) == 0 :
            shmc_json_get(v, n->m_required[i]) == NULL) {
            (void)snprintf(msg, sizeof(msg), "lacks '%s'", n->m_required[i]);
            return fail(c, path, msg);
        }
    if (n->m_nprops == 0 && !n->m_closed && n->m_extra == NULL)
        return true;
    sub_path.m_up = path;
    sub_path.m_index = 0;
    it = shmc_json_iter(v);
    for (i = 0; shmc_json_next(&it, &k, &item); i++) {
        j = kept ? subs[i] : prop_of(n, k);
        sub = j != SIZE_MAX ? n->m_props[j].m_node : n->m_extra;
        if (sub == NULL)
            continue;
        sub_path.m_key = k;
        if (!check(c, sub, item, &sub_path))
            return false;
    }
    return true;
}

/** Checks v against node n (the keywords this project's schemas use:
 * type, const, enum, minimum, minLength, minItems, properties, required,
 * additionalProperties, items, allOf, $ref, if/then). */
static bool
check(vctx_t *c, const snode_t *n, const shmc_json_t *v, const vpath_t *path)
{
    shmc_json_type_t type = shmc_json_type(v);
    vpath_t item_path;
    char msg[300];
    size_t i, count;

    if (n->m_ref != NULL && !check(c, n->m_ref, v, path))
        return false;
    if (n->m_types != 0 && !type_ok(type, n->m_types)) {
        char want[128] = "";
        const shmc_json_t *t = n->m_type_json;

        if (shmc_json_type(t) == SHMC_JSON_STRING)
            (void)snprintf(want, sizeof(want), "%s",
                shmc_json_string_value(t));
        for (i = 0; i < shmc_json_count(t); i++)
            (void)snprintf(want + strlen(want), sizeof(want) - strlen(want),
                "%s%s", i > 0 ? " or " : "",
                shmc_json_string_value(shmc_json_item_at(t, i)));
        (void)snprintf(msg, sizeof(msg), "has the wrong type (%s, expected "
            "%s)", type_name(v), want);
        return fail(c, path, msg);
    }
    if (n->m_const != NULL && !shmc_json_equal(n->m_const, v))
        return fail(c, path, "has the wrong value");
    if (n->m_enum != NULL) {
        for (i = 0; i < shmc_json_count(n->m_enum); i++)
            if (shmc_json_equal(shmc_json_item_at(n->m_enum, i), v))
                break;
        if (i == shmc_json_count(n->m_enum))
            return fail(c, path, "is not one of the allowed values");
    }
    if (n->m_has_min && (type == SHMC_JSON_INT || type == SHMC_JSON_REAL) &&
        shmc_json_number_value(v) < n->m_min)
        return fail(c, path, "is below its minimum");
    if (n->m_has_min_len && type == SHMC_JSON_STRING &&
        strlen(shmc_json_string_value(v)) < n->m_min_len)
        return fail(c, path, "is too short");
    if (n->m_has_min_items && type == SHMC_JSON_ARRAY &&
        shmc_json_count(v) < n->m_min_items)
        return fail(c, path, "has too few items");
    for (i = 0; i < n->m_nall_of; i++)
        if (!check(c, n->m_all_of[i], v, path))
            return false;
    if (n->m_if != NULL) {
        vctx_t quiet;

        quiet.m_doc = c->m_doc;
        if (check(&quiet, n->m_if, v, path) && !check(c, n->m_then, v, path))
            return false;
    }
    if (type == SHMC_JSON_OBJECT && !check_object(c, n, v, path))
        return false;
    if (type == SHMC_JSON_ARRAY && n->m_items != NULL) {
        item_path.m_up = path;
        item_path.m_key = NULL;
        count = shmc_json_count(v);
        for (i = 0; i < count; i++) {
            item_path.m_index = i;
            if (!check(c, n->m_items, shmc_json_item_at(v, i), &item_path))
                return false;
        }
    }
    return true;
}

shmc_error_t
shmc_schema_compile(shmc_schema_id_t id)
{
    const shmc_json_t *schema;
    shmc_error_t err;

    err = shmc_schema_get(id, &schema);
    if (shmc_is_error(err))
        return err;
    if (compiled[id] == NULL && (compiled[id] = compile(schema, schema)) ==
        NULL)
        return shmc_error_new("the compiled-in schema cannot be used (out "
            "of memory, or a $ref that does not resolve)");
    return shmc_no_error();
}

shmc_error_t
shmc_schema_check(shmc_schema_id_t id, const shmc_json_t *doc)
{
    shmc_error_t err;
    vctx_t c;
    vpath_t root = { NULL, NULL, 0 };

    err = shmc_schema_compile(id);
    if (shmc_is_error(err))
        return err;
    c.m_doc = id == SHMC_SCHEMA_PROBES ? "the probe facts" : "the report";
    if (!check(&c, compiled[id], doc, &root))
        return shmc_error_new("%s", c.m_msg);
    return shmc_no_error();
}
