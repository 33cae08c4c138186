/* SPDX-License-Identifier: BSD-2-Clause */

/** Unique names for the objects that a run creates.
 *
 * Every name carries the project prefix, a run id, the pid and a counter,
 * so concurrent runs never collide and leftovers can be traced to a run
 * and to the process that made them.  Names stay within 31 bytes because
 * macOS refuses longer shm names.  Uniqueness is not ownership: a name
 * may still be taken by someone else, so objects are created exclusively
 * and recorded for cleanup only once created (lib/cleanup.h). */

#if !defined(SHMC_LIB_NAME_H)
#define SHMC_LIB_NAME_H

#include <stddef.h>

#include "lib/error.h"

/* The prefix every object name starts with, after the leading slash. */
#define SHMC_NAME_PREFIX "shmc"

/* Room for any name shmc_name_unique() makes, with its NUL. */
#define SHMC_NAME_MAX 32

/** The run id: $SHMCOMPAT_RUN_ID's first alphanumerics, else random. */
const char *shmc_name_run_id(void);

/** Writes a fresh name "/shmc_RUNID_PID_N" into buf. */
shmc_error_t shmc_name_unique(char *buf, size_t size);

/** Writes a name nobody can predict, "/shmc_RUNID_xRANDOM", into buf:
 * for the cases that need a name to be missing. */
shmc_error_t shmc_name_unpredictable(char *buf, size_t size);

/** Writes into core (size bytes) what tells the objects behind name, a
 * name made by either call above, from every other test case's, without
 * the leading slash: for "/shmc_RUNID_PID_N" the name up to its counter
 * (which every name of the same process shares), for
 * "/shmc_RUNID_xRANDOM" the whole name.  Never the run id alone: every
 * case of a run shares it. */
void shmc_name_core(const char *name, char *core, size_t size);

#endif /* !defined(SHMC_LIB_NAME_H) */
