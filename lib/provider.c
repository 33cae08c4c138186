/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/provider.h"

#include <stdio.h>
#include <string.h>

static const shmc_provider_t *const providers[] = {
    &shmc_provider_posix_shm,
    &shmc_provider_sysv_shm,
    &shmc_provider_file,
    &shmc_provider_memfd,
};

/** Returns the provider of that name, or NULL. */
const shmc_provider_t *
shmc_provider_find(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof(providers) / sizeof(providers[0]); i++)
        if (strcmp(providers[i]->m_name, name) == 0)
            return providers[i];
    return NULL;
}

unsigned int
shmc_provider_caps(const shmc_provider_t *provider)
{
    unsigned int caps = provider->m_caps;

    if ((caps & SHMC_CAP_TRUNCATE) && provider->m_open_trunc != NULL &&
        strcmp(provider->m_open_trunc(), "ok") != 0)
        caps &= ~(unsigned int)SHMC_CAP_TRUNCATE;
    return caps;
}

/** The names of all providers, for messages. */
const char *
shmc_provider_names(void)
{
    return "posix_shm, sysv_shm, file, memfd";
}

/** The file in the current directory (a test case's work directory) that
 * stands for name in the file and System V providers: prefix and the
 * name, its slashes made '_'. */
void
shmc_provider_local_path(const char *prefix, const char *name, char *path,
    size_t size)
{
    size_t i, n;

    n = (size_t)snprintf(path, size, "%s%s", prefix, name);
    for (i = strlen(prefix); i < n && i < size; i++)
        if (path[i] == '/')
            path[i] = '_';
}
