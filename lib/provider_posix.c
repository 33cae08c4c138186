/* SPDX-License-Identifier: BSD-2-Clause */

/** The POSIX shm_open(3) provider. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/provider.h"
#include "lib/cleanup.h"
#include "lib/errname.h"
#include "lib/name.h"
#include "lib/provider_fd.h"

#include <sys/types.h>
#include <sys/mman.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#if defined(HAVE_SHM_OPEN)

static shmc_error_t
posix_create(const char *name, size_t size, shmc_obj_t *obj)
{
    int fd;

    fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd == -1)
        return shmc_error_libc(errno, "shm_open(%s, O_CREAT|O_EXCL)", name);
    (void)shmc_cleanup_created(SHMC_CLEANUP_SHM, name, fd);
    return shmc_provider_fd_adopt(fd, name, size, obj);
}

static shmc_error_t
posix_open(const char *name, int how, shmc_obj_t *obj)
{
    char what[300];

    (void)snprintf(what, sizeof(what), "shm_open(%s)", name);
    return shmc_provider_fd_opened(shm_open(name,
        shmc_provider_fd_flags(how), 0), name, what, obj);
}

static shmc_error_t
posix_unlink(const char *name)
{
    if (shm_unlink(name) == -1)
        return shmc_error_libc(errno, "shm_unlink(%s)", name);
    return shmc_no_error();
}

/** Tries, once per process, O_TRUNC on a fresh object of one page.  A
 * failure to make that object is not a refusal: "ok" then, and the case
 * that truncates meets the same failure and reports it. */
static const char *
posix_open_trunc(void)
{
    static const char *outcome;
    char name[SHMC_NAME_MAX];
    shmc_obj_t obj, again;
    shmc_error_t err;
    size_t size = 0;

    if (outcome != NULL)
        return outcome;
    outcome = "ok";
    err = shmc_name_unique(name, sizeof(name));
    if (!shmc_is_error(err))
        err = posix_create(name, (size_t)sysconf(_SC_PAGESIZE), &obj);
    if (shmc_is_error(err)) {
        shmc_error_free(err);
        return outcome;
    }
    err = posix_open(name, SHMC_OPEN_RDWR | SHMC_OPEN_TRUNC, &again);
    if (shmc_is_error(err)) {
        outcome = shmc_errname(shmc_error_errno(err));
        shmc_error_free(err);
    } else {
        if (shmc_is_error(err = shmc_provider_fd_size(&obj, &size)))
            shmc_error_free(err);
        if (size != 0)
            outcome = "not-emptied";
        (void)shmc_provider_fd_close(&again);
    }
    (void)shmc_provider_fd_close(&obj);
    if (shmc_is_error(err = posix_unlink(name)))
        shmc_error_free(err);
    return outcome;
}

const shmc_provider_t shmc_provider_posix_shm = {
    "posix_shm",
    SHMC_CAP_NAMED | SHMC_CAP_FD | SHMC_CAP_RESIZE | SHMC_CAP_UNLINK |
        SHMC_CAP_TRUNCATE,
    posix_create, posix_open, shmc_provider_fd_map, shmc_provider_fd_unmap,
    shmc_provider_fd_resize, shmc_provider_fd_size, shmc_provider_fd_close,
    posix_unlink, posix_open_trunc,
    SHMC_PROVIDER_OS_ONLY,
};

#else /* !defined(HAVE_SHM_OPEN) */

static shmc_error_t
posix_missing(void)
{
    return shmc_error_libc(ENOSYS, "shm_open is not available");
}

static shmc_error_t
posix_create_missing(const char *name, size_t size, shmc_obj_t *obj)
{
    (void)name; (void)size; (void)obj;
    return posix_missing();
}

const shmc_provider_t shmc_provider_posix_shm = {
    "posix_shm", 0, posix_create_missing, NULL, NULL, NULL, NULL, NULL,
    NULL, NULL, NULL,
    SHMC_PROVIDER_OS_ONLY,
};

#endif /* defined(HAVE_SHM_OPEN) */
