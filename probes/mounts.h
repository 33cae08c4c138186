/* SPDX-License-Identifier: BSD-2-Clause */

/** The mount table: where each filesystem is mounted and with which options.
 *
 * Linux exposes it as /proc/self/mountinfo; FreeBSD and macOS print it with
 * mount(8) as "SOURCE on DIR (TYPE, OPT, OPT)".  Both parsers are pure
 * functions over text so that fixtures captured on each system test them. */

#if !defined(SHMC_PROBES_MOUNTS_H)
#define SHMC_PROBES_MOUNTS_H

#include <stdbool.h>
#include <stdio.h>

#include "lib/error.h"

typedef enum {
    SHMC_MOUNTS_MOUNTINFO,      /* Linux /proc/self/mountinfo. */
    SHMC_MOUNTS_BSD             /* mount(8) output on FreeBSD and macOS. */
} shmc_mounts_format_t;

typedef struct {
    char *m_source;
    char *m_mount_point;
    char *m_fstype;
    char *m_options;            /* Comma-separated, never NULL. */
    bool m_has_dev;             /* mountinfo gives the device number. */
    unsigned int m_major;
    unsigned int m_minor;
} shmc_mount_t;

typedef struct {
    shmc_mount_t *m_entries;
    size_t m_count;
    size_t m_alloc;
    char m_origin[64];          /* Where the table was read from. */
} shmc_mounts_t;

/** Frees the strings m holds. */
void shmc_mount_fini(shmc_mount_t *m);
/** Whether m's options hold opt exactly (or as opt=...). */
bool shmc_mount_has_option(const shmc_mount_t *m, const char *opt);
/** Parses one line of /proc/self/mountinfo into m, whose strings the
 * caller then owns (shmc_mount_fini). */
shmc_error_t shmc_mount_parse_mountinfo(const char *line, shmc_mount_t *m);
/** Parses one line of mount(8) output of FreeBSD or macOS into m, whose
 * strings the caller then owns (shmc_mount_fini). */
shmc_error_t shmc_mount_parse_bsd(const char *line, shmc_mount_t *m);

/** Makes t an empty table. */
void shmc_mounts_init(shmc_mounts_t *t);
/** Frees every entry of t. */
void shmc_mounts_fini(shmc_mounts_t *t);
/** Reads a whole table in format from f into t (initialized); errors
 * name origin and the line. */
shmc_error_t shmc_mounts_read(FILE *f, shmc_mounts_format_t format,
    const char *origin, shmc_mounts_t *t);
/** Loads the running system's mount table into t (initialized). */
shmc_error_t shmc_mounts_load(shmc_mounts_t *t);
/** The mount of t that holds the absolute, resolved path (borrowed from
 * t), or NULL.  Among the mount points that are a prefix of path the
 * longest wins, then the later entry (mounts stack); when has_dev is set
 * and t records devices, only a mount of device major:minor qualifies. */
const shmc_mount_t *shmc_mounts_find(const shmc_mounts_t *t, const char *path,
    bool has_dev, unsigned int major, unsigned int minor);

#endif /* !defined(SHMC_PROBES_MOUNTS_H) */
