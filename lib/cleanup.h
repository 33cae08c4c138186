/* SPDX-License-Identifier: BSD-2-Clause */

/** A ledger of the objects a test case creates, for its cleanup routine.
 *
 * ATF runs a test case's cleanup in a separate process, after the body has
 * exited, failed or been killed, in the same work directory.  The body
 * records each name in a file there before it creates the object; the
 * cleanup removes exactly the names recorded, never anything else. */

#if !defined(SHMC_LIB_CLEANUP_H)
#define SHMC_LIB_CLEANUP_H

#include "lib/error.h"

/* The ledger file, relative to the test case's work directory. */
#define SHMC_CLEANUP_LEDGER "shmc-created.txt"

/* What a ledger entry names. */
typedef enum {
    SHMC_CLEANUP_SHM,           /* A POSIX shm name: shm_unlink. */
    SHMC_CLEANUP_SEM,           /* A named semaphore: sem_unlink. */
    SHMC_CLEANUP_SYSV,          /* A System V shm id: shmctl(IPC_RMID). */
    SHMC_CLEANUP_FILE           /* A file path: unlink. */
} shmc_cleanup_kind_t;

shmc_error_t shmc_cleanup_record(shmc_cleanup_kind_t, const char *);
shmc_error_t shmc_cleanup_forget(shmc_cleanup_kind_t, const char *);
shmc_error_t shmc_cleanup_record_sysv(int);
shmc_error_t shmc_cleanup_record_shm(const char *);
shmc_error_t shmc_cleanup_forget_shm(const char *);
shmc_error_t shmc_cleanup_run(unsigned int *);

#endif /* !defined(SHMC_LIB_CLEANUP_H) */
