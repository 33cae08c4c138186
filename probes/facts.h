/* SPDX-License-Identifier: BSD-2-Clause */

/** All probe facts as one JSON document ("shmcompat.probes/1"). */

#if !defined(SHMC_PROBES_FACTS_H)
#define SHMC_PROBES_FACTS_H

#include "lib/json.h"

#define SHMC_FACTS_SCHEMA "shmcompat.probes/1"

/** Measures every probe fact into a new JSON document the caller owns;
 * NULL only when memory ran out. */
shmc_json_t *shmc_facts_collect(void);
/** Turns list, "a=yes,b=no", into a new JSON object {"a": true, "b":
 * false} the caller owns. */
shmc_json_t *shmc_facts_functions(const char *list);

#endif /* !defined(SHMC_PROBES_FACTS_H) */
