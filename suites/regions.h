/* SPDX-License-Identifier: BSD-2-Clause */

/** Regions: the kinds of shared memory the semaphore and process-shared
 * synchronisation suites place their objects in, and how a second process
 * maps the same region on its own rather than through fork inheritance. */

#if !defined(SHMC_SUITES_REGIONS_H)
#define SHMC_SUITES_REGIONS_H

#include <stddef.h>

#include "lib/error.h"
#include "lib/provider.h"

typedef enum {
    SHMC_REGION_POSIX_SHM,
    SHMC_REGION_SYSV_SHM,
    SHMC_REGION_FILE,
    SHMC_REGION_ANONYMOUS,
    SHMC_REGION_MEMFD
} shmc_region_kind_t;

typedef struct {
    shmc_region_kind_t m_kind;
    const shmc_provider_t *m_provider;  /* NULL for anonymous memory. */
    shmc_obj_t m_obj;
    char m_name[64];
    void *m_addr;
    size_t m_len;
} shmc_region_t;

/** The kind's name as observation keys use it ("posix_shm"); static. */
const char *shmc_region_name(shmc_region_kind_t kind);
/** Creates a region of kind of len bytes into r, mapped shared here;
 * shmc_region_destroy ends it. */
shmc_error_t shmc_region_create(shmc_region_kind_t kind, size_t len,
    shmc_region_t *r);
/** Maps r again into *addr, as a process that did not inherit it would:
 * by name where it has one, from its descriptor otherwise; anonymous
 * memory can only be inherited, so its first mapping is returned. */
shmc_error_t shmc_region_map_again(shmc_region_t *r, void **addr);
/** How shmc_region_map_again reaches r, for messages; static. */
const char *shmc_region_how_mapped_again(const shmc_region_t *r);
/** Unmaps r, removes its name where the provider can, and closes it. */
void shmc_region_destroy(shmc_region_t *r);

#endif /* !defined(SHMC_SUITES_REGIONS_H) */
