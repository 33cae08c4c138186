/* SPDX-License-Identifier: BSD-2-Clause */

/** Traces: what a provider leaves in the OS, found by looking.
 *
 * A snapshot lists the entries of the shm_open directory, of $TMPDIR and
 * of the work directory, and the System V segments and semaphore sets of
 * this user; the difference of two snapshots is what appeared between
 * them.  Entries that are other test cases' objects (named "shmc" with
 * another unique core) are left out: kyua runs cases in parallel. */

#if !defined(SHMC_SUITES_TRACES_H)
#define SHMC_SUITES_TRACES_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char **m_entries;           /* "shm:NAME", "tmp:NAME", "cwd:NAME",
                                   "sysv_shm:KEY", "sysv_sem:KEY". */
    size_t m_count;
    bool m_sysv_known;          /* Whether System V could be listed. */
    char m_shm_dir[1024];       /* Empty when there is none. */
} shmc_traces_t;

/** Takes a snapshot; core is the case's unique name core, to tell its
 * objects from other cases'. */
void shmc_traces_take(shmc_traces_t *t, const char *core);
/** Puts in out the entries of after that are not in before, sorted, as a
 * JSON array of strings; returns how many.  With name (the object's), each
 * entry becomes a pattern that is the same in every run: the name without
 * its leading slash becomes {name}, its letters alone (as Qt keys it)
 * {name_letters}, a System V KEY/ID {key}/{id}, and any other run of 4 or
 * more hex digits holding a digit (a library's hash of the name, a number)
 * {hash}. */
size_t shmc_traces_diff(const shmc_traces_t *before,
    const shmc_traces_t *after, const char *name, char *out, size_t size);
/** What kinds of object appeared: "shm_open", "shmget", "file", joined
 * with "+", or "anonymous" when nothing did. */
void shmc_traces_backend(const shmc_traces_t *before,
    const shmc_traces_t *after, char *out, size_t size);
/** The permission bits of the first new object, or -1 when none has
 * any. */
long shmc_traces_mode(const shmc_traces_t *before,
    const shmc_traces_t *after);
void shmc_traces_fini(shmc_traces_t *t);

#endif /* !defined(SHMC_SUITES_TRACES_H) */
