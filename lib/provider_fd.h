/* SPDX-License-Identifier: BSD-2-Clause */

/** What the descriptor-based providers (POSIX shm, files, memfd) share:
 * mapping, resizing and closing a descriptor. */

#if !defined(SHMC_LIB_PROVIDER_FD_H)
#define SHMC_LIB_PROVIDER_FD_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/provider.h"

/** Maps the first len bytes of obj shared, for reading and, when
 * writable, writing; the mapping goes to *addr. */
shmc_error_t shmc_provider_fd_map(shmc_obj_t *obj, size_t len, bool writable,
    void **addr);
/** Removes the mapping of len bytes at addr. */
shmc_error_t shmc_provider_fd_unmap(void *addr, size_t len);
/** Gives obj the size size (ftruncate). */
shmc_error_t shmc_provider_fd_resize(shmc_obj_t *obj, size_t size);
/** The size of obj now (fstat), into *size. */
shmc_error_t shmc_provider_fd_size(shmc_obj_t *obj, size_t *size);
/** Closes obj's descriptor (once: it is -1 afterwards). */
shmc_error_t shmc_provider_fd_close(shmc_obj_t *obj);
/** Takes the freshly created descriptor fd over into obj, named name, and
 * gives it size bytes; closes fd on failure. */
shmc_error_t shmc_provider_fd_adopt(int fd, const char *name, size_t size,
    shmc_obj_t *obj);
/** The open(2) flags for the SHMC_OPEN_* flags how. */
int shmc_provider_fd_flags(int how);
/** Takes over into obj the result fd of opening name (-1 when the call,
 * which what describes, failed with errno) and reads the size. */
shmc_error_t shmc_provider_fd_opened(int fd, const char *name,
    const char *what, shmc_obj_t *obj);

#endif /* !defined(SHMC_LIB_PROVIDER_FD_H) */
