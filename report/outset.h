/* SPDX-License-Identifier: BSD-2-Clause */

/** A set of output files written all or nothing, safely in a folder other
 * users may write to (a 1777 /tmp).
 *
 * The files are written into a private folder that mkdtemp creates inside
 * the output folder (mode 0700: nobody else can put anything in it), each
 * created with O_CREAT|O_EXCL|O_NOFOLLOW.  Only when every file was written
 * in full, and no name of the set is held by a symbolic link, a folder,
 * anything else that is not a regular file, or another user's file, are
 * they renamed into place; otherwise nothing is replaced and everything
 * made is removed again.  The output folder is opened once and every name
 * is resolved from it; it is created when missing. */

#if !defined(SHMC_REPORT_OUTSET_H)
#define SHMC_REPORT_OUTSET_H

#include <stdio.h>

#include "lib/error.h"

#define SHMC_OUTSET_MAX 8

typedef struct {
    char *m_dir;                /* The output folder, as given. */
    int m_dirfd;                /* It, opened once; -1 before. */
    char *m_tmpname;            /* Our private folder inside it. */
    int m_tmpfd;
    char **m_made;              /* Folders made for m_dir, outermost first. */
    size_t m_nmade;
    char *m_name[SHMC_OUTSET_MAX];
    FILE *m_file[SHMC_OUTSET_MAX];
    size_t m_count;
} shmc_outset_t;

/** Starts an empty set. */
void shmc_outset_init(shmc_outset_t *set);

/** Opens name (a plain file name) in the folder dir for writing; every
 * file of a set goes to the same folder. */
shmc_error_t shmc_outset_open(shmc_outset_t *set, const char *dir,
    const char *name, FILE **file);

/** Closes every file and, if all were written and every name is free or
 * holds a regular file of ours, renames them into place; otherwise
 * replaces nothing.  Either way the set is done with. */
shmc_error_t shmc_outset_commit(shmc_outset_t *set);

/** Removes everything the set made and frees it. */
void shmc_outset_abort(shmc_outset_t *set);

#endif /* !defined(SHMC_REPORT_OUTSET_H) */
