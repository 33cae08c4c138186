/* SPDX-License-Identifier: BSD-2-Clause */

/** JSON documents: the probe's facts and the reports.
 *
 * A thin layer over json-c, the only files that include its headers being
 * lib/json.c and lib/json_parse.c.  json-c keeps unsigned 64-bit integers
 * exactly (Linux reports SHMMAX as 18446744073692774399) and checks UTF-8.
 *
 * JSON null is a value of its own here (shmc_json_null()), so that NULL
 * keeps one meaning: an allocation failed.  Such failures are sticky: a
 * constructor that cannot allocate returns NULL, and attaching NULL to a
 * container marks that container (and every container it is later
 * attached to) as broken, so callers check once with
 * shmc_json_is_complete() at the end. */

#if !defined(SHMC_LIB_JSON_H)
#define SHMC_LIB_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/error.h"

typedef struct shmc_json shmc_json_t;

typedef enum {
    SHMC_JSON_NULL,
    SHMC_JSON_BOOL,
    SHMC_JSON_UINT,
    SHMC_JSON_INT,
    SHMC_JSON_REAL,
    SHMC_JSON_STRING,
    SHMC_JSON_ARRAY,
    SHMC_JSON_OBJECT
} shmc_json_type_t;

/* Constructors: each returns a new value the caller owns (and frees with
 * shmc_json_free, or hands to a container), or NULL when memory ran out.
 * A real that is not finite is stored as null (JSON has no NaN); a
 * string that is not UTF-8 keeps each stray byte as the code point of
 * the same number (U+0080 to U+00FF). */
/** JSON null (a shared value: freeing it does nothing). */
shmc_json_t *shmc_json_null(void);
/** true or false. */
shmc_json_t *shmc_json_bool(bool b);
/** An unsigned integer, kept exactly. */
shmc_json_t *shmc_json_uint(uint64_t u);
/** A signed integer, kept exactly. */
shmc_json_t *shmc_json_int(int64_t i);
/** A real, written with the fewest digits that read back as d. */
shmc_json_t *shmc_json_real(double d);
/** A string holding a copy of s. */
shmc_json_t *shmc_json_string(const char *s);
/** An empty array. */
shmc_json_t *shmc_json_array(void);
/** An empty object. */
shmc_json_t *shmc_json_object(void);
/** Frees value and all it holds; NULL is left alone. */
void shmc_json_free(shmc_json_t *value);
/** A new object that opens a document: "schema" and the "generator" (the
 * program's name and this package's version). */
shmc_json_t *shmc_json_document(const char *schema, const char *program);

/* Modifiers: each takes ownership of the value it is given, NULL
 * included (which marks the container broken). */
/** Sets object's member key to value, freeing a member it replaces. */
void shmc_json_set(shmc_json_t *object, const char *key, shmc_json_t *value);
/** Appends value to array. */
void shmc_json_append(shmc_json_t *array, shmc_json_t *value);
/** Moves every member of the object src into dst (replacing members of
 * the same name) and frees src. */
void shmc_json_merge(shmc_json_t *dst, shmc_json_t *src);

/* Convenience setters for optional values. */
/** Sets object's member key to u, or to null when known is false. */
void shmc_json_set_uint_opt(shmc_json_t *object, const char *key, bool known,
    uint64_t u);
/** Sets object's member key to the string s. */
void shmc_json_set_string_opt(shmc_json_t *object, const char *key,
    const char *s);

/* Parsing: strict RFC 8259 in UTF-8; numbers keep their exact integer
 * values (u64 or i64) where they have one.  Errors name the line and
 * column.  On success *out is a new value the caller owns; on an error
 * it is NULL. */
/** Parses the len bytes of text into *out. */
shmc_error_t shmc_json_parse(const char *text, size_t len, shmc_json_t **out);
/** As shmc_json_parse; on an error, *content (when not NULL) is true where
 * the text has the form of JSON but is refused for what it holds: invalid
 * UTF-8, a lone UTF-16 surrogate, \u0000 or a raw control character in a
 * string, a number out of range, a member name given twice. */
shmc_error_t shmc_json_parse_ex(const char *text, size_t len,
    shmc_json_t **out, bool *content);
/** Reads and parses the file path into *out; errors start with path. */
shmc_error_t shmc_json_load(const char *path, shmc_json_t **out);

/** Room for the text of the files one thread reads one after another:
 * one block kept and reused spares the allocator a large block per file.
 * Starts zeroed; shmc_json_buffer_free frees what it holds. */
typedef struct {
    char *m_text;
    size_t m_cap;
} shmc_json_buffer_t;

/** shmc_json_load, reading the text into buf (which may grow). */
shmc_error_t shmc_json_load_buffered(const char *path,
    shmc_json_buffer_t *buf, shmc_json_t **out);
/** Frees what buf holds and empties it. */
void shmc_json_buffer_free(shmc_json_buffer_t *buf);
/** A deep copy of value the caller owns; NULL when memory ran out or
 * value is broken. */
shmc_json_t *shmc_json_copy(const shmc_json_t *value);
/** Structural equality: objects compare regardless of member order, and
 * 5 is 5 however it is held. */
bool shmc_json_equal(const shmc_json_t *a, const shmc_json_t *b);

/* Getters.  A value they return is borrowed: it belongs to the container
 * it was found in and lives as long as that member does.  A getter asked
 * for the wrong type answers 0, false or NULL. */
/** False when value is NULL or a container into which NULL went. */
bool shmc_json_is_complete(const shmc_json_t *value);
/** The number of members of an object or items of an array, else 0. */
size_t shmc_json_count(const shmc_json_t *value);
/** The name of object's member i (in order of insertion), or NULL. */
const char *shmc_json_key_at(const shmc_json_t *object, size_t i);
/** Item i of an array or member i of an object, or NULL. */
shmc_json_t *shmc_json_item_at(const shmc_json_t *value, size_t i);

/** A walk over an object's members in their order: shmc_json_key_at and
 * shmc_json_item_at start from the first member at every call, this goes
 * on from the last. */
typedef struct {
    const shmc_json_t *m_object;
    const void *m_at;
} shmc_json_iter_t;

/** A walk starting before the first member of object (an empty walk when
 * it is no object). */
shmc_json_iter_t shmc_json_iter(const shmc_json_t *object);

/** Steps to the next member, its name in *key and its value in *value
 * (borrowed, as the getters'); false (and nothing set) after the last. */
bool shmc_json_next(shmc_json_iter_t *it, const char **key,
    shmc_json_t **value);

/** An integer's value; 0 when it is no integer or exceeds INT64_MAX. */
int64_t shmc_json_int_value(const shmc_json_t *value);
/** Any number's value as a double. */
double shmc_json_number_value(const shmc_json_t *value);
/** value's type; SHMC_JSON_NULL for NULL too. */
shmc_json_type_t shmc_json_type(const shmc_json_t *value);
/** A boolean's value. */
bool shmc_json_bool_value(const shmc_json_t *value);
/** A non-negative integer's value. */
uint64_t shmc_json_uint_value(const shmc_json_t *value);
/** A string's text, owned by value. */
const char *shmc_json_string_value(const shmc_json_t *value);
/** object's member named key (one name, taken whole), or NULL. */
shmc_json_t *shmc_json_get(const shmc_json_t *object, const char *key);
/** The value at a dotted path below value ("tmpfs./var/tmp.size_bytes";
 * names may themselves hold dots), or NULL; "" is value itself. */
shmc_json_t *shmc_json_find(const shmc_json_t *value, const char *path);

/* Writers; each returns 0 on success and -1 (errno set) on a write error. */
/** Writes value as indented JSON and a newline to f. */
int shmc_json_write(FILE *f, const shmc_json_t *value);
/** Writes a string bare, an array as its items joined by commas, the rest
 * as JSON, to f. */
int shmc_json_write_scalar(FILE *f, const shmc_json_t *value);
/** Writes one "dotted.key: value" line per scalar below value to f. */
int shmc_json_write_flat(FILE *f, const shmc_json_t *value);
/** Writes value as JSON on one line, without a newline, to f. */
int shmc_json_write_compact(FILE *f, const shmc_json_t *value);
/** The compact JSON text of value, which the caller frees; NULL when
 * memory ran out. */
char *shmc_json_to_string(const shmc_json_t *value);

#endif /* !defined(SHMC_LIB_JSON_H) */
