/* SPDX-License-Identifier: BSD-2-Clause */

/** What the descriptor-based providers (POSIX shm, files, memfd) share:
 * mapping, resizing and closing a descriptor. */

#if !defined(SHMC_LIB_PROVIDER_FD_H)
#define SHMC_LIB_PROVIDER_FD_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/provider.h"

shmc_error_t shmc_provider_fd_map(shmc_obj_t *, size_t, bool, void **);
shmc_error_t shmc_provider_fd_unmap(void *, size_t);
shmc_error_t shmc_provider_fd_resize(shmc_obj_t *, size_t);
shmc_error_t shmc_provider_fd_size(shmc_obj_t *, size_t *);
shmc_error_t shmc_provider_fd_close(shmc_obj_t *);
shmc_error_t shmc_provider_fd_adopt(int, const char *, size_t, shmc_obj_t *);
int shmc_provider_fd_flags(int);
shmc_error_t shmc_provider_fd_opened(int, const char *, const char *,
    shmc_obj_t *);

#endif /* !defined(SHMC_LIB_PROVIDER_FD_H) */
