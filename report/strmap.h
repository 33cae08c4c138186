/* SPDX-License-Identifier: BSD-2-Clause */

/** A string-keyed hash table (open addressing, FNV-1a) for lookups that
 * must stay constant-time as reports grow: the matrix's rows, a report's
 * observations and cases.  Keys are copied; values are the caller's. */

#if !defined(SHMC_REPORT_STRMAP_H)
#define SHMC_REPORT_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct shmc_strmap shmc_strmap_t;

/** A new empty map; NULL when out of memory. */
shmc_strmap_t *shmc_strmap_new(void);

/** Frees the map and its key copies (not the values). */
void shmc_strmap_free(shmc_strmap_t *map);

/** Frees the map, its keys and every value (values from malloc). */
void shmc_strmap_free_values(shmc_strmap_t *map);

/** The value stored under key, or NULL. */
void *shmc_strmap_get(const shmc_strmap_t *map, const char *key);

/** Stores value under key, replacing any earlier value; false when out of
 * memory. */
bool shmc_strmap_put(shmc_strmap_t *map, const char *key, void *value);

/** The number of keys stored. */
size_t shmc_strmap_count(const shmc_strmap_t *map);

#endif /* !defined(SHMC_REPORT_STRMAP_H) */
