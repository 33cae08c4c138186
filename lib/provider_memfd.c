/* SPDX-License-Identifier: BSD-2-Clause */

/** The memfd provider: anonymous objects from memfd_create(2).  They have
 * no names other processes can use, so the suites that need names skip. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/provider.h"

#include <sys/types.h>
#include <sys/mman.h>

#include <errno.h>

#include "lib/provider_fd.h"

#if defined(HAVE_MEMFD_CREATE) && defined(HAVE_DECL_MFD_CLOEXEC) && \
    HAVE_DECL_MFD_CLOEXEC

static shmc_error_t
memfd_create_obj(const char *name, size_t size, shmc_obj_t *obj)
{
    int fd;

    fd = memfd_create(name[0] == '/' ? name + 1 : name, MFD_CLOEXEC);
    if (fd == -1)
        return shmc_error_libc(errno, "memfd_create(%s)", name);
    return shmc_provider_fd_adopt(fd, name, size, obj);
}

static shmc_error_t
memfd_no_names(void)
{
    return shmc_error_libc(ENOTSUP, "memfd objects have no names");
}

static shmc_error_t
memfd_open(const char *name, int how, shmc_obj_t *obj)
{
    (void)name; (void)how; (void)obj;
    return memfd_no_names();
}

static shmc_error_t
memfd_unlink(const char *name)
{
    (void)name;
    return memfd_no_names();
}

const shmc_provider_t shmc_provider_memfd = {
    "memfd",
    SHMC_CAP_FD | SHMC_CAP_RESIZE,
    memfd_create_obj, memfd_open, shmc_provider_fd_map,
    shmc_provider_fd_unmap, shmc_provider_fd_resize, shmc_provider_fd_size,
    shmc_provider_fd_close, memfd_unlink, NULL,
    SHMC_PROVIDER_OS_ONLY,
};

#else

const shmc_provider_t shmc_provider_memfd = {
    "memfd", 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    SHMC_PROVIDER_OS_ONLY,
};

#endif
