/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "probes/facts.h"

#include <sys/utsname.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(HAVE_GNU_LIBC_VERSION_H) && defined(HAVE_GNU_GET_LIBC_VERSION)
#   include <gnu/libc-version.h>
#endif

#include "probes/fsinfo.h"
#include "probes/mounts.h"
#include "probes/shmdir.h"
#include "probes/sysv.h"

/* configure's findings, as "name=yes,name=no,...": one list, made by the
 * same m4 loop that ran the checks, so the two cannot disagree. */
#if !defined(SHMC_FEATURE_LIST)
#   define SHMC_FEATURE_LIST ""
#endif
#if !defined(SHMC_LIBC_VERSION)
#   define SHMC_LIBC_VERSION NULL
#endif
#if !defined(SHMC_SHM_OPEN_LIBRARY)
#   define SHMC_SHM_OPEN_LIBRARY NULL
#endif
#if !defined(SHMC_CONF_HOST)
#   define SHMC_CONF_HOST NULL
#endif
#if !defined(SHMC_CONF_ABI)
#   define SHMC_CONF_ABI NULL
#endif

/** Turns "a=yes,b=no" into {"a": true, "b": false}. */
shmc_json_t *
shmc_facts_functions(const char *list)
{
    shmc_json_t *obj;
    const char *p, *eq, *end;
    char name[64];
    size_t len;

    obj = shmc_json_object();
    for (p = list; *p != '\0'; p = *end == ',' ? end + 1 : end) {
        end = p + strcspn(p, ",");
        eq = memchr(p, '=', (size_t)(end - p));
        if (eq == NULL || (size_t)(eq - p) >= sizeof(name))
            continue;
        len = (size_t)(eq - p);
        memcpy(name, p, len);
        name[len] = '\0';
        shmc_json_set(obj, name, shmc_json_bool(
            (size_t)(end - eq - 1) == 3 && strncmp(eq + 1, "yes", 3) == 0));
    }
    return obj;
}

static shmc_json_t *
host_json(void)
{
    struct utsname u;
    shmc_json_t *obj;

    obj = shmc_json_object();
    if (uname(&u) == -1)
        return obj;
    shmc_json_set(obj, "sysname", shmc_json_string(u.sysname));
    shmc_json_set(obj, "release", shmc_json_string(u.release));
    shmc_json_set(obj, "version", shmc_json_string(u.version));
    shmc_json_set(obj, "machine", shmc_json_string(u.machine));
    return obj;
}

/** What the probe was built for: configure's host triplet and the ABI,
 * which the kernel's machine does not tell (a 32-bit userland on a 64-bit
 * kernel reports the kernel's x86_64). */
static shmc_json_t *
build_json(void)
{
    shmc_json_t *obj = shmc_json_object();

    shmc_json_set_string_opt(obj, "host", SHMC_CONF_HOST);
    shmc_json_set_string_opt(obj, "abi", SHMC_CONF_ABI);
    return obj;
}

/** The C library the probe was linked with: glibc says so itself; others
 * are named by configure (--with-libc-name), or stay unknown. */
static shmc_json_t *
libc_json(void)
{
    shmc_json_t *obj = shmc_json_object();

#if defined(HAVE_GNU_LIBC_VERSION_H) && defined(HAVE_GNU_GET_LIBC_VERSION)
    shmc_json_set(obj, "name", shmc_json_string("glibc"));
    shmc_json_set(obj, "version", shmc_json_string(gnu_get_libc_version()));
#elif defined(SHMC_LIBC_NAME)
    shmc_json_set(obj, "name", shmc_json_string(SHMC_LIBC_NAME));
    shmc_json_set_string_opt(obj, "version", SHMC_LIBC_VERSION);
#else
    shmc_json_set(obj, "name", shmc_json_null());
    shmc_json_set(obj, "version", shmc_json_null());
#endif
    return obj;
}

static shmc_json_t *
shm_open_json(const shmc_shmdir_t *dir)
{
    shmc_json_t *obj;

    obj = shmc_json_object();
#if defined(HAVE_SHM_OPEN)
    shmc_json_set(obj, "available", shmc_json_bool(true));
#else
    shmc_json_set(obj, "available", shmc_json_bool(false));
#endif
    shmc_json_set_string_opt(obj, "library", SHMC_SHM_OPEN_LIBRARY);
    shmc_json_set(obj, "works", dir->m_attempted ?
        shmc_json_bool(dir->m_created) : shmc_json_null());
    return obj;
}

static void
add_tmpfs(shmc_json_t *tmpfs, const char *path, const shmc_mounts_t *mounts)
{
    shmc_fsinfo_t info;

    if (shmc_json_get(tmpfs, path) != NULL)
        return;
    shmc_fsinfo_get(path, mounts, &info);
    shmc_json_set(tmpfs, path, shmc_fsinfo_to_json(&info));
}

static shmc_json_t *
tmpfs_json(const shmc_mounts_t *mounts)
{
    static const char *const paths[] = {
        "/dev/shm", "/run/shm", "/tmp", "/var/tmp",
    };
    shmc_json_t *obj;
    const char *tmpdir;
    size_t i;

    obj = shmc_json_object();
    for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
        add_tmpfs(obj, paths[i], mounts);
    tmpdir = getenv("TMPDIR");
    if (tmpdir != NULL && *tmpdir == '/')
        add_tmpfs(obj, tmpdir, mounts);
    return obj;
}

static shmc_json_t *
memory_json(bool *known, uint64_t *physical)
{
    shmc_json_t *obj;
    long pagesize;

    *known = false;
    obj = shmc_json_object();
    pagesize = sysconf(_SC_PAGESIZE);
#if defined(_SC_PHYS_PAGES)
    {
        long pages = sysconf(_SC_PHYS_PAGES);

        if (pages > 0 && pagesize > 0) {
            *known = true;
            *physical = (uint64_t)pages * (uint64_t)pagesize;
        }
    }
#endif
    shmc_json_set_uint_opt(obj, "physical_bytes", *known, *physical);
    shmc_json_set_uint_opt(obj, "page_size", pagesize > 0,
        (uint64_t)pagesize);
    return obj;
}

static shmc_json_t *
mount_table_json(const shmc_mounts_t *mounts, shmc_error_t err)
{
    shmc_json_t *obj;

    obj = shmc_json_object();
    shmc_json_set_string_opt(obj, "origin",
        mounts->m_origin[0] != '\0' ? mounts->m_origin : NULL);
    shmc_json_set(obj, "entries", shmc_json_uint(mounts->m_count));
    shmc_json_set_string_opt(obj, "error",
        shmc_is_error(err) ? shmc_error_message(err) : NULL);
    return obj;
}

/** Measures everything.  Returns NULL only when memory ran out. */
shmc_json_t *
shmc_facts_collect(void)
{
    shmc_json_t *root;
    shmc_mounts_t mounts;
    shmc_shmdir_t dir;
    shmc_sysv_t sysv;
    shmc_error_t err;
    uint64_t physical = 0;
    bool mem_known;

    shmc_mounts_init(&mounts);
    /* A table that fails half way is still used for what it did read:
     * the error is reported beside the facts. */
    err = shmc_mounts_load(&mounts);

    root = shmc_json_document(SHMC_FACTS_SCHEMA, "shmcompat-probe");
    shmc_json_set(root, "host", host_json());
    shmc_json_set(root, "build", build_json());
    shmc_json_set(root, "libc", libc_json());
    shmc_json_set(root, "memory", memory_json(&mem_known, &physical));

    shmc_shmdir_locate(&mounts, &dir);
    shmc_json_set(root, "shm_open", shm_open_json(&dir));
    shmc_json_set(root, "shm_dir", shmc_shmdir_to_json(&dir, mem_known,
        physical));
    shmc_json_set(root, "tmpfs", tmpfs_json(&mounts));

    shmc_sysv_probe(&sysv);
    shmc_json_set(root, "sysv", shmc_sysv_to_json(&sysv));
    shmc_json_set(root, "functions", shmc_facts_functions(SHMC_FEATURE_LIST));
    shmc_json_set(root, "mount_table", mount_table_json(&mounts, err));

    shmc_error_free(err);
    shmc_mounts_fini(&mounts);
    if (!shmc_json_is_complete(root)) {
        shmc_json_free(root);
        return NULL;
    }
    return root;
}
