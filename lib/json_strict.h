/* SPDX-License-Identifier: BSD-2-Clause */

/** For lib/json_parse.c only: what json-c's tokener lets through.
 *
 * Even in its strict mode the tokener accepts NaN and Infinity, clamps
 * integers beyond 64 bits, reads 1e99999 as infinity, turns lone UTF-16
 * surrogate escapes into U+FFFD, accepts overlong and surrogate UTF-8
 * forms, raw control characters and \u0000 in strings, and keeps the last
 * of two members with one name.  shmcompat refuses all of these. */

#if !defined(SHMC_LIB_JSON_STRICT_H)
#define SHMC_LIB_JSON_STRICT_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"
#include "lib/json.h"

/** An error "line L column C: what" for byte offset at of text. */
shmc_error_t shmc_json_error_at(const char *text, size_t at,
    const char *what);

/** Checks the len bytes of text, which json-c read into tree, for what
 * RFC 8259 or shmcompat refuses and json-c does not; on an error, *content
 * (when not NULL) tells whether the text had the form of JSON but content
 * refused (see shmc_json_parse_ex). */
shmc_error_t shmc_json_check_strict(const char *text, size_t len,
    const shmc_json_t *tree, bool *content);

#endif /* !defined(SHMC_LIB_JSON_STRICT_H) */
