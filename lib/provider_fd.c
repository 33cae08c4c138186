/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/provider_fd.h"

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

/** Takes over a freshly created descriptor and gives it its size; closes
 * it on failure. */
shmc_error_t
shmc_provider_fd_adopt(int fd, const char *name, size_t size, shmc_obj_t *obj)
{
    obj->m_fd = fd;
    obj->m_id = -1;
    obj->m_size = 0;
    (void)snprintf(obj->m_name, sizeof(obj->m_name), "%s", name);
    if (size > 0 && ftruncate(fd, (off_t)size) == -1) {
        int saved = errno;

        (void)close(fd);
        obj->m_fd = -1;
        return shmc_error_libc(saved, "ftruncate(%s, %zu)", name, size);
    }
    obj->m_size = size;
    return shmc_no_error();
}

/** The open(2) flags for a provider's SHMC_OPEN_* flags. */
int
shmc_provider_fd_flags(int how)
{
    int flags = (how & SHMC_OPEN_RDWR) ? O_RDWR : O_RDONLY;

    if (how & SHMC_OPEN_TRUNC)
        flags |= O_TRUNC;
    return flags;
}

/** Takes over the result of opening name (fd, -1 on failure, with what
 * describing the call) and reads the object's size. */
shmc_error_t
shmc_provider_fd_opened(int fd, const char *name, const char *what,
    shmc_obj_t *obj)
{
    struct stat sb;

    if (fd == -1)
        return shmc_error_libc(errno, "%s", what);
    obj->m_fd = fd;
    obj->m_id = -1;
    (void)snprintf(obj->m_name, sizeof(obj->m_name), "%s", name);
    obj->m_size = fstat(fd, &sb) == 0 ? (size_t)sb.st_size : 0;
    return shmc_no_error();
}

shmc_error_t
shmc_provider_fd_map(shmc_obj_t *obj, size_t len, bool writable, void **addr)
{
    void *p;

    p = mmap(NULL, len, PROT_READ | (writable ? PROT_WRITE : 0), MAP_SHARED,
        obj->m_fd, 0);
    if (p == MAP_FAILED)
        return shmc_error_libc(errno, "mmap(%s, %zu)", obj->m_name, len);
    *addr = p;
    return shmc_no_error();
}

shmc_error_t
shmc_provider_fd_unmap(void *addr, size_t len)
{
    if (munmap(addr, len) == -1)
        return shmc_error_libc(errno, "munmap");
    return shmc_no_error();
}

shmc_error_t
shmc_provider_fd_resize(shmc_obj_t *obj, size_t size)
{
    if (ftruncate(obj->m_fd, (off_t)size) == -1)
        return shmc_error_libc(errno, "ftruncate(%s, %zu)", obj->m_name,
            size);
    obj->m_size = size;
    return shmc_no_error();
}

shmc_error_t
shmc_provider_fd_size(shmc_obj_t *obj, size_t *size)
{
    struct stat sb;

    if (fstat(obj->m_fd, &sb) == -1)
        return shmc_error_libc(errno, "fstat(%s)", obj->m_name);
    *size = (size_t)sb.st_size;
    return shmc_no_error();
}

shmc_error_t
shmc_provider_fd_close(shmc_obj_t *obj)
{
    int fd = obj->m_fd;

    obj->m_fd = -1;
    if (fd != -1 && close(fd) == -1)
        return shmc_error_libc(errno, "close(%s)", obj->m_name);
    return shmc_no_error();
}
