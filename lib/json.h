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

/* Constructors.  A real that is not finite is stored as null (JSON has
 * no NaN); a string that is not UTF-8 keeps each stray byte as the code
 * point of the same number (U+0080 to U+00FF). */
shmc_json_t *shmc_json_null(void);
shmc_json_t *shmc_json_bool(bool);
shmc_json_t *shmc_json_uint(uint64_t);
shmc_json_t *shmc_json_int(int64_t);
shmc_json_t *shmc_json_real(double);
shmc_json_t *shmc_json_string(const char *);
shmc_json_t *shmc_json_array(void);
shmc_json_t *shmc_json_object(void);
void shmc_json_free(shmc_json_t *);

/* Modifiers: both take ownership of the value, NULL included. */
void shmc_json_set(shmc_json_t *, const char *, shmc_json_t *);
void shmc_json_append(shmc_json_t *, shmc_json_t *);
void shmc_json_merge(shmc_json_t *, shmc_json_t *);

/* Convenience setters for optional values: "known" false stores null. */
void shmc_json_set_uint_opt(shmc_json_t *, const char *, bool, uint64_t);
void shmc_json_set_string_opt(shmc_json_t *, const char *, const char *);

/* Parsing: strict RFC 8259 in UTF-8; numbers keep their exact integer
 * values (u64 or i64) where they have one.  Errors name the line and
 * column.  shmc_json_load's errors also start with the file's name. */
shmc_error_t shmc_json_parse(const char *, size_t, shmc_json_t **);
/** As shmc_json_parse; on an error, *content (when not NULL) is true where
 * the text has the form of JSON but is refused for what it holds: invalid
 * UTF-8, a lone UTF-16 surrogate, \u0000 or a raw control character in a
 * string, a number out of range, a member name given twice. */
shmc_error_t shmc_json_parse_ex(const char *text, size_t len,
    shmc_json_t **out, bool *content);
shmc_error_t shmc_json_load(const char *, shmc_json_t **);
shmc_json_t *shmc_json_copy(const shmc_json_t *);
bool shmc_json_equal(const shmc_json_t *, const shmc_json_t *);

/* Getters. */
bool shmc_json_is_complete(const shmc_json_t *);
size_t shmc_json_count(const shmc_json_t *);
const char *shmc_json_key_at(const shmc_json_t *, size_t);
shmc_json_t *shmc_json_item_at(const shmc_json_t *, size_t);
int64_t shmc_json_int_value(const shmc_json_t *);
double shmc_json_number_value(const shmc_json_t *);
shmc_json_type_t shmc_json_type(const shmc_json_t *);
bool shmc_json_bool_value(const shmc_json_t *);
uint64_t shmc_json_uint_value(const shmc_json_t *);
const char *shmc_json_string_value(const shmc_json_t *);
shmc_json_t *shmc_json_get(const shmc_json_t *, const char *);
shmc_json_t *shmc_json_find(const shmc_json_t *, const char *);

/* Writers; each returns 0 on success and -1 (errno set) on a write error. */
int shmc_json_write(FILE *, const shmc_json_t *);
int shmc_json_write_scalar(FILE *, const shmc_json_t *);
int shmc_json_write_flat(FILE *, const shmc_json_t *);
int shmc_json_write_compact(FILE *, const shmc_json_t *);
char *shmc_json_to_string(const shmc_json_t *);

#endif /* !defined(SHMC_LIB_JSON_H) */
