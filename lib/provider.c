/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/provider.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/name.h"

/* Unpredictable names tried after a collision before giving up. */
#define FRESH_TRIES 4

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

shmc_error_t
shmc_provider_create_fresh(const shmc_provider_t *p, char *name,
    size_t namesize, size_t size, shmc_obj_t *obj)
{
    shmc_error_t err;
    int i;

    /* A library may create or connect (Poco's constructor does): its
     * objects get names nobody can predict, so that it never adopts, writes
     * into or removes someone else's object at a name a run would use. */
    err = p->m_library != NULL ? shmc_name_unpredictable(name, namesize) :
        shmc_name_unique(name, namesize);
    for (i = 0; !shmc_is_error(err); i++) {
        err = p->m_create(name, size, obj);
        if (!shmc_is_error(err) || shmc_error_errno(err) != EEXIST ||
            i == FRESH_TRIES)
            break;
        fprintf(stderr, "%s exists and is not ours: left alone, trying "
            "another name\n", name);
        shmc_error_free(err);
        err = shmc_name_unpredictable(name, namesize);
    }
    return err;
}

/** The names of all providers, for messages: built from providers[], so
 * that a new provider needs no second list. */
const char *
shmc_provider_names(void)
{
    static char names[256];
    size_t i, n = 0;
    int len;

    if (names[0] != '\0')
        return names;
    for (i = 0; i < sizeof(providers) / sizeof(providers[0]); i++) {
        len = snprintf(names + n, sizeof(names) - n, "%s%s",
            i > 0 ? ", " : "", providers[i]->m_name);
        if (len < 0 || (size_t)len >= sizeof(names) - n)
            break;
        n += (size_t)len;
    }
    return names;
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
