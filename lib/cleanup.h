/* SPDX-License-Identifier: BSD-2-Clause */

/** A ledger of the objects a test case created, for its cleanup routine.
 *
 * ATF runs a test case's cleanup in a separate process, after the body has
 * exited, failed or been killed, in the same work directory.  Ownership is
 * by construction: the body records an object only after it created it
 * exclusively (O_CREAT|O_EXCL, IPC_CREAT|IPC_EXCL, IPC_PRIVATE), under the
 * kind that created it and with what identifies it (device, inode and
 * owner of shm objects and files; id, creator pid and creator uid of
 * System V segments).  The cleanup removes an object only while it is
 * still that object and ours; anything else it leaves, and says so.
 * Each line also goes to the run's record (lib/run.h), from which
 * shmcompat-clean recovers the objects of killed runs.
 *
 * Line format: "KIND HEXNAME IDENTITY", where IDENTITY is "DEV:INO:UID"
 * (shm, file; sem where the system shows its file, else "-:-:UID"),
 * "CPID:CUID" (sysv, whose name is the id) or "-:CUID" (sysv-sem). */

#if !defined(SHMC_LIB_CLEANUP_H)
#define SHMC_LIB_CLEANUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "lib/error.h"

/* The ledger file, relative to the test case's work directory. */
#define SHMC_CLEANUP_LEDGER "shmc-created.txt"

/* Room for one ledger line: names are written in hex, since the naming
 * suite creates names with newlines and arbitrary bytes. */
#define SHMC_CLEANUP_NAME_MAX 16384
#define SHMC_CLEANUP_LINE_MAX (2 * SHMC_CLEANUP_NAME_MAX + 128)

/* What created a ledger entry. */
typedef enum {
    SHMC_CLEANUP_SHM,           /* shm_open: removed by shm_unlink. */
    SHMC_CLEANUP_SEM,           /* sem_open: removed by sem_unlink. */
    SHMC_CLEANUP_SYSV,          /* shmget: removed by shmctl(IPC_RMID). */
    SHMC_CLEANUP_FILE,          /* open: removed by unlink. */
    SHMC_CLEANUP_SYSV_SEM       /* semget: removed by semctl(IPC_RMID). */
} shmc_cleanup_kind_t;

/* What became of one entry. */
typedef enum {
    SHMC_CLEANUP_REMOVED,       /* It was ours and is gone now. */
    SHMC_CLEANUP_GONE,          /* Nothing is there any more. */
    SHMC_CLEANUP_LEFT           /* Something is there that is not ours. */
} shmc_cleanup_outcome_t;

/** Records name, of kind, which the caller has just created exclusively;
 * fd is a descriptor of it, or -1 where the kind has none. */
shmc_error_t shmc_cleanup_created(shmc_cleanup_kind_t kind,
    const char *name, int fd);

/** Records System V segment id, just created by the caller. */
shmc_error_t shmc_cleanup_created_sysv(int id);

/** Records System V semaphore set id, just created by the caller. */
shmc_error_t shmc_cleanup_created_sysv_sem(int id);

/** Splits one ledger line in place into its kind, decoded name and
 * identity; false when it is malformed. */
bool shmc_cleanup_parse(char *line, char **kind, char **name,
    char **identity);

/** Prints a name with its unprintable bytes escaped. */
void shmc_cleanup_print_name(FILE *out, const char *name);

/** Removes the object of one parsed ledger line if it is still the one
 * recorded and ours; otherwise writes the reason into why. */
shmc_cleanup_outcome_t shmc_cleanup_remove(const char *kind,
    const char *name, const char *identity, char *why, size_t size);

/** Works through the ledger at path; reports each object left on stderr,
 * prefixed by who, and counts removed and left objects. */
shmc_error_t shmc_cleanup_ledger(const char *path, const char *who,
    unsigned int *removed, unsigned int *left);

/** Works through the test case's ledger in the current directory. */
shmc_error_t shmc_cleanup_run(unsigned int *removed);

#endif /* !defined(SHMC_LIB_CLEANUP_H) */
