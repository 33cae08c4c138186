/* SPDX-License-Identifier: BSD-2-Clause */

/** All probe facts as one JSON document ("shmcompat.probes/1"). */

#if !defined(SHMC_PROBES_FACTS_H)
#define SHMC_PROBES_FACTS_H

#include "lib/json.h"

#define SHMC_FACTS_SCHEMA "shmcompat.probes/1"

shmc_json_t *shmc_facts_collect(void);
shmc_json_t *shmc_facts_functions(const char *);

#endif /* !defined(SHMC_PROBES_FACTS_H) */
