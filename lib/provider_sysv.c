/* SPDX-License-Identifier: BSD-2-Clause */

/** The System V provider: shmget(2) segments.  A name is a token file in
 * the current directory, created exclusively, that holds the segment's
 * key (random, retried on a collision), id, creator pid and creator uid:
 * opening and removing by name reach only that segment.  The id stands in
 * for a descriptor, shmat(2) maps and IPC_RMID unlinks. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/provider.h"

#include <sys/types.h>
#if defined(HAVE_SYS_SHM_H) && defined(HAVE_SHMGET)
#   include <sys/ipc.h>
#   include <sys/shm.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "lib/cleanup.h"
#include "lib/run.h"

#if defined(HAVE_SYS_SHM_H) && defined(HAVE_SHMGET)

/* How many random keys creation tries before giving up: each collision
 * is detected by IPC_EXCL and never adopted. */
#define SYSV_KEY_TRIES 32

/** What a name's token file holds: the segment's key, id, creator pid
 * and creator uid, so that opening and removing by name reach only the
 * segment that creation made. */
typedef struct {
    long m_key;
    int m_id;
    long m_cpid;
    unsigned long m_cuid;
} sysv_token_t;

static void
token_path(const char *name, char *path, size_t size)
{
    shmc_provider_local_path("sysv-", name, path, size);
}

static shmc_error_t
token_read(const char *name, sysv_token_t *t)
{
    char path[300], text[128];
    ssize_t n;
    int fd;

    token_path(name, path, sizeof(path));
    fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd == -1)
        return shmc_error_libc(errno, "%s", name);
    n = read(fd, text, sizeof(text) - 1);
    (void)close(fd);
    if (n <= 0)
        return shmc_error_libc(ENOENT, "%s: empty token %s", name, path);
    text[n] = '\0';
    if (sscanf(text, "%ld %d %ld %lu", &t->m_key, &t->m_id, &t->m_cpid,
        &t->m_cuid) != 4)
        return shmc_error_libc(ENOENT, "%s: malformed token %s", name, path);
    return shmc_no_error();
}

/** The id of the segment name's creation made, if it still holds its key;
 * ENOENT otherwise (removed, or another segment took the key). */
static shmc_error_t
sysv_lookup(const char *name, int *id, struct shmid_ds *ds)
{
    sysv_token_t t;
    shmc_error_t err;

    if (shmc_is_error(err = token_read(name, &t)))
        return err;
    *id = shmget((key_t)t.m_key, 0, 0);
    if (*id == -1)
        return shmc_error_libc(errno, "shmget(%s)", name);
    if (shmctl(*id, IPC_STAT, ds) == -1)
        return shmc_error_libc(errno, "shmctl(%s, IPC_STAT)", name);
    if (*id != t.m_id || (long)ds->shm_cpid != t.m_cpid ||
        (unsigned long)ds->shm_perm.cuid != t.m_cuid)
        return shmc_error_libc(ENOENT, "%s: the segment at key 0x%lx is "
            "not the one created under that name", name, t.m_key);
    return shmc_no_error();
}

/** shmget(IPC_CREAT|IPC_EXCL) with random keys until one is free. */
static int
sysv_new_segment(size_t size, key_t *key)
{
    int i, id = -1;
    unsigned int r;

    for (i = 0; i < SYSV_KEY_TRIES; i++) {
        r = shmc_run_random_u32();
        *key = (key_t)(r & 0x7fffffffU);
        if (*key == IPC_PRIVATE)
            continue;
        id = shmget(*key, size, IPC_CREAT | IPC_EXCL | 0600);
        if (id != -1 || errno != EEXIST)
            return id;
    }
    return id;
}

static shmc_error_t
sysv_create(const char *name, size_t size, shmc_obj_t *obj)
{
    char path[300], text[128];
    struct shmid_ds ds;
    key_t key;
    int fd, len, saved;

    /* The token file makes the name exclusive: EEXIST if it is taken. */
    token_path(name, path, sizeof(path));
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
        0600);
    if (fd == -1)
        return shmc_error_libc(errno, "shmget(%s): token %s", name, path);
    (void)shmc_cleanup_created(SHMC_CLEANUP_FILE, path, fd);
    /* A segment cannot be empty (SHMMIN); one page stands for size 0. */
    if (size == 0)
        size = (size_t)sysconf(_SC_PAGESIZE);
    obj->m_id = sysv_new_segment(size, &key);
    if (obj->m_id == -1 || shmctl(obj->m_id, IPC_STAT, &ds) == -1) {
        saved = errno;
        (void)close(fd);
        (void)unlink(path);
        return shmc_error_libc(saved, "shmget(%s)", name);
    }
    (void)shmc_cleanup_created_sysv(obj->m_id);
    len = snprintf(text, sizeof(text), "%ld %d %ld %lu\n", (long)key,
        obj->m_id, (long)ds.shm_cpid, (unsigned long)ds.shm_perm.cuid);
    if (write(fd, text, (size_t)len) != len) {
        saved = errno;
        (void)close(fd);
        return shmc_error_libc(saved, "writing token %s", path);
    }
    (void)close(fd);
    obj->m_fd = -1;
    obj->m_size = size;
    (void)snprintf(obj->m_name, sizeof(obj->m_name), "%s", name);
    return shmc_no_error();
}

static shmc_error_t
sysv_open(const char *name, int how, shmc_obj_t *obj)
{
    struct shmid_ds ds;
    shmc_error_t err;

    (void)how;
    if (shmc_is_error(err = sysv_lookup(name, &obj->m_id, &ds)))
        return err;
    obj->m_fd = -1;
    obj->m_size = (size_t)ds.shm_segsz;
    (void)snprintf(obj->m_name, sizeof(obj->m_name), "%s", name);
    return shmc_no_error();
}

static shmc_error_t
sysv_map(shmc_obj_t *obj, size_t len, bool writable, void **addr)
{
    void *p;

    (void)len;
    p = shmat(obj->m_id, NULL, writable ? 0 : SHM_RDONLY);
    if (p == (void *)-1)
        return shmc_error_libc(errno, "shmat(%d)", obj->m_id);
    *addr = p;
    return shmc_no_error();
}

static shmc_error_t
sysv_unmap(void *addr, size_t len)
{
    (void)len;
    if (shmdt(addr) == -1)
        return shmc_error_libc(errno, "shmdt");
    return shmc_no_error();
}

static shmc_error_t
sysv_resize(shmc_obj_t *obj, size_t size)
{
    (void)obj; (void)size;
    return shmc_error_libc(ENOTSUP, "System V segments have a fixed size");
}

static shmc_error_t
sysv_size(shmc_obj_t *obj, size_t *size)
{
    struct shmid_ds ds;

    if (shmctl(obj->m_id, IPC_STAT, &ds) == -1)
        return shmc_error_libc(errno, "shmctl(IPC_STAT)");
    *size = (size_t)ds.shm_segsz;
    return shmc_no_error();
}

static shmc_error_t
sysv_close(shmc_obj_t *obj)
{
    obj->m_id = -1;             /* An id holds no reference. */
    return shmc_no_error();
}

/** Removes the segment name's creation made, and the name (its token). */
static shmc_error_t
sysv_unlink(const char *name)
{
    char path[300];
    struct shmid_ds ds;
    shmc_error_t err;
    int id;

    if (shmc_is_error(err = sysv_lookup(name, &id, &ds)))
        return err;
    if (shmctl(id, IPC_RMID, NULL) == -1)
        return shmc_error_libc(errno, "removing %s", name);
    token_path(name, path, sizeof(path));
    (void)unlink(path);
    return shmc_no_error();
}

const shmc_provider_t shmc_provider_sysv_shm = {
    "sysv_shm",
    SHMC_CAP_NAMED | SHMC_CAP_UNLINK,
    sysv_create, sysv_open, sysv_map, sysv_unmap, sysv_resize, sysv_size,
    sysv_close, sysv_unlink, NULL,
    SHMC_PROVIDER_OS_ONLY,
};

#else

const shmc_provider_t shmc_provider_sysv_shm = {
    "sysv_shm", 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    SHMC_PROVIDER_OS_ONLY,
};

#endif
