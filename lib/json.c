/* SPDX-License-Identifier: BSD-2-Clause */

/* The document tree and its writers, on json-c.  A shmc_json_t is a
 * json-c object, except for JSON null: json-c stands for it with NULL,
 * which here means that an allocation failed, so null is the address of
 * null_marker instead, translated at this file's edges. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/json.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "lib/json_c.h"
#include "lib/utf8.h"

static char null_marker;
#define JSON_NULL_VALUE ((shmc_json_t *)(void *)&null_marker)

/* The user data of a container that lost a member to an allocation
 * failure. */
static char broken_marker;

/* Output flags: "/" is not escaped, paths stay readable. */
#define PRETTY_FLAGS (JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | \
    JSON_C_TO_STRING_NOSLASHESCAPE)
#define COMPACT_FLAGS (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

/** The json-c object of a value (NULL for JSON null). */
static struct json_object *
jo(const shmc_json_t *value)
{
    return value == JSON_NULL_VALUE ? NULL :
        (struct json_object *)(void *)value;
}

/** The value of a json-c object that exists (NULL is JSON null). */
static shmc_json_t *
wrap(struct json_object *o)
{
    return o == NULL ? JSON_NULL_VALUE : (shmc_json_t *)(void *)o;
}

shmc_json_t *
shmc_json_from_json_c(struct json_object *o)
{
    return wrap(o);
}

/* ---------------------------------------------------------------------
 * Constructors.
 * --------------------------------------------------------------------- */

shmc_json_t *
shmc_json_null(void)
{
    return JSON_NULL_VALUE;
}

shmc_json_t *
shmc_json_bool(bool b)
{
    return (shmc_json_t *)(void *)json_object_new_boolean(b);
}

shmc_json_t *
shmc_json_uint(uint64_t u)
{
    return (shmc_json_t *)(void *)json_object_new_uint64(u);
}

shmc_json_t *
shmc_json_int(int64_t i)
{
    return (shmc_json_t *)(void *)json_object_new_int64(i);
}

/** A real written with the fewest digits that read back as exactly d,
 * and always as a real ("2.0", not "2"), so that it stays one when read
 * back. */
shmc_json_t *
shmc_json_real(double d)
{
    char text[40];
    int prec;

    if (!isfinite(d))
        return JSON_NULL_VALUE;
    for (prec = 1; prec <= 17; prec++) {
        (void)snprintf(text, sizeof(text), "%.*g", prec, d);
        if (strtod(text, NULL) == d)
            break;
    }
    if (strpbrk(text, ".e") == NULL)
        (void)strncat(text, ".0", sizeof(text) - strlen(text) - 1);
    return (shmc_json_t *)(void *)json_object_new_double_s(d, text);
}

shmc_json_t *
shmc_json_string(const char *s)
{
    struct json_object *o;
    char *utf8;

    if (s == NULL)
        return JSON_NULL_VALUE;
    if (shmc_utf8_valid(s, strlen(s), NULL))
        return (shmc_json_t *)(void *)json_object_new_string(s);
    utf8 = shmc_utf8_from_bytes(s);
    if (utf8 == NULL)
        return NULL;
    o = json_object_new_string(utf8);
    free(utf8);
    return (shmc_json_t *)(void *)o;
}

shmc_json_t *
shmc_json_array(void)
{
    return (shmc_json_t *)(void *)json_object_new_array();
}

shmc_json_t *
shmc_json_object(void)
{
    return (shmc_json_t *)(void *)json_object_new_object();
}

void
shmc_json_free(shmc_json_t *value)
{
    if (value != NULL)
        (void)json_object_put(jo(value));
}

shmc_json_t *
shmc_json_document(const char *schema, const char *program)
{
    shmc_json_t *root, *generator;

    root = shmc_json_object();
    shmc_json_set(root, "schema", shmc_json_string(schema));
    generator = shmc_json_object();
    shmc_json_set(generator, "name", shmc_json_string(program));
    shmc_json_set(generator, "version", shmc_json_string(PACKAGE_VERSION));
    shmc_json_set(root, "generator", generator);
    return root;
}

/* ---------------------------------------------------------------------
 * Modifiers.
 * --------------------------------------------------------------------- */

static void
mark_broken(shmc_json_t *container)
{
    json_object_set_userdata(jo(container), &broken_marker, NULL);
}

void
shmc_json_set(shmc_json_t *object, const char *key, shmc_json_t *value)
{
    if (object == NULL || shmc_json_type(object) != SHMC_JSON_OBJECT) {
        shmc_json_free(value);
        return;
    }
    if (!shmc_json_is_complete(value))
        mark_broken(object);
    if (value == NULL)
        return;
    /* json-c frees the member this replaces. */
    if (json_object_object_add(jo(object), key, jo(value)) != 0) {
        shmc_json_free(value);
        mark_broken(object);
    }
}

void
shmc_json_append(shmc_json_t *array, shmc_json_t *value)
{
    if (array == NULL || shmc_json_type(array) != SHMC_JSON_ARRAY) {
        shmc_json_free(value);
        return;
    }
    if (!shmc_json_is_complete(value))
        mark_broken(array);
    if (value == NULL)
        return;
    if (json_object_array_add(jo(array), jo(value)) != 0) {
        shmc_json_free(value);
        mark_broken(array);
    }
}

/** Moves every member of the object src into dst (replacing members of
 * the same name) and frees src. */
void
shmc_json_merge(shmc_json_t *dst, shmc_json_t *src)
{
    size_t i, n;

    if (src == NULL || shmc_json_type(src) != SHMC_JSON_OBJECT) {
        if (dst != NULL && shmc_json_type(dst) == SHMC_JSON_OBJECT)
            mark_broken(dst);
        shmc_json_free(src);
        return;
    }
    if (!shmc_json_is_complete(src) && dst != NULL &&
        shmc_json_type(dst) == SHMC_JSON_OBJECT)
        mark_broken(dst);
    n = shmc_json_count(src);
    for (i = 0; i < n; i++)
        shmc_json_set(dst, shmc_json_key_at(src, i),
            wrap(json_object_get(jo(shmc_json_item_at(src, i)))));
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
    return value != NULL && (value == JSON_NULL_VALUE ||
        (shmc_json_type(value) != SHMC_JSON_OBJECT &&
        shmc_json_type(value) != SHMC_JSON_ARRAY) ||
        json_object_get_userdata(jo(value)) != &broken_marker);
}

shmc_json_type_t
shmc_json_type(const shmc_json_t *value)
{
    struct json_object *o = value != NULL ? jo(value) : NULL;

    switch (json_object_get_type(o)) {
    case json_type_boolean: return SHMC_JSON_BOOL;
    case json_type_double: return SHMC_JSON_REAL;
    case json_type_int:
        /* json-c holds an int64 or a uint64; only negatives need int64. */
        return json_object_get_int64(o) < 0 ? SHMC_JSON_INT : SHMC_JSON_UINT;
    case json_type_string: return SHMC_JSON_STRING;
    case json_type_array: return SHMC_JSON_ARRAY;
    case json_type_object: return SHMC_JSON_OBJECT;
    case json_type_null: break;
    }
    return SHMC_JSON_NULL;
}

bool
shmc_json_bool_value(const shmc_json_t *value)
{
    return shmc_json_type(value) == SHMC_JSON_BOOL &&
        json_object_get_boolean(jo(value));
}

uint64_t
shmc_json_uint_value(const shmc_json_t *value)
{
    return shmc_json_type(value) == SHMC_JSON_UINT ?
        json_object_get_uint64(jo(value)) : 0;
}

const char *
shmc_json_string_value(const shmc_json_t *value)
{
    return shmc_json_type(value) == SHMC_JSON_STRING ?
        json_object_get_string(jo(value)) : NULL;
}

shmc_json_t *
shmc_json_get(const shmc_json_t *object, const char *key)
{
    struct json_object *member;

    if (shmc_json_type(object) != SHMC_JSON_OBJECT ||
        !json_object_object_get_ex(jo(object), key, &member))
        return NULL;
    return wrap(member);
}

/** Looks up a dotted path such as "tmpfs./var/tmp.size_bytes".
 *
 * Keys may themselves contain dots (a $TMPDIR path might), so each step
 * tries the object's keys as prefixes of the rest of the path instead of
 * splitting the path up front. */
shmc_json_t *
shmc_json_find(const shmc_json_t *value, const char *path)
{
    size_t i, n, len;
    const char *key;
    shmc_json_t *found;

    if (value == NULL)
        return NULL;
    if (*path == '\0')
        return (shmc_json_t *)value;
    n = shmc_json_type(value) == SHMC_JSON_OBJECT ? shmc_json_count(value) :
        0;
    for (i = 0; i < n; i++) {
        key = shmc_json_key_at(value, i);
        len = strlen(key);
        if (strncmp(path, key, len) != 0)
            continue;
        if (path[len] == '\0')
            return shmc_json_item_at(value, i);
        if (path[len] == '.') {
            found = shmc_json_find(shmc_json_item_at(value, i),
                path + len + 1);
            if (found != NULL)
                return found;
        }
    }
    return NULL;
}

size_t
shmc_json_count(const shmc_json_t *value)
{
    switch (shmc_json_type(value)) {
    case SHMC_JSON_OBJECT: return (size_t)json_object_object_length(jo(value));
    case SHMC_JSON_ARRAY: return json_object_array_length(jo(value));
    default: return 0;
    }
}

/** The iterator at member i of an object (members keep their order of
 * insertion), or its end. */
static struct json_object_iterator
member_at(const shmc_json_t *object, size_t i)
{
    struct json_object *o = jo(object);
    struct json_object_iterator it = json_object_iter_begin(o);
    struct json_object_iterator end = json_object_iter_end(o);

    while (i-- > 0 && !json_object_iter_equal(&it, &end))
        json_object_iter_next(&it);
    return it;
}

const char *
shmc_json_key_at(const shmc_json_t *object, size_t i)
{
    struct json_object_iterator it;

    if (shmc_json_type(object) != SHMC_JSON_OBJECT ||
        i >= shmc_json_count(object))
        return NULL;
    it = member_at(object, i);
    return json_object_iter_peek_name(&it);
}

shmc_json_t *
shmc_json_item_at(const shmc_json_t *value, size_t i)
{
    struct json_object_iterator it;

    if (i >= shmc_json_count(value))
        return NULL;
    if (shmc_json_type(value) == SHMC_JSON_ARRAY)
        return wrap(json_object_array_get_idx(jo(value), i));
    it = member_at(value, i);
    return wrap(json_object_iter_peek_value(&it));
}

shmc_json_iter_t
shmc_json_iter(const shmc_json_t *object)
{
    shmc_json_iter_t it = { NULL, NULL };
    struct json_object_iterator begin;

    if (shmc_json_type(object) == SHMC_JSON_OBJECT) {
        begin = json_object_iter_begin(jo(object));
        it.m_object = object;
        it.m_at = begin.opaque_;
    }
    return it;
}

bool
shmc_json_next(shmc_json_iter_t *it, const char **key, shmc_json_t **value)
{
    struct json_object_iterator at, end;

    if (it->m_object == NULL)
        return false;
    at.opaque_ = it->m_at;
    end = json_object_iter_end(jo(it->m_object));
    if (json_object_iter_equal(&at, &end))
        return false;
    *key = json_object_iter_peek_name(&at);
    *value = wrap(json_object_iter_peek_value(&at));
    json_object_iter_next(&at);
    it->m_at = at.opaque_;
    return true;
}

int64_t
shmc_json_int_value(const shmc_json_t *value)
{
    switch (shmc_json_type(value)) {
    case SHMC_JSON_INT:
        return json_object_get_int64(jo(value));
    case SHMC_JSON_UINT:
        return json_object_get_uint64(jo(value)) <= INT64_MAX ?
            json_object_get_int64(jo(value)) : 0;
    default:
        return 0;
    }
}

double
shmc_json_number_value(const shmc_json_t *value)
{
    switch (shmc_json_type(value)) {
    case SHMC_JSON_UINT: return (double)json_object_get_uint64(jo(value));
    case SHMC_JSON_INT: return (double)json_object_get_int64(jo(value));
    case SHMC_JSON_REAL: return json_object_get_double(jo(value));
    default: return 0;
    }
}

/** A deep copy; NULL when memory ran out. */
shmc_json_t *
shmc_json_copy(const shmc_json_t *v)
{
    struct json_object *copy = NULL;

    if (v == JSON_NULL_VALUE)
        return JSON_NULL_VALUE;
    if (!shmc_json_is_complete(v) ||
        json_object_deep_copy(jo(v), &copy, NULL) != 0)
        return NULL;
    return wrap(copy);
}

/** Structural equality; objects compare regardless of member order, and
 * 5 is 5 however json-c holds it. */
bool
shmc_json_equal(const shmc_json_t *a, const shmc_json_t *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return json_object_equal(jo(a), jo(b)) != 0;
}

/* ---------------------------------------------------------------------
 * Writers.
 * --------------------------------------------------------------------- */

/** json-c's text of a value (owned by the value, which caches it). */
static const char *
text_of(const shmc_json_t *value, int flags)
{
    const char *text = json_object_to_json_string_ext(jo(value), flags);

    return text != NULL ? text : "";
}

int
shmc_json_write(FILE *f, const shmc_json_t *value)
{
    fputs(text_of(value, PRETTY_FLAGS), f);
    fputc('\n', f);
    return ferror(f) ? -1 : 0;
}

/** Strings bare, arrays as their items joined by commas, the rest as
 * JSON. */
int
shmc_json_write_scalar(FILE *f, const shmc_json_t *value)
{
    size_t i;

    if (shmc_json_type(value) == SHMC_JSON_STRING)
        fputs(shmc_json_string_value(value), f);
    else if (shmc_json_type(value) == SHMC_JSON_ARRAY) {
        for (i = 0; i < shmc_json_count(value); i++) {
            if (i > 0)
                fputc(',', f);
            shmc_json_write_scalar(f, shmc_json_item_at(value, i));
        }
    } else
        fputs(text_of(value, COMPACT_FLAGS), f);
    return ferror(f) ? -1 : 0;
}

static void
json_write_flat(FILE *f, const shmc_json_t *value, const char *prefix)
{
    size_t i, len;
    const char *key;
    char *path;

    if (shmc_json_type(value) != SHMC_JSON_OBJECT) {
        fprintf(f, "%s: ", prefix);
        shmc_json_write_scalar(f, value);
        fputc('\n', f);
        return;
    }
    for (i = 0; i < shmc_json_count(value); i++) {
        key = shmc_json_key_at(value, i);
        len = strlen(prefix) + strlen(key) + 2;
        path = malloc(len);
        if (path == NULL)
            return;
        (void)snprintf(path, len, "%s%s%s", prefix,
            *prefix == '\0' ? "" : ".", key);
        json_write_flat(f, shmc_json_item_at(value, i), path);
        free(path);
    }
}

/** Writes one "dotted.key: value" line per scalar: the plain-text form. */
int
shmc_json_write_flat(FILE *f, const shmc_json_t *value)
{
    json_write_flat(f, value, "");
    return ferror(f) ? -1 : 0;
}

/** Writes value as JSON on one line, without a newline. */
int
shmc_json_write_compact(FILE *f, const shmc_json_t *value)
{
    fputs(text_of(value, COMPACT_FLAGS), f);
    return ferror(f) ? -1 : 0;
}

/** The compact JSON text of value, malloc'ed; NULL when memory ran out. */
char *
shmc_json_to_string(const shmc_json_t *value)
{
    const char *text = json_object_to_json_string_ext(jo(value),
        COMPACT_FLAGS);

    return text != NULL ? strdup(text) : NULL;
}
