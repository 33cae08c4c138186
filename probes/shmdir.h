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

/** Creates a probe object, finds the file that is it (with the help of
 * mounts), removes the object, and puts what it found in out, which
 * borrows from mounts. */
void shmc_shmdir_locate(const shmc_mounts_t *mounts, shmc_shmdir_t *out);

/** Locates the shm directory of this system into out, with this system's
 * mount table, which is gone afterwards (out->m_fs.m_mount is NULL); an
 * unreadable table only leaves the filesystem facts to statfs. */
void shmc_shmdir_locate_here(shmc_shmdir_t *out);
/** Whether dir itself (not its subtree) holds an entry with obj's device
 * and inode; its name goes to file (size bytes). */
bool shmc_shmdir_find_entry(const char *dir, const struct stat *obj,
    char *file, size_t size);
/** dir as a new JSON object the caller owns, with its share of the
 * physical_bytes of memory when mem_known. */
shmc_json_t *shmc_shmdir_to_json(const shmc_shmdir_t *dir, bool mem_known,
    uint64_t physical_bytes);

#endif /* !defined(SHMC_PROBES_SHMDIR_H) */
