/* SPDX-License-Identifier: BSD-2-Clause */

/** Between lib/json.c and lib/json_parse.c only: the tree of a json-c
 * object. */

#if !defined(SHMC_LIB_JSON_C_H)
#define SHMC_LIB_JSON_C_H

#include "lib/json.h"

struct json_object;

/** The value of a json-c tree, which it takes over; json-c's NULL (JSON
 * null) becomes shmc_json_null(). */
shmc_json_t *shmc_json_from_json_c(struct json_object *tree);

#endif /* !defined(SHMC_LIB_JSON_C_H) */
