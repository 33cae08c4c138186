/* SPDX-License-Identifier: BSD-2-Clause */

/* example: a complete, minimal shmcompat provider plugin.
 *
 * It provides POSIX shm_open(3) objects, mapped whole into this process.
 * Build it against the installed header and load it into the suites:
 *
 *   cc -shared -fPIC $(pkg-config --cflags shmcompat-provider) \
 *       -o example.so example.c
 *   kyua -v test_suites.shmcompat.provider_path=$PWD/example.so \
 *       test -k PREFIX/tests/shmcompat/Kyuafile
 *
 * (Add -lrt where shm_open lives in librt.)  See shmcompat-provider(3). */

#define _POSIX_C_SOURCE 200809L

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <shmcompat/provider.h>

struct shmcompat_object {
    int fd;
    void *addr;
    size_t size;
};

/* Maps the whole object (nothing for an empty one). */
static int
map(struct shmcompat_object *o, int writable)
{
    struct stat sb;

    if (fstat(o->fd, &sb) == -1)
        return errno;
    o->size = (size_t)sb.st_size;
    o->addr = NULL;
    if (o->size == 0)
        return 0;
    o->addr = mmap(NULL, o->size, PROT_READ | (writable ? PROT_WRITE : 0),
        MAP_SHARED, o->fd, 0);
    if (o->addr == MAP_FAILED) {
        o->addr = NULL;
        return errno;
    }
    return 0;
}

static int
finish(int fd, int writable, shmcompat_object_t **obj)
{
    struct shmcompat_object *o;
    int rc;

    if (fd == -1)
        return errno;
    if ((o = calloc(1, sizeof(*o))) == NULL) {
        (void)close(fd);
        return ENOMEM;
    }
    o->fd = fd;
    if ((rc = map(o, writable)) != 0) {
        (void)close(fd);
        free(o);
        return rc;
    }
    *obj = o;
    return 0;
}

static int
ex_create(const char *name, size_t size, unsigned int mode,
    shmcompat_object_t **obj, char *err, size_t errlen)
{
    int fd;

    (void)err; (void)errlen;
    fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL,
        (mode_t)(mode != 0 ? mode : 0600));
    if (fd == -1)
        return errno;
    if (ftruncate(fd, (off_t)size) == -1) {
        int saved = errno;

        (void)close(fd);
        (void)shm_unlink(name);
        return saved;
    }
    return finish(fd, 1, obj);
}

static int
ex_open(const char *name, int writable, shmcompat_object_t **obj,
    char *err, size_t errlen)
{
    (void)err; (void)errlen;
    return finish(shm_open(name, writable ? O_RDWR : O_RDONLY, 0), writable,
        obj);
}

static int
ex_read(shmcompat_object_t *o, size_t off, void *buf, size_t len,
    char *err, size_t errlen)
{
    (void)err; (void)errlen;
    if (off > o->size || len > o->size - off)
        return EINVAL;
    memcpy(buf, (char *)o->addr + off, len);
    return 0;
}

static int
ex_write(shmcompat_object_t *o, size_t off, const void *buf, size_t len,
    char *err, size_t errlen)
{
    (void)err; (void)errlen;
    if (off > o->size || len > o->size - off)
        return EINVAL;
    memcpy((char *)o->addr + off, buf, len);
    return 0;
}

static int
ex_size(shmcompat_object_t *o, size_t *size, char *err, size_t errlen)
{
    struct stat sb;

    (void)err; (void)errlen;
    if (fstat(o->fd, &sb) == -1)
        return errno;
    *size = (size_t)sb.st_size;
    return 0;
}

static int
ex_resize(shmcompat_object_t *o, size_t size, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    if (ftruncate(o->fd, (off_t)size) == -1)
        return errno;
    if (o->addr != NULL)
        (void)munmap(o->addr, o->size);
    return map(o, 1);
}

static void *
ex_address(shmcompat_object_t *o)
{
    return o->addr;
}

static int
ex_close(shmcompat_object_t *o, char *err, size_t errlen)
{
    int rc = 0;

    (void)err; (void)errlen;
    if (o->addr != NULL)
        (void)munmap(o->addr, o->size);
    if (close(o->fd) == -1)
        rc = errno;
    free(o);
    return rc;
}

static int
ex_remove(const char *name, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    return shm_unlink(name) == -1 ? errno : 0;
}

const shmcompat_provider_t shmcompat_provider = {
    SHMCOMPAT_PROVIDER_ABI,
    sizeof(shmcompat_provider_t),
    "example",
    "shm_open (the example plugin)",
    "1",
    SHMCOMPAT_CAP_NAMED | SHMCOMPAT_CAP_RESIZE | SHMCOMPAT_CAP_UNLINK |
        SHMCOMPAT_CAP_MAP,
    ex_create, ex_open, ex_read, ex_write, ex_size, ex_resize, ex_address,
    ex_close, ex_remove, NULL,
};
