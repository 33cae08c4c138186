/* SPDX-License-Identifier: BSD-2-Clause */

/** The POSIX shm_open(3) provider. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/provider.h"

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#if defined(HAVE_SHM_OPEN)

static shmc_error_t
posix_create(const char *name, size_t size, shmc_obj_t *obj)
{
    obj->m_fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (obj->m_fd == -1)
        return shmc_error_libc(errno, "shm_open(%s, O_CREAT|O_EXCL)", name);
    (void)snprintf(obj->m_name, sizeof(obj->m_name), "%s", name);
    obj->m_size = 0;
    if (size > 0 && ftruncate(obj->m_fd, (off_t)size) == -1) {
        int saved = errno;

        (void)close(obj->m_fd);
        obj->m_fd = -1;
        return shmc_error_libc(saved, "ftruncate(%s, %zu)", name, size);
    }
    obj->m_size = size;
    return shmc_no_error();
}

static shmc_error_t
posix_open(const char *name, int how, shmc_obj_t *obj)
{
    struct stat sb;
    int flags;

    flags = (how & SHMC_OPEN_RDWR) ? O_RDWR : O_RDONLY;
    if (how & SHMC_OPEN_TRUNC)
        flags |= O_TRUNC;
    obj->m_fd = shm_open(name, flags, 0);
    if (obj->m_fd == -1)
        return shmc_error_libc(errno, "shm_open(%s)", name);
    (void)snprintf(obj->m_name, sizeof(obj->m_name), "%s", name);
    obj->m_size = fstat(obj->m_fd, &sb) == 0 ? (size_t)sb.st_size : 0;
    return shmc_no_error();
}

static shmc_error_t
posix_map(shmc_obj_t *obj, size_t len, bool writable, void **addr)
{
    void *p;

    p = mmap(NULL, len, PROT_READ | (writable ? PROT_WRITE : 0), MAP_SHARED,
        obj->m_fd, 0);
    if (p == MAP_FAILED)
        return shmc_error_libc(errno, "mmap(%s, %zu)", obj->m_name, len);
    *addr = p;
    return shmc_no_error();
}

static shmc_error_t
posix_unmap(void *addr, size_t len)
{
    if (munmap(addr, len) == -1)
        return shmc_error_libc(errno, "munmap");
    return shmc_no_error();
}

static shmc_error_t
posix_resize(shmc_obj_t *obj, size_t size)
{
    if (ftruncate(obj->m_fd, (off_t)size) == -1)
        return shmc_error_libc(errno, "ftruncate(%s, %zu)", obj->m_name,
            size);
    obj->m_size = size;
    return shmc_no_error();
}

static shmc_error_t
posix_size(shmc_obj_t *obj, size_t *size)
{
    struct stat sb;

    if (fstat(obj->m_fd, &sb) == -1)
        return shmc_error_libc(errno, "fstat(%s)", obj->m_name);
    *size = (size_t)sb.st_size;
    return shmc_no_error();
}

static shmc_error_t
posix_close(shmc_obj_t *obj)
{
    int fd = obj->m_fd;

    obj->m_fd = -1;
    if (fd != -1 && close(fd) == -1)
        return shmc_error_libc(errno, "close(%s)", obj->m_name);
    return shmc_no_error();
}

static shmc_error_t
posix_unlink(const char *name)
{
    if (shm_unlink(name) == -1)
        return shmc_error_libc(errno, "shm_unlink(%s)", name);
    return shmc_no_error();
}

const shmc_provider_t shmc_provider_posix_shm = {
    "posix_shm",
    SHMC_CAP_NAMED | SHMC_CAP_FD | SHMC_CAP_RESIZE | SHMC_CAP_UNLINK |
        SHMC_CAP_TRUNCATE,
    posix_create, posix_open, posix_map, posix_unmap, posix_resize,
    posix_size, posix_close, posix_unlink,
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
    NULL, NULL,
};

#endif /* defined(HAVE_SHM_OPEN) */
