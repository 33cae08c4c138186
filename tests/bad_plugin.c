/* SPDX-License-Identifier: BSD-2-Clause */

/** Plugins that are wrong in one way each, for bad_provider_test.sh:
 * built once per SHMC_BAD (1: the next ABI, 2: a struct size of
 * another build, 3: no shmcompat_provider symbol, 4: a required
 * operation NULL).  Their operations are never meant to be called: each
 * fails with EIO if the loader calls one anyway. */

#include <errno.h>
#include <stddef.h>

#include "include/shmcompat/provider.h"

/* The build says which; alone, it is the plugin of the next ABI. */
#if !defined(SHMC_BAD)
#   define SHMC_BAD 1
#endif

static int
bad_create(const char *name, size_t size, unsigned int mode,
    shmcompat_object_t **obj, char *err, size_t errlen)
{
    (void)name, (void)size, (void)mode, (void)obj, (void)err, (void)errlen;
    return EIO;
}

static int
bad_open(const char *name, int writable, shmcompat_object_t **obj, char *err,
    size_t errlen)
{
    (void)name, (void)writable, (void)obj, (void)err, (void)errlen;
    return EIO;
}

static int
bad_io(shmcompat_object_t *obj, size_t offset, void *buf, size_t len,
    char *err, size_t errlen)
{
    (void)obj, (void)offset, (void)buf, (void)len, (void)err, (void)errlen;
    return EIO;
}

static int
bad_write(shmcompat_object_t *obj, size_t offset, const void *buf,
    size_t len, char *err, size_t errlen)
{
    (void)obj, (void)offset, (void)buf, (void)len, (void)err, (void)errlen;
    return EIO;
}

static int
bad_size(shmcompat_object_t *obj, size_t *size, char *err, size_t errlen)
{
    (void)obj, (void)size, (void)err, (void)errlen;
    return EIO;
}

static int
bad_close(shmcompat_object_t *obj, char *err, size_t errlen)
{
    (void)obj, (void)err, (void)errlen;
    return EIO;
}

static int
bad_remove(const char *name, char *err, size_t errlen)
{
    (void)name, (void)err, (void)errlen;
    return EIO;
}

#if SHMC_BAD == 3
#   define SYMBOL not_the_provider_symbol
#else
#   define SYMBOL shmcompat_provider
#endif

/* Exported, as a plugin's provider is. */
extern const shmcompat_provider_t SYMBOL;

const shmcompat_provider_t SYMBOL = {
    .abi = SHMCOMPAT_PROVIDER_ABI + (SHMC_BAD == 1),
    .struct_size = (unsigned int)sizeof(shmcompat_provider_t) -
        (SHMC_BAD == 2 ? (unsigned int)sizeof(void *) : 0),
    .name = "bad",
    .library = "no library",
    .version = "0",
    .caps = SHMCOMPAT_CAP_NAMED | SHMCOMPAT_CAP_UNLINK,
    .create = bad_create,
    .open = bad_open,
    .read = SHMC_BAD == 4 ? NULL : bad_io,
    .write = bad_write,
    .size = bad_size,
    .close = bad_close,
    .remove = bad_remove,
};
