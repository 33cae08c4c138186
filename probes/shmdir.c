/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "probes/shmdir.h"

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/errname.h"
#include "lib/name.h"

/* Directories where implementations are known to put objects; the mount
 * points of the object's device are searched after these. */
static const char *const usual_dirs[] = {
    "/dev/shm", "/run/shm", "/var/shm", "/tmp", "/var/run/shm",
};

/** Looks in dir for the entry that is the object (same device and inode)
 * and puts its name in file.  Only the directory itself is read, never a
 * subtree. */
bool
shmc_shmdir_find_entry(const char *dir, const struct stat *obj, char *file,
    size_t size)
{
    struct stat sb;
    DIR *d;
    struct dirent *de;
    char path[2048];
    bool found = false;

    if (stat(dir, &sb) == -1 || !S_ISDIR(sb.st_mode) ||
        sb.st_dev != obj->st_dev)
        return false;
    d = opendir(dir);
    if (d == NULL)
        return false;
    while (!found && (de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        (void)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        if (lstat(path, &sb) == 0 && sb.st_dev == obj->st_dev &&
            sb.st_ino == obj->st_ino) {
            (void)snprintf(file, size, "%s", de->d_name);
            found = true;
        }
    }
    closedir(d);
    return found;
}

static bool
scan_dir(const char *dir, const struct stat *obj, shmc_shmdir_t *out)
{
    if (!shmc_shmdir_find_entry(dir, obj, out->m_file, sizeof(out->m_file)))
        return false;
    (void)snprintf(out->m_dir, sizeof(out->m_dir), "%s", dir);
    return true;
}

#if defined(HAVE_SHM_OPEN)
static void
search(const shmc_mounts_t *mounts, const struct stat *obj,
    shmc_shmdir_t *out)
{
    const char *tmpdir;
    size_t i;

    for (i = 0; i < sizeof(usual_dirs) / sizeof(usual_dirs[0]); i++)
        if (scan_dir(usual_dirs[i], obj, out))
            return;
    tmpdir = getenv("TMPDIR");
    if (tmpdir != NULL && *tmpdir == '/' && scan_dir(tmpdir, obj, out))
        return;
    for (i = 0; mounts != NULL && i < mounts->m_count; i++)
        if (scan_dir(mounts->m_entries[i].m_mount_point, obj, out))
            return;
}
#endif

/** Creates a probe object, finds its file, and removes the object. */
void
shmc_shmdir_locate(const shmc_mounts_t *mounts, shmc_shmdir_t *out)
{
    memset(out, 0, sizeof(*out));
#if defined(HAVE_SHM_OPEN)
    struct stat obj;
    int fd;
    shmc_error_t err;

    out->m_attempted = true;
    err = shmc_name_unique(out->m_name, sizeof(out->m_name));
    if (shmc_is_error(err)) {
        out->m_errno = ENAMETOOLONG;
        shmc_error_free(err);
        return;
    }
    fd = shm_open(out->m_name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd == -1 && errno == EEXIST) {
        /* Someone else's: left to them, and a name nobody can predict
         * tried instead. */
        err = shmc_name_unpredictable(out->m_name, sizeof(out->m_name));
        if (shmc_is_error(err)) {
            out->m_errno = ENAMETOOLONG;
            shmc_error_free(err);
            return;
        }
        fd = shm_open(out->m_name, O_RDWR | O_CREAT | O_EXCL, 0600);
    }
    if (fd == -1) {
        out->m_errno = errno;
        return;
    }
    out->m_created = true;
    if (fstat(fd, &obj) == 0)
        search(mounts, &obj, out);
    (void)close(fd);
    /* Only this run's own object is ever unlinked. */
    (void)shm_unlink(out->m_name);
    if (out->m_file[0] != '\0') {
        out->m_found = true;
        shmc_fsinfo_get(out->m_dir, mounts, &out->m_fs);
    }
#else
    (void)mounts;
    (void)scan_dir;
    (void)usual_dirs;
#endif
}

/** The shm_dir object: where objects live, and the facts of that
 * directory's filesystem under the same keys as the tmpfs entries. */
shmc_json_t *
shmc_shmdir_to_json(const shmc_shmdir_t *dir, bool mem_known,
    uint64_t physical_bytes)
{
    shmc_json_t *obj;
    const shmc_fsinfo_t *fs = &dir->m_fs;

    obj = shmc_json_object();
    shmc_json_set_string_opt(obj, "path", dir->m_found ? dir->m_dir : NULL);
    if (!dir->m_attempted)
        shmc_json_set(obj, "note", shmc_json_string(
            "shm_open is not available"));
    else if (!dir->m_created)
        shmc_json_set(obj, "note", shmc_json_string(
            "shm_open of a probe object failed"));
    else if (!dir->m_found)
        shmc_json_set(obj, "note", shmc_json_string("no filesystem path"));
    shmc_json_set(obj, "probe_errno", dir->m_attempted && !dir->m_created ?
        shmc_json_string(shmc_errname(dir->m_errno)) : shmc_json_null());
    shmc_json_set_string_opt(obj, "probe_object",
        dir->m_attempted ? dir->m_name : NULL);
    shmc_json_set_string_opt(obj, "object_file",
        dir->m_found ? dir->m_file : NULL);
    /* Not found: fs is all zeros, which reads as unknown throughout. */
    shmc_json_merge(obj, shmc_fsinfo_to_json(fs));
    shmc_json_set(obj, "fraction_of_memory",
        fs->m_sizes_known && mem_known && physical_bytes > 0 ?
        shmc_json_real((double)fs->m_size_bytes / (double)physical_bytes) :
        shmc_json_null());
    return obj;
}

void
shmc_shmdir_locate_here(shmc_shmdir_t *out)
{
    shmc_mounts_t mounts;

    shmc_mounts_init(&mounts);
    shmc_error_free(shmc_mounts_load(&mounts));
    shmc_shmdir_locate(&mounts, out);
    /* The mount found points into the table, which goes now. */
    out->m_fs.m_mount = NULL;
    shmc_mounts_fini(&mounts);
}
