/* SPDX-License-Identifier: BSD-2-Clause */

/** Runs: the id every process of one run shares, the run's record and
 * whether a run is still alive.
 *
 * A run id comes from $SHMCOMPAT_RUN_ID (make check and make report set
 * it for all of their processes), else from the system's secure random
 * source.  When $SHMCOMPAT_RUN_DIR names a directory, every process of
 * the run that names or creates an object joins the run there: it holds
 * a shared fcntl(2) lock on RUNID.lock for as long as it lives, and
 * appends its pid and each object it creates to RUNID.objects.  The
 * kernel drops the locks of dead processes, so a run whose lock nobody
 * holds has no live process (whatever pids were reused since), and
 * shmcompat-clean may remove what its record lists. */

#if !defined(SHMC_LIB_RUN_H)
#define SHMC_LIB_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"

/* Characters in a run id: base 36, about 41 bits. */
#define SHMC_RUN_ID_LEN 8

/* The environment variables that carry a run to its processes. */
#define SHMC_RUN_ID_ENV "SHMCOMPAT_RUN_ID"
#define SHMC_RUN_DIR_ENV "SHMCOMPAT_RUN_DIR"

/* File name suffixes in a run directory. */
#define SHMC_RUN_LOCK_SUFFIX ".lock"
#define SHMC_RUN_OBJECTS_SUFFIX ".objects"

/** Fills buf with len bytes from the secure random source. */
shmc_error_t shmc_run_random(void *buf, size_t len);

/** A random 32-bit number; aborts when the system has no random source. */
unsigned int shmc_run_random_u32(void);

/** Writes len random base-36 characters and a NUL into buf. */
shmc_error_t shmc_run_random_text(char *buf, size_t len);

/** Joins the current run in its directory, once per process; does
 * nothing without $SHMCOMPAT_RUN_DIR. */
void shmc_run_join(void);

/** Appends one line (with its newline) to the run's record, if any. */
shmc_error_t shmc_run_record(const char *line);

/** Whether any process still holds run id's lock in dir; *known is false
 * when dir has no lock file for it. */
shmc_error_t shmc_run_alive(const char *dir, const char *id, bool *known,
    bool *alive);

/** Waits up to seconds for every process of run id in dir to end; *ended
 * says whether they did. */
shmc_error_t shmc_run_wait(const char *dir, const char *id,
    unsigned int seconds, bool *ended);

#endif /* !defined(SHMC_LIB_RUN_H) */
