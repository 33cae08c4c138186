/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "probes/fsinfo.h"

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#if defined(HAVE_SYS_VFS_H)
#   include <sys/vfs.h>
#endif
#if defined(HAVE_SYS_PARAM_H)
#   include <sys/param.h>
#endif
#if defined(HAVE_SYS_MOUNT_H)
#   include <sys/mount.h>
#endif
#if defined(HAVE_SYS_SYSMACROS_H)
#   include <sys/sysmacros.h>
#endif

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/errname.h"

/* Linux statfs f_type values (linux/magic.h), named as mount(8) names them.
 * Kept here rather than included because the header is Linux-only and the
 * table is what turns a number into something a report can show. */
static const struct {
    uint64_t m_magic;
    const char *m_name;
} linux_magics[] = {
    { 0x01021994, "tmpfs" },
    { 0x858458f6, "ramfs" },
    { 0x958458f6, "hugetlbfs" },
    { 0x0000ef53, "ext4" },
    { 0x58465342, "xfs" },
    { 0x9123683e, "btrfs" },
    { 0x794c7630, "overlay" },
    { 0x2fc12fc1, "zfs" },
    { 0x00006969, "nfs" },
    { 0xff534d42, "cifs" },
    { 0x01021997, "9p" },
    { 0x65735546, "fuse" },
    { 0x73717368, "squashfs" },
    { 0xf2f52010, "f2fs" },
    { 0x00004d44, "vfat" },
    { 0x00009fa0, "proc" },
    { 0x62656572, "sysfs" },
    { 0x00001cd1, "devpts" },
    { 0x63677270, "cgroup2" },
    { 0x27e0eb, "cgroup" },
    { 0x6e736673, "nsfs" },
    { 0x5a3c69f0, "aafs" },
};

/** Names a Linux filesystem magic number, or NULL when it is not known. */
const char *
shmc_fsinfo_linux_magic_name(uint64_t magic)
{
    size_t i;

    for (i = 0; i < sizeof(linux_magics) / sizeof(linux_magics[0]); i++)
        if (linux_magics[i].m_magic == magic)
            return linux_magics[i].m_name;
    return NULL;
}

static void
fsinfo_fstype(const char *path, shmc_fsinfo_t *info)
{
#if defined(HAVE_STRUCT_STATFS_F_FSTYPENAME)
    struct statfs sfs;

    if (statfs(path, &sfs) == 0) {
        (void)snprintf(info->m_fstype, sizeof(info->m_fstype), "%s",
            sfs.f_fstypename);
        info->m_fstype_known = true;
        info->m_is_tmpfs = strcmp(sfs.f_fstypename, "tmpfs") == 0;
    }
#elif defined(HAVE_STRUCT_STATFS_F_TYPE)
    struct statfs sfs;
    const char *name;
    uint64_t magic;

    if (statfs(path, &sfs) == 0) {
        magic = (uint64_t)(unsigned long)sfs.f_type & 0xffffffffu;
        name = shmc_fsinfo_linux_magic_name(magic);
        if (name != NULL)
            (void)snprintf(info->m_fstype, sizeof(info->m_fstype), "%s",
                name);
        else
            (void)snprintf(info->m_fstype, sizeof(info->m_fstype),
                "unknown(0x%llx)", (unsigned long long)magic);
        info->m_fstype_known = true;
        info->m_is_tmpfs = magic == 0x01021994;
    }
#else
    (void)path;
    /* No statfs: fall back on the mount table, if it knows the mount. */
    if (info->m_mount != NULL) {
        (void)snprintf(info->m_fstype, sizeof(info->m_fstype), "%s",
            info->m_mount->m_fstype);
        info->m_fstype_known = true;
        info->m_is_tmpfs = strcmp(info->m_fstype, "tmpfs") == 0;
    }
#endif
}

static void
fsinfo_flags(const struct statvfs *vfs, shmc_fsinfo_t *out)
{
    out->m_flags_known = true;
    out->m_nosuid = (vfs->f_flag & ST_NOSUID) != 0;
    out->m_rdonly = (vfs->f_flag & ST_RDONLY) != 0;
    /* ST_NOEXEC and ST_NODEV are extensions; without them the mount
     * table's option words are the best evidence there is. */
#if defined(ST_NOEXEC)
    out->m_noexec = (vfs->f_flag & ST_NOEXEC) != 0;
#else
    out->m_noexec = out->m_mount != NULL &&
        shmc_mount_has_option(out->m_mount, "noexec");
#endif
#if defined(ST_NODEV)
    out->m_nodev = (vfs->f_flag & ST_NODEV) != 0;
#else
    out->m_nodev = out->m_mount != NULL &&
        shmc_mount_has_option(out->m_mount, "nodev");
#endif
}

/** Describes the filesystem that holds path.  A missing path is a fact
 * (m_exists false), not an error. */
void
shmc_fsinfo_get(const char *path, const shmc_mounts_t *mounts,
    shmc_fsinfo_t *info)
{
    struct stat sb;
    struct statvfs vfs;

    char resolved[PATH_MAX];
    ssize_t n;

    memset(info, 0, sizeof(*info));
    /* A symbolic link (/run/shm -> /dev/shm on Debian) is a fact; all else
     * is about the filesystem it resolves to. */
    if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode)) {
        info->m_is_symlink = true;
        n = readlink(path, info->m_link_target,
            sizeof(info->m_link_target) - 1);
        info->m_link_target[n > 0 ? n : 0] = '\0';
    }
    if (stat(path, &sb) == -1) {
        info->m_stat_errno = errno;
        return;
    }
    info->m_exists = true;
    info->m_is_dir = S_ISDIR(sb.st_mode);
    if (realpath(path, resolved) != NULL &&
        strlen(resolved) < sizeof(info->m_resolved)) {
        info->m_resolved_known = true;
        (void)snprintf(info->m_resolved, sizeof(info->m_resolved), "%s",
            resolved);
    }
    if (mounts != NULL && info->m_resolved_known)
        info->m_mount = shmc_mounts_find(mounts, info->m_resolved, true,
            (unsigned int)major(sb.st_dev), (unsigned int)minor(sb.st_dev));
    fsinfo_fstype(path, info);
    if (statvfs(path, &vfs) == 0) {
        unsigned long frsize = vfs.f_frsize != 0 ? vfs.f_frsize : vfs.f_bsize;

        info->m_sizes_known = true;
        info->m_size_bytes = (uint64_t)vfs.f_blocks * frsize;
        info->m_free_bytes = (uint64_t)vfs.f_bavail * frsize;
        fsinfo_flags(&vfs, info);
    }
}

/** The mount options as an array of words, from the mount table. */
shmc_json_t *
shmc_fsinfo_options_json(const shmc_fsinfo_t *info)
{
    shmc_json_t *array;
    const char *p, *comma;
    char word[256];
    size_t len;

    if (info->m_mount == NULL)
        return shmc_json_null();
    array = shmc_json_array();
    for (p = info->m_mount->m_options; p != NULL && *p != '\0'; ) {
        comma = strchr(p, ',');
        len = comma != NULL ? (size_t)(comma - p) : strlen(p);
        if (len > 0 && len < sizeof(word)) {
            memcpy(word, p, len);
            word[len] = '\0';
            shmc_json_append(array, shmc_json_string(word));
        }
        p = comma != NULL ? comma + 1 : NULL;
    }
    return array;
}

static shmc_json_t *
flag_json(const shmc_fsinfo_t *info, bool value)
{
    return info->m_flags_known ? shmc_json_bool(value) : shmc_json_null();
}

shmc_json_t *
shmc_fsinfo_to_json(const shmc_fsinfo_t *info)
{
    shmc_json_t *obj;

    obj = shmc_json_object();
    shmc_json_set(obj, "exists", shmc_json_bool(info->m_exists));
    if (!info->m_exists && info->m_stat_errno != 0) {
        shmc_json_set(obj, "errno", shmc_json_string(
            shmc_errname(info->m_stat_errno)));
    }
    shmc_json_set(obj, "is_directory", info->m_exists ?
        shmc_json_bool(info->m_is_dir) : shmc_json_null());
    shmc_json_set(obj, "is_symlink", shmc_json_bool(info->m_is_symlink));
    shmc_json_set_string_opt(obj, "symlink_target",
        info->m_is_symlink ? info->m_link_target : NULL);
    shmc_json_set_string_opt(obj, "resolved_path",
        info->m_resolved_known ? info->m_resolved : NULL);
    shmc_json_set_string_opt(obj, "fstype",
        info->m_fstype_known ? info->m_fstype : NULL);
    shmc_json_set(obj, "is_tmpfs", info->m_fstype_known ?
        shmc_json_bool(info->m_is_tmpfs) : shmc_json_null());
    shmc_json_set_uint_opt(obj, "size_bytes", info->m_sizes_known,
        info->m_size_bytes);
    shmc_json_set_uint_opt(obj, "free_bytes", info->m_sizes_known,
        info->m_free_bytes);
    shmc_json_set_string_opt(obj, "mount_point",
        info->m_mount != NULL ? info->m_mount->m_mount_point : NULL);
    shmc_json_set_string_opt(obj, "mount_fstype",
        info->m_mount != NULL ? info->m_mount->m_fstype : NULL);
    shmc_json_set(obj, "options", shmc_fsinfo_options_json(info));
    shmc_json_set(obj, "noexec", flag_json(info, info->m_noexec));
    shmc_json_set(obj, "nosuid", flag_json(info, info->m_nosuid));
    shmc_json_set(obj, "nodev", flag_json(info, info->m_nodev));
    shmc_json_set(obj, "read_only", flag_json(info, info->m_rdonly));
    return obj;
}
