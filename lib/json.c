/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/json.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct shmc_json {
    shmc_json_type_t m_type;
    bool m_complete;            /* False once an allocation failed below. */
    union {
        bool m_bool;
        uint64_t m_uint;
        int64_t m_int;
        double m_real;
        char *m_string;
    } m_u;
    /* Containers: children in insertion order, keys for objects. */
    shmc_json_t **m_items;
    char **m_keys;
    size_t m_count;
    size_t m_alloc;
};

/* ---------------------------------------------------------------------
 * Constructors.
 * --------------------------------------------------------------------- */

static shmc_json_t *
json_new(shmc_json_type_t type)
{
    shmc_json_t *value;

    value = calloc(1, sizeof(*value));
    if (value != NULL) {
        value->m_type = type;
        value->m_complete = true;
    }
    return value;
}

shmc_json_t *
shmc_json_null(void)
{
    return json_new(SHMC_JSON_NULL);
}

shmc_json_t *
shmc_json_bool(bool b)
{
    shmc_json_t *value = json_new(SHMC_JSON_BOOL);

    if (value != NULL)
        value->m_u.m_bool = b;
    return value;
}

shmc_json_t *
shmc_json_uint(uint64_t u)
{
    shmc_json_t *value = json_new(SHMC_JSON_UINT);

    if (value != NULL)
        value->m_u.m_uint = u;
    return value;
}

shmc_json_t *
shmc_json_int(int64_t i)
{
    shmc_json_t *value = json_new(SHMC_JSON_INT);

    if (value != NULL)
        value->m_u.m_int = i;
    return value;
}

shmc_json_t *
shmc_json_real(double d)
{
    shmc_json_t *value;

    /* JSON has no NaN or infinity: an unmeasurable ratio is unknown. */
    if (!isfinite(d))
        return json_new(SHMC_JSON_NULL);
    value = json_new(SHMC_JSON_REAL);
    if (value != NULL)
        value->m_u.m_real = d;
    return value;
}

shmc_json_t *
shmc_json_string(const char *s)
{
    shmc_json_t *value;

    if (s == NULL)
        return json_new(SHMC_JSON_NULL);
    value = json_new(SHMC_JSON_STRING);
    if (value == NULL)
        return NULL;
    value->m_u.m_string = strdup(s);
    if (value->m_u.m_string == NULL) {
        free(value);
        return NULL;
    }
    return value;
}

shmc_json_t *
shmc_json_array(void)
{
    return json_new(SHMC_JSON_ARRAY);
}

shmc_json_t *
shmc_json_object(void)
{
    return json_new(SHMC_JSON_OBJECT);
}

void
shmc_json_free(shmc_json_t *value)
{
    size_t i;

    if (value == NULL)
        return;
    for (i = 0; i < value->m_count; i++) {
        shmc_json_free(value->m_items[i]);
        if (value->m_keys != NULL)
            free(value->m_keys[i]);
    }
    free(value->m_items);
    free(value->m_keys);
    if (value->m_type == SHMC_JSON_STRING)
        free(value->m_u.m_string);
    free(value);
}

/* ---------------------------------------------------------------------
 * Modifiers.
 * --------------------------------------------------------------------- */

static bool
json_grow(shmc_json_t *container)
{
    shmc_json_t **items;
    char **keys;
    size_t alloc;

    if (container->m_count < container->m_alloc)
        return true;
    alloc = container->m_alloc == 0 ? 8 : container->m_alloc * 2;
    items = realloc(container->m_items, alloc * sizeof(*items));
    if (items == NULL)
        return false;
    container->m_items = items;
    if (container->m_type == SHMC_JSON_OBJECT) {
        keys = realloc(container->m_keys, alloc * sizeof(*keys));
        if (keys == NULL)
            return false;
        container->m_keys = keys;
    }
    container->m_alloc = alloc;
    return true;
}

void
shmc_json_set(shmc_json_t *object, const char *key, shmc_json_t *value)
{
    char *key_copy;
    size_t i;

    if (object == NULL || object->m_type != SHMC_JSON_OBJECT) {
        shmc_json_free(value);
        return;
    }
    if (value == NULL || !value->m_complete)
        object->m_complete = false;
    if (value == NULL)
        return;

    for (i = 0; i < object->m_count; i++) {
        if (strcmp(object->m_keys[i], key) == 0) {
            shmc_json_free(object->m_items[i]);
            object->m_items[i] = value;
            return;
        }
    }
    key_copy = strdup(key);
    if (key_copy == NULL || !json_grow(object)) {
        free(key_copy);
        shmc_json_free(value);
        object->m_complete = false;
        return;
    }
    object->m_keys[object->m_count] = key_copy;
    object->m_items[object->m_count] = value;
    object->m_count++;
}

void
shmc_json_append(shmc_json_t *array, shmc_json_t *value)
{
    if (array == NULL || array->m_type != SHMC_JSON_ARRAY) {
        shmc_json_free(value);
        return;
    }
    if (value == NULL || !value->m_complete)
        array->m_complete = false;
    if (value == NULL)
        return;
    if (!json_grow(array)) {
        shmc_json_free(value);
        array->m_complete = false;
        return;
    }
    array->m_items[array->m_count++] = value;
}

/** Moves every member of the object src into dst (replacing members of
 * the same name) and frees src. */
void
shmc_json_merge(shmc_json_t *dst, shmc_json_t *src)
{
    size_t i;

    if (src == NULL || src->m_type != SHMC_JSON_OBJECT) {
        if (dst != NULL)
            dst->m_complete = false;
        shmc_json_free(src);
        return;
    }
    if (!src->m_complete && dst != NULL)
        dst->m_complete = false;
    for (i = 0; i < src->m_count; i++) {
        shmc_json_set(dst, src->m_keys[i], src->m_items[i]);
        free(src->m_keys[i]);
    }
    src->m_count = 0;
    shmc_json_free(src);
}

void
shmc_json_set_uint_opt(shmc_json_t *object, const char *key, bool known,
    uint64_t u)
{
    shmc_json_set(object, key, known ? shmc_json_uint(u) : shmc_json_null());
}

void
shmc_json_set_string_opt(shmc_json_t *object, const char *key, const char *s)
{
    shmc_json_set(object, key, shmc_json_string(s));
}

/* ---------------------------------------------------------------------
 * Getters.
 * --------------------------------------------------------------------- */

bool
shmc_json_is_complete(const shmc_json_t *value)
{
    return value != NULL && value->m_complete;
}

shmc_json_type_t
shmc_json_type(const shmc_json_t *value)
{
    return value->m_type;
}

bool
shmc_json_bool_value(const shmc_json_t *value)
{
    return value->m_type == SHMC_JSON_BOOL && value->m_u.m_bool;
}

uint64_t
shmc_json_uint_value(const shmc_json_t *value)
{
    return value->m_type == SHMC_JSON_UINT ? value->m_u.m_uint : 0;
}

const char *
shmc_json_string_value(const shmc_json_t *value)
{
    return value->m_type == SHMC_JSON_STRING ? value->m_u.m_string : NULL;
}

shmc_json_t *
shmc_json_get(const shmc_json_t *object, const char *key)
{
    size_t i;

    if (object == NULL || object->m_type != SHMC_JSON_OBJECT)
        return NULL;
    for (i = 0; i < object->m_count; i++)
        if (strcmp(object->m_keys[i], key) == 0)
            return object->m_items[i];
    return NULL;
}

/** Looks up a dotted path such as "tmpfs./var/tmp.size_bytes".
 *
 * Keys may themselves contain dots (a $TMPDIR path might), so each step
 * tries the object's keys as prefixes of the rest of the path instead of
 * splitting the path up front. */
shmc_json_t *
shmc_json_find(const shmc_json_t *value, const char *path)
{
    size_t i, len;
    shmc_json_t *found;

    if (value == NULL)
        return NULL;
    if (*path == '\0')
        return (shmc_json_t *)value;
    if (value->m_type != SHMC_JSON_OBJECT)
        return NULL;
    for (i = 0; i < value->m_count; i++) {
        len = strlen(value->m_keys[i]);
        if (strncmp(path, value->m_keys[i], len) != 0)
            continue;
        if (path[len] == '\0')
            return value->m_items[i];
        if (path[len] == '.') {
            found = shmc_json_find(value->m_items[i], path + len + 1);
            if (found != NULL)
                return found;
        }
    }
    return NULL;
}

size_t
shmc_json_count(const shmc_json_t *value)
{
    return value == NULL ? 0 : value->m_count;
}

const char *
shmc_json_key_at(const shmc_json_t *object, size_t i)
{
    return object->m_keys != NULL && i < object->m_count ?
        object->m_keys[i] : NULL;
}

shmc_json_t *
shmc_json_item_at(const shmc_json_t *value, size_t i)
{
    return i < value->m_count ? value->m_items[i] : NULL;
}

int64_t
shmc_json_int_value(const shmc_json_t *value)
{
    if (value->m_type == SHMC_JSON_INT)
        return value->m_u.m_int;
    if (value->m_type == SHMC_JSON_UINT && value->m_u.m_uint <= INT64_MAX)
        return (int64_t)value->m_u.m_uint;
    return 0;
}

double
shmc_json_number_value(const shmc_json_t *value)
{
    switch (value->m_type) {
    case SHMC_JSON_UINT: return (double)value->m_u.m_uint;
    case SHMC_JSON_INT: return (double)value->m_u.m_int;
    case SHMC_JSON_REAL: return value->m_u.m_real;
    default: return 0;
    }
}

/** A deep copy; NULL when memory ran out. */
shmc_json_t *
shmc_json_copy(const shmc_json_t *v)
{
    shmc_json_t *c;
    size_t i;

    switch (v->m_type) {
    case SHMC_JSON_NULL: return shmc_json_null();
    case SHMC_JSON_BOOL: return shmc_json_bool(v->m_u.m_bool);
    case SHMC_JSON_UINT: return shmc_json_uint(v->m_u.m_uint);
    case SHMC_JSON_INT: return shmc_json_int(v->m_u.m_int);
    case SHMC_JSON_REAL: return shmc_json_real(v->m_u.m_real);
    case SHMC_JSON_STRING: return shmc_json_string(v->m_u.m_string);
    case SHMC_JSON_ARRAY:
        c = shmc_json_array();
        for (i = 0; i < v->m_count; i++)
            shmc_json_append(c, shmc_json_copy(v->m_items[i]));
        break;
    default:
        c = shmc_json_object();
        for (i = 0; i < v->m_count; i++)
            shmc_json_set(c, v->m_keys[i], shmc_json_copy(v->m_items[i]));
        break;
    }
    if (c != NULL && !c->m_complete) {
        shmc_json_free(c);
        return NULL;
    }
    return c;
}

/** Structural equality; objects compare regardless of member order. */
bool
shmc_json_equal(const shmc_json_t *a, const shmc_json_t *b)
{
    size_t i;

    if (a == NULL || b == NULL)
        return a == b;
    if (a->m_type != b->m_type) {
        /* 5 as an unsigned and 5 as a signed integer are equal. */
        if ((a->m_type == SHMC_JSON_UINT || a->m_type == SHMC_JSON_INT) &&
            (b->m_type == SHMC_JSON_UINT || b->m_type == SHMC_JSON_INT))
            return shmc_json_int_value(a) == shmc_json_int_value(b) &&
                shmc_json_int_value(a) >= 0;
        return false;
    }
    switch (a->m_type) {
    case SHMC_JSON_NULL: return true;
    case SHMC_JSON_BOOL: return a->m_u.m_bool == b->m_u.m_bool;
    case SHMC_JSON_UINT: return a->m_u.m_uint == b->m_u.m_uint;
    case SHMC_JSON_INT: return a->m_u.m_int == b->m_u.m_int;
    case SHMC_JSON_REAL: return a->m_u.m_real == b->m_u.m_real;
    case SHMC_JSON_STRING:
        return strcmp(a->m_u.m_string, b->m_u.m_string) == 0;
    case SHMC_JSON_ARRAY:
        if (a->m_count != b->m_count)
            return false;
        for (i = 0; i < a->m_count; i++)
            if (!shmc_json_equal(a->m_items[i], b->m_items[i]))
                return false;
        return true;
    case SHMC_JSON_OBJECT:
        if (a->m_count != b->m_count)
            return false;
        for (i = 0; i < a->m_count; i++)
            if (!shmc_json_equal(a->m_items[i],
                shmc_json_get(b, a->m_keys[i])))
                return false;
        return true;
    }
    return false;
}

/* ---------------------------------------------------------------------
 * Writers.
 * --------------------------------------------------------------------- */

static void
json_write_string(FILE *f, const char *s)
{
    const unsigned char *p;

    fputc('"', f);
    for (p = (const unsigned char *)s; *p != '\0'; p++) {
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            /* Bytes of 0x80 and above pass through: mount points are raw
             * bytes and usually UTF-8; control characters are escaped. */
            if (*p < 0x20)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

static void
json_write_scalar(FILE *f, const shmc_json_t *value)
{
    switch (value->m_type) {
    case SHMC_JSON_NULL: fputs("null", f); break;
    case SHMC_JSON_BOOL: fputs(value->m_u.m_bool ? "true" : "false", f); break;
    case SHMC_JSON_UINT: fprintf(f, "%" PRIu64, value->m_u.m_uint); break;
    case SHMC_JSON_INT: fprintf(f, "%" PRId64, value->m_u.m_int); break;
    case SHMC_JSON_REAL: fprintf(f, "%.6g", value->m_u.m_real); break;
    case SHMC_JSON_STRING: json_write_string(f, value->m_u.m_string); break;
    case SHMC_JSON_ARRAY: fputs("[...]", f); break;
    case SHMC_JSON_OBJECT: fputs("{...}", f); break;
    }
}

static void
json_indent(FILE *f, int depth)
{
    int i;

    for (i = 0; i < depth; i++)
        fputs("  ", f);
}

static void
json_write_value(FILE *f, const shmc_json_t *value, int depth)
{
    size_t i;
    bool object = value->m_type == SHMC_JSON_OBJECT;

    if (!object && value->m_type != SHMC_JSON_ARRAY) {
        json_write_scalar(f, value);
        return;
    }
    if (value->m_count == 0) {
        fputs(object ? "{}" : "[]", f);
        return;
    }
    fputs(object ? "{\n" : "[\n", f);
    for (i = 0; i < value->m_count; i++) {
        json_indent(f, depth + 1);
        if (object) {
            json_write_string(f, value->m_keys[i]);
            fputs(": ", f);
        }
        json_write_value(f, value->m_items[i], depth + 1);
        fputs(i + 1 < value->m_count ? ",\n" : "\n", f);
    }
    json_indent(f, depth);
    fputc(object ? '}' : ']', f);
}

int
shmc_json_write(FILE *f, const shmc_json_t *value)
{
    json_write_value(f, value, 0);
    fputc('\n', f);
    return ferror(f) ? -1 : 0;
}

int
shmc_json_write_scalar(FILE *f, const shmc_json_t *value)
{
    if (value->m_type == SHMC_JSON_STRING)
        fputs(value->m_u.m_string, f);
    else if (value->m_type == SHMC_JSON_ARRAY) {
        size_t i;

        for (i = 0; i < value->m_count; i++) {
            if (i > 0)
                fputc(',', f);
            shmc_json_write_scalar(f, value->m_items[i]);
        }
    } else
        json_write_scalar(f, value);
    return ferror(f) ? -1 : 0;
}

static void
json_write_flat(FILE *f, const shmc_json_t *value, const char *prefix)
{
    size_t i, len;
    char *path;

    if (value->m_type != SHMC_JSON_OBJECT) {
        fprintf(f, "%s: ", prefix);
        shmc_json_write_scalar(f, value);
        fputc('\n', f);
        return;
    }
    for (i = 0; i < value->m_count; i++) {
        len = strlen(prefix) + strlen(value->m_keys[i]) + 2;
        path = malloc(len);
        if (path == NULL)
            return;
        (void)snprintf(path, len, "%s%s%s", prefix,
            *prefix == '\0' ? "" : ".", value->m_keys[i]);
        json_write_flat(f, value->m_items[i], path);
        free(path);
    }
}

static void
json_write_compact(FILE *f, const shmc_json_t *value)
{
    size_t i;
    bool object = value->m_type == SHMC_JSON_OBJECT;

    if (!object && value->m_type != SHMC_JSON_ARRAY) {
        json_write_scalar(f, value);
        return;
    }
    fputc(object ? '{' : '[', f);
    for (i = 0; i < value->m_count; i++) {
        if (i > 0)
            fputc(',', f);
        if (object) {
            json_write_string(f, value->m_keys[i]);
            fputc(':', f);
        }
        json_write_compact(f, value->m_items[i]);
    }
    fputc(object ? '}' : ']', f);
}

/** Writes value as JSON on one line, without a newline. */
int
shmc_json_write_compact(FILE *f, const shmc_json_t *value)
{
    json_write_compact(f, value);
    return ferror(f) ? -1 : 0;
}

/** The compact JSON text of value, malloc'ed; NULL when memory ran out. */
char *
shmc_json_to_string(const shmc_json_t *value)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    if (f == NULL)
        return NULL;
    json_write_compact(f, value);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/** Writes one "dotted.key: value" line per scalar: the plain-text form. */
int
shmc_json_write_flat(FILE *f, const shmc_json_t *value)
{
    json_write_flat(f, value, "");
    return ferror(f) ? -1 : 0;
}
