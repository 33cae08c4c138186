/* SPDX-License-Identifier: BSD-2-Clause */

/** The regular-file provider: an object is a file in the current
 * directory (a test case's work directory), mapped MAP_SHARED. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/provider.h"

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "lib/cleanup.h"
#include "lib/provider_fd.h"

/** The file that stands for name: "file-" and the name, slashes made '_'. */
static void
file_path(const char *name, char *path, size_t size)
{
    size_t i, n;

    n = (size_t)snprintf(path, size, "file-%s", name);
    for (i = 5; i < n && i < size; i++)
        if (path[i] == '/')
            path[i] = '_';
}

static shmc_error_t
file_create(const char *name, size_t size, shmc_obj_t *obj)
{
    char path[300];
    int fd;

    file_path(name, path, sizeof(path));
    (void)shmc_cleanup_record(SHMC_CLEANUP_FILE, path);
    fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd == -1)
        return shmc_error_libc(errno, "open(%s, O_CREAT|O_EXCL)", path);
    return shmc_provider_fd_adopt(fd, name, size, obj);
}

static shmc_error_t
file_open(const char *name, int how, shmc_obj_t *obj)
{
    struct stat sb;
    char path[300];
    int flags;

    file_path(name, path, sizeof(path));
    flags = ((how & SHMC_OPEN_RDWR) ? O_RDWR : O_RDONLY) | O_CLOEXEC;
    if (how & SHMC_OPEN_TRUNC)
        flags |= O_TRUNC;
    obj->m_fd = open(path, flags);
    if (obj->m_fd == -1)
        return shmc_error_libc(errno, "open(%s)", path);
    obj->m_id = -1;
    (void)snprintf(obj->m_name, sizeof(obj->m_name), "%s", name);
    obj->m_size = fstat(obj->m_fd, &sb) == 0 ? (size_t)sb.st_size : 0;
    return shmc_no_error();
}

static shmc_error_t
file_unlink(const char *name)
{
    char path[300];

    file_path(name, path, sizeof(path));
    if (unlink(path) == -1)
        return shmc_error_libc(errno, "unlink(%s)", path);
    return shmc_no_error();
}

const shmc_provider_t shmc_provider_file = {
    "file",
    SHMC_CAP_NAMED | SHMC_CAP_FD | SHMC_CAP_RESIZE | SHMC_CAP_UNLINK |
        SHMC_CAP_TRUNCATE,
    file_create, file_open, shmc_provider_fd_map, shmc_provider_fd_unmap,
    shmc_provider_fd_resize, shmc_provider_fd_size, shmc_provider_fd_close,
    file_unlink,
};
