/* SPDX-License-Identifier: BSD-2-Clause */

/* apr: the Apache Portable Runtime's named shared memory, apr_shm_create
 * and apr_shm_attach with a file name, each object in a pool of its own,
 * released by destroying the pool as APR's users do: APR's own pool
 * cleanup decides what that does to the segment.  The file name is
 * "apr-NAME" in the working directory. */

#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <apr_errno.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_shm.h>
#include <apr_version.h>

#include <shmcompat/provider.h>

struct shmcompat_object {
    apr_pool_t *pool;
    apr_shm_t *shm;
};

static int
init(void)
{
    static int done;

    if (!done && apr_initialize() == APR_SUCCESS)
        done = 1;
    return done ? 0 : SHMCOMPAT_ELIBRARY;
}

static void
file_of(const char *name, char *path, size_t size)
{
    size_t i, n;

    n = (size_t)snprintf(path, size, "apr-%s", name);
    for (i = 4; i < n && i < size; i++)
        if (path[i] == '/')
            path[i] = '_';
}

/* APR's status: an errno value below APR_OS_START_ERROR, else its own. */
static int
status(apr_status_t rv, char *err, size_t errlen)
{
    if (rv == APR_SUCCESS)
        return 0;
    (void)apr_strerror(rv, err, errlen);
    if (rv > 0 && rv < APR_OS_START_ERROR)
        return (int)rv;
    if (APR_STATUS_IS_ENOENT(rv))
        return ENOENT;
    if (APR_STATUS_IS_EEXIST(rv))
        return EEXIST;
    return SHMCOMPAT_ELIBRARY;
}

static int
new_object(const char *name, size_t size, int create,
    shmcompat_object_t **obj, char *err, size_t errlen)
{
    struct shmcompat_object *o;
    apr_pool_t *pool;
    apr_status_t rv;
    char path[300];
    int rc;

    if ((rc = init()) != 0)
        return rc;
    if (apr_pool_create(&pool, NULL) != APR_SUCCESS)
        return ENOMEM;
    o = apr_pcalloc(pool, sizeof(*o));
    o->pool = pool;
    file_of(name, path, sizeof(path));
    rv = create ? apr_shm_create(&o->shm, size, path, pool) :
        apr_shm_attach(&o->shm, path, pool);
    if ((rc = status(rv, err, errlen)) != 0) {
        apr_pool_destroy(pool);
        return rc;
    }
    *obj = o;
    return 0;
}

static int
p_create(const char *name, size_t size, unsigned int mode,
    shmcompat_object_t **obj, char *err, size_t errlen)
{
    (void)mode;                 /* apr_shm_create takes no mode. */
    return new_object(name, size, 1, obj, err, errlen);
}

static int
p_open(const char *name, int writable, shmcompat_object_t **obj, char *err,
    size_t errlen)
{
    (void)writable;             /* apr_shm_attach maps read-write. */
    return new_object(name, 0, 0, obj, err, errlen);
}

static int
p_read(shmcompat_object_t *o, size_t off, void *buf, size_t len, char *err,
    size_t errlen)
{
    size_t size = apr_shm_size_get(o->shm);

    (void)err; (void)errlen;
    if (off > size || len > size - off)
        return EINVAL;
    memcpy(buf, (char *)apr_shm_baseaddr_get(o->shm) + off, len);
    return 0;
}

static int
p_write(shmcompat_object_t *o, size_t off, const void *buf, size_t len,
    char *err, size_t errlen)
{
    size_t size = apr_shm_size_get(o->shm);

    (void)err; (void)errlen;
    if (off > size || len > size - off)
        return EINVAL;
    memcpy((char *)apr_shm_baseaddr_get(o->shm) + off, buf, len);
    return 0;
}

static int
p_size(shmcompat_object_t *o, size_t *size, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    *size = apr_shm_size_get(o->shm);
    return 0;
}

static void *
p_address(shmcompat_object_t *o)
{
    return apr_shm_baseaddr_get(o->shm);
}

/* The pool's end runs APR's cleanup of the segment. */
static int
p_close(shmcompat_object_t *o, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    apr_pool_destroy(o->pool);
    return 0;
}

static int
p_remove(const char *name, char *err, size_t errlen)
{
    apr_pool_t *pool;
    char path[300];
    int rc;

    if ((rc = init()) != 0)
        return rc;
    if (apr_pool_create(&pool, NULL) != APR_SUCCESS)
        return ENOMEM;
    file_of(name, path, sizeof(path));
    rc = status(apr_shm_remove(path, pool), err, errlen);
    apr_pool_destroy(pool);
    return rc;
}

/* The file name is the user's: remove what APR left there. */
static int
p_cleanup(const char *name, char *err, size_t errlen)
{
    char path[300];

    (void)err; (void)errlen;
    file_of(name, path, sizeof(path));
    if (unlink(path) == -1 && errno != ENOENT)
        return errno;
    return 0;
}

const shmcompat_provider_t shmcompat_provider = {
    SHMCOMPAT_PROVIDER_ABI,
    sizeof(shmcompat_provider_t),
    "apr",
    "Apache Portable Runtime apr_shm",
    APR_VERSION_STRING,
    SHMCOMPAT_CAP_NAMED | SHMCOMPAT_CAP_UNLINK | SHMCOMPAT_CAP_MAP,
    p_create, p_open, p_read, p_write, p_size, NULL, p_address, p_close,
    p_remove, p_cleanup,
};
