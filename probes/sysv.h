/* SPDX-License-Identifier: BSD-2-Clause */

/** System V shared memory limits, each with the interface it came from. */

#if !defined(SHMC_PROBES_SYSV_H)
#define SHMC_PROBES_SYSV_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/json.h"

typedef enum {
    SHMC_SYSV_SHMMAX,
    SHMC_SYSV_SHMMIN,
    SHMC_SYSV_SHMMNI,
    SHMC_SYSV_SHMSEG,
    SHMC_SYSV_SHMALL,
    SHMC_SYSV_NLIMITS
} shmc_sysv_limit_t;

typedef struct {
    bool m_known;
    uint64_t m_value;
    char m_source[64];
} shmc_sysv_value_t;

typedef struct {
    shmc_sysv_value_t m_limits[SHMC_SYSV_NLIMITS];
    bool m_have_ipc_info;
    uint64_t m_ipc_info[SHMC_SYSV_NLIMITS];
    shmc_sysv_value_t m_rmid_forced;
} shmc_sysv_t;

/** The limit's name in lower case ("shmmax"). */
const char *shmc_sysv_limit_name(shmc_sysv_limit_t limit);
/** Measures the running system's limits into sysv; an unknown one has
 * m_known false. */
void shmc_sysv_probe(shmc_sysv_t *sysv);
/** sysv as a new JSON object the caller owns (NULL: out of memory). */
shmc_json_t *shmc_sysv_to_json(const shmc_sysv_t *sysv);

#endif /* !defined(SHMC_PROBES_SYSV_H) */
