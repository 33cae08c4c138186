/* SPDX-License-Identifier: BSD-2-Clause */

/** Where shm_open(3) objects live.
 *
 * Nothing is assumed: a uniquely named object is created and the file with
 * its device and inode is looked for in the usual directories and in every
 * mount point on the same device.  FreeBSD and macOS keep objects in the
 * kernel, where no such file exists. */

#if !defined(SHMC_PROBES_SHMDIR_H)
#define SHMC_PROBES_SHMDIR_H

#include <sys/types.h>
#include <sys/stat.h>

#include <stdbool.h>
#include <stddef.h>

#include "lib/json.h"
#include "probes/fsinfo.h"
#include "probes/mounts.h"

typedef struct {
    bool m_attempted;           /* False when shm_open is not available. */
    bool m_created;
    int m_errno;                /* Why shm_open failed, when it did. */
    char m_name[64];            /* The name passed to shm_open. */
    bool m_found;
    char m_dir[1024];
    char m_file[256];           /* The directory entry that is the object. */
    shmc_fsinfo_t m_fs;
} shmc_shmdir_t;

void shmc_shmdir_locate(const shmc_mounts_t *, shmc_shmdir_t *);

/** Locates the shm directory of this system into out, with this system's
 * mount table; an unreadable table only leaves the filesystem facts to
 * statfs. */
void shmc_shmdir_locate_here(shmc_shmdir_t *out);
bool shmc_shmdir_find_entry(const char *, const struct stat *, char *,
    size_t);
shmc_json_t *shmc_shmdir_to_json(const shmc_shmdir_t *, bool, uint64_t);

#endif /* !defined(SHMC_PROBES_SHMDIR_H) */
