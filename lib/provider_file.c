/* SPDX-License-Identifier: BSD-2-Clause */

/** The regular-file provider: an object is a file in the current
 * directory (a test case's work directory), mapped MAP_SHARED. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/provider.h"

#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "lib/cleanup.h"
#include "lib/provider_fd.h"

static shmc_error_t
file_create(const char *name, size_t size, shmc_obj_t *obj)
{
    char path[300];
    int fd;

    shmc_provider_local_path("file-", name, path, sizeof(path));
    fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
        0600);
    if (fd == -1)
        return shmc_error_libc(errno, "open(%s, O_CREAT|O_EXCL)", path);
    (void)shmc_cleanup_created(SHMC_CLEANUP_FILE, path, fd);
    return shmc_provider_fd_adopt(fd, name, size, obj);
}

static shmc_error_t
file_open(const char *name, int how, shmc_obj_t *obj)
{
    char path[300], what[320];

    shmc_provider_local_path("file-", name, path, sizeof(path));
    (void)snprintf(what, sizeof(what), "open(%s)", path);
    return shmc_provider_fd_opened(open(path,
        shmc_provider_fd_flags(how) | O_CLOEXEC), name, what, obj);
}

static shmc_error_t
file_unlink(const char *name)
{
    char path[300];

    shmc_provider_local_path("file-", name, path, sizeof(path));
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
    file_unlink, NULL,
    SHMC_PROVIDER_OS_ONLY,
};
