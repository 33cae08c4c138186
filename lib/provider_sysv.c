/* SPDX-License-Identifier: BSD-2-Clause */

/** The System V provider: shmget(2) segments.  A name becomes a key
 * through ftok(3) of a token file in the current directory; the segment's
 * id stands in for a descriptor, shmat(2) maps and IPC_RMID unlinks. */

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

#if defined(HAVE_SYS_SHM_H) && defined(HAVE_SHMGET)

/** The key for name: ftok of its local token file, "sysv-NAME". */
static shmc_error_t
sysv_key(const char *name, bool create, key_t *key)
{
    char path[300];
    int fd;

    shmc_provider_local_path("sysv-", name, path, sizeof(path));
    if (create) {
        (void)shmc_cleanup_record(SHMC_CLEANUP_FILE, path);
        fd = open(path, O_WRONLY | O_CREAT, 0600);
        if (fd == -1)
            return shmc_error_libc(errno, "creating key token %s", path);
        (void)close(fd);
    }
    *key = ftok(path, 'S');
    if (*key == (key_t)-1)
        return shmc_error_libc(errno, "ftok(%s)", path);
    return shmc_no_error();
}

static shmc_error_t
sysv_create(const char *name, size_t size, shmc_obj_t *obj)
{
    shmc_error_t err;
    key_t key;

    if (shmc_is_error(err = sysv_key(name, true, &key)))
        return err;
    /* A segment cannot be empty (SHMMIN); one page stands for size 0. */
    if (size == 0)
        size = (size_t)sysconf(_SC_PAGESIZE);
    obj->m_id = shmget(key, size, IPC_CREAT | IPC_EXCL | 0600);
    if (obj->m_id == -1)
        return shmc_error_libc(errno, "shmget(%s)", name);
    (void)shmc_cleanup_record_sysv(obj->m_id);
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
    key_t key;

    (void)how;
    if (shmc_is_error(err = sysv_key(name, false, &key)))
        return err;
    obj->m_id = shmget(key, 0, 0);
    if (obj->m_id == -1)
        return shmc_error_libc(errno, "shmget(%s)", name);
    obj->m_fd = -1;
    obj->m_size = shmctl(obj->m_id, IPC_STAT, &ds) == 0 ?
        (size_t)ds.shm_segsz : 0;
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

static shmc_error_t
sysv_unlink(const char *name)
{
    shmc_error_t err;
    key_t key;
    int id;

    if (shmc_is_error(err = sysv_key(name, false, &key)))
        return err;
    id = shmget(key, 0, 0);
    if (id == -1 || shmctl(id, IPC_RMID, NULL) == -1)
        return shmc_error_libc(errno, "removing %s", name);
    return shmc_no_error();
}

const shmc_provider_t shmc_provider_sysv_shm = {
    "sysv_shm",
    SHMC_CAP_NAMED | SHMC_CAP_UNLINK,
    sysv_create, sysv_open, sysv_map, sysv_unmap, sysv_resize, sysv_size,
    sysv_close, sysv_unlink, NULL,
};

#else

const shmc_provider_t shmc_provider_sysv_shm = {
    "sysv_shm", 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

#endif
