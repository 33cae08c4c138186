/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "suites/regions.h"

#include <sys/types.h>
#include <sys/mman.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/name.h"
#include "suites/harness.h"

#if !defined(MAP_ANONYMOUS) && defined(MAP_ANON)
#   define MAP_ANONYMOUS MAP_ANON
#endif

static const char *const names[] = {
    "posix_shm", "sysv_shm", "file", "anonymous", "memfd",
};

const char *
shmc_region_name(shmc_region_kind_t kind)
{
    return names[kind];
}

/** Creates a region of len bytes and maps it shared in this process. */
shmc_error_t
shmc_region_create(shmc_region_kind_t kind, size_t len, shmc_region_t *r)
{
    shmc_error_t err;

    memset(r, 0, sizeof(*r));
    r->m_kind = kind;
    r->m_len = len;
    if (kind == SHMC_REGION_ANONYMOUS) {
        r->m_addr = mmap(NULL, len, PROT_READ | PROT_WRITE,
            MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (r->m_addr == MAP_FAILED)
            return shmc_error_libc(errno, "anonymous shared mmap");
        return shmc_no_error();
    }
    r->m_provider = shmc_provider_find(names[kind]);
    if (r->m_provider == NULL || r->m_provider->m_caps == 0)
        return shmc_error_skip("%s is not available here", names[kind]);
    if (shmc_is_error(err = shmc_provider_create_fresh(r->m_provider,
        r->m_name, sizeof(r->m_name), len, &r->m_obj)))
        return err;
    if (shmc_is_error(err = r->m_provider->m_map(&r->m_obj, len, true,
        &r->m_addr)))
        return err;
    return shmc_t_back(r->m_addr, len);
}

/** Maps the region again, as a process that did not inherit it would:
 * by name where it has one, from its descriptor otherwise; anonymous
 * memory can only be inherited, so its first mapping is returned. */
shmc_error_t
shmc_region_map_again(shmc_region_t *r, void **addr)
{
    shmc_obj_t obj;
    shmc_error_t err;

    if (r->m_kind == SHMC_REGION_ANONYMOUS) {
        *addr = r->m_addr;
        return shmc_no_error();
    }
    if (!(r->m_provider->m_caps & SHMC_CAP_NAMED))
        return r->m_provider->m_map(&r->m_obj, r->m_len, true, addr);
    if (shmc_is_error(err = r->m_provider->m_open(r->m_name, SHMC_OPEN_RDWR,
        &obj)))
        return err;
    err = r->m_provider->m_map(&obj, r->m_len, true, addr);
    (void)r->m_provider->m_close(&obj);
    return err;
}

/** How map_again reaches the region, for messages and observations. */
const char *
shmc_region_how_mapped_again(const shmc_region_t *r)
{
    if (r->m_kind == SHMC_REGION_ANONYMOUS)
        return "inherited mapping";
    if (!(r->m_provider->m_caps & SHMC_CAP_NAMED))
        return "new mapping of the inherited descriptor";
    return "opened by name and mapped anew";
}

void
shmc_region_destroy(shmc_region_t *r)
{
    if (r->m_kind == SHMC_REGION_ANONYMOUS) {
        (void)munmap(r->m_addr, r->m_len);
        return;
    }
    if (r->m_provider == NULL || r->m_addr == NULL)
        return;
    shmc_error_free(r->m_provider->m_unmap(r->m_addr, r->m_len));
    if (r->m_provider->m_caps & SHMC_CAP_UNLINK)
        shmc_error_free(r->m_provider->m_unlink(r->m_name));
    shmc_error_free(r->m_provider->m_close(&r->m_obj));
}
