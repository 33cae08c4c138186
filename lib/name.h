/* SPDX-License-Identifier: BSD-2-Clause */

/** Unique names for the objects that a run creates.
 *
 * Every name carries the project prefix, a run id, the pid and a counter,
 * so concurrent runs never collide and leftovers can be traced to a run.
 * Names stay within 31 bytes because macOS refuses longer shm names. */

#if !defined(SHMC_LIB_NAME_H)
#define SHMC_LIB_NAME_H

#include <stddef.h>

#include "lib/error.h"

/* The prefix every object name starts with, after the leading slash. */
#define SHMC_NAME_PREFIX "shmc"

/* Room for any name shmc_name_unique() makes, with its NUL. */
#define SHMC_NAME_MAX 32

const char *shmc_name_run_id(void);
shmc_error_t shmc_name_unique(char *, size_t);

#endif /* !defined(SHMC_LIB_NAME_H) */
