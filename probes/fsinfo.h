/* SPDX-License-Identifier: BSD-2-Clause */

/** What a directory's filesystem is: type, size, free space, options. */

#if !defined(SHMC_PROBES_FSINFO_H)
#define SHMC_PROBES_FSINFO_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/json.h"
#include "probes/mounts.h"

typedef struct {
    bool m_exists;
    bool m_is_symlink;          /* The path itself is a symbolic link. */
    char m_link_target[256];    /* What it points to, when it is one. */
    bool m_resolved_known;
    char m_resolved[1024];      /* The path with every link resolved. */
    bool m_is_dir;
    int m_stat_errno;           /* Why stat failed, when it did. */
    char m_fstype[64];          /* From statfs; empty when unknown. */
    bool m_fstype_known;
    bool m_is_tmpfs;
    bool m_sizes_known;
    uint64_t m_size_bytes;
    uint64_t m_free_bytes;      /* Available to unprivileged users. */
    bool m_flags_known;         /* From statvfs f_flag. */
    bool m_noexec, m_nosuid, m_nodev, m_rdonly;
    const shmc_mount_t *m_mount; /* NULL when the table has no match. */
} shmc_fsinfo_t;

/** The name of the Linux filesystem magic number magic, or NULL. */
const char *shmc_fsinfo_linux_magic_name(uint64_t magic);
/** Describes in info the filesystem that holds path, its mount found in
 * mounts (which may be NULL; info then borrows from it).  A missing path
 * is a fact (m_exists false), not an error. */
void shmc_fsinfo_get(const char *path, const shmc_mounts_t *mounts,
    shmc_fsinfo_t *info);
/** info as a new JSON object the caller owns (NULL: out of memory). */
shmc_json_t *shmc_fsinfo_to_json(const shmc_fsinfo_t *info);
/** info's mount options as a new JSON array of words the caller owns;
 * null when the mount is not known. */
shmc_json_t *shmc_fsinfo_options_json(const shmc_fsinfo_t *info);

#endif /* !defined(SHMC_PROBES_FSINFO_H) */
