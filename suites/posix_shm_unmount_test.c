/* SPDX-License-Identifier: BSD-2-Clause */

/** Persistence after unmount, and shm_open on unusual mounts.
 *
 * Every case runs in a forked child inside a private mount namespace
 * (root, or a user namespace), where it mounts its own tmpfs over the
 * directory in which this system keeps shm objects: the host's mounts and
 * objects are never touched.  Nothing is created once a private tmpfs has
 * been unmounted, because the mount underneath is the host's.  Where the
 * system keeps objects in no directory, or cannot make namespaces, the
 * cases skip with the reason. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>
#if defined(HAVE_UNSHARE)
#   include <sys/mount.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <atf-c.h>

#include "lib/errname.h"
#include "suites/harness.h"

#if defined(HAVE_UNSHARE)

typedef struct {
    char m_dir[PATH_MAX];       /* Where shm objects live. */
    char m_work[PATH_MAX];      /* The test case's work directory. */
    char m_name[SHMC_NAME_MAX];
} ctx_t;

/** Runs fn in a private mount namespace with the shm directory found. */
static void
run_in_ns(shmc_t_ns_fn_t fn)
{
    ctx_t ctx;

    if (!shmc_t_shm_dir(ctx.m_dir, sizeof(ctx.m_dir)))
        atf_tc_skip("shm objects live in no directory here (a kernel "
            "namespace): there is nothing to unmount");
    ATF_REQUIRE(getcwd(ctx.m_work, sizeof(ctx.m_work)) != NULL);
    /* Objects made here die with the namespace's private tmpfs or lie in
     * the work directory: none is made on the host's, and none recorded
     * (the cleanup, outside the namespace, could not check them). */
    shmc_t_name(ctx.m_name, sizeof(ctx.m_name));
    shmc_t_require(shmc_t_in_mount_ns(fn, &ctx), "in a private mount "
        "namespace");
}

static shmc_error_t
mount_tmpfs(const char *dir, unsigned long flags, const char *size)
{
    char opts[64];

    (void)snprintf(opts, sizeof(opts), "size=%s", size);
    if (mount("shmcompat", dir, "tmpfs", flags, opts) == -1)
        return shmc_error_libc(errno, "mounting a %s tmpfs on %s", size, dir);
    return shmc_no_error();
}

/** Creates name with one page holding text; returns the descriptor. */
static shmc_error_t
make_object(const char *name, const char *text, int *fdp, char **mapp)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    char *p;
    int fd;

    fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd == -1)
        return shmc_error_libc(errno, "shm_open(%s)", name);
    if (ftruncate(fd, (off_t)page) == -1) {
        (void)close(fd);
        return shmc_error_libc(errno, "ftruncate");
    }
    p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
        (void)close(fd);
        return shmc_error_libc(errno, "mmap");
    }
    (void)snprintf(p, page, "%s", text);
    *fdp = fd;
    if (mapp != NULL)
        *mapp = p;
    else
        (void)munmap(p, page);
    return shmc_no_error();
}

static int
open_errno(const char *name)
{
    int fd = shm_open(name, O_RDONLY, 0);

    if (fd == -1)
        return errno;
    (void)close(fd);
    return 0;
}

/* ---------------------------------------------------------------------
 * In the namespace.
 * --------------------------------------------------------------------- */

/* shm_unlink of the dot names, which the naming grid cannot try once their
 * creation met the directory itself: here on a fresh private tmpfs, so
 * that whatever the library does touches nothing of the host's. */
static shmc_error_t
ns_dot_names(void *arg, int report)
{
    static const struct {
        const char *m_name, *m_label;
    } dots[] = {
        { "/.", "slash_dot" },
        { "/..", "slash_dotdot" },
        { ".", "dot" },
        { "..", "dotdot" },
    };
    ctx_t *c = arg;
    struct stat sb;
    shmc_error_t err;
    char key[64];
    size_t i;
    int e;

    (void)report;
    if (shmc_is_error(err = mount_tmpfs(c->m_dir, 0, "1m")))
        return err;
    for (i = 0; i < sizeof(dots) / sizeof(dots[0]); i++) {
        e = shm_unlink(dots[i].m_name) == -1 ? errno : 0;
        (void)snprintf(key, sizeof(key), "posix_shm.dot_names.%s.unlink",
            dots[i].m_label);
        if (shmc_is_error(err = shmc_t_obs_try_errno(key, e)))
            return err;
    }
    return shmc_t_obs_try("posix_shm.dot_names.shm_dir_survives",
        stat(c->m_dir, &sb) == 0 && S_ISDIR(sb.st_mode) ? "true" : "false");
}

static shmc_error_t
ns_gone_after_remount(void *arg, int report)
{
    ctx_t *c = arg;
    shmc_error_t err;
    int fd, e;

    (void)report;
    if (shmc_is_error(err = mount_tmpfs(c->m_dir, 0, "1m")) ||
        shmc_is_error(err = make_object(c->m_name, "doomed", &fd, NULL)))
        return err;
    e = umount(c->m_dir) == -1 ? errno : 0;
    err = shmc_t_obs_try_errno("posix_shm.unmount.umount_with_open_object",
        e);
    (void)close(fd);
    if (e != 0 && umount(c->m_dir) == -1)
        return shmc_error_libc(errno, "umount %s", c->m_dir);
    if (shmc_is_error(err) ||
        shmc_is_error(err = mount_tmpfs(c->m_dir, 0, "1m")))
        return err;
    e = open_errno(c->m_name);
    err = shmc_t_obs_try_errno("posix_shm.unmount.open_after_remount", e);
    if (!shmc_is_error(err) && e != ENOENT)
        err = shmc_error_new("after unmount and remount, opening the object "
            "gave %s, not ENOENT: it outlived its tmpfs", shmc_t_errstr(e));
    return err;
}

static shmc_error_t
ns_lazy_unmount(void *arg, int report)
{
    ctx_t *c = arg;
    shmc_error_t err;
    char *map;
    int fd, e;

    (void)report;
    if (shmc_is_error(err = mount_tmpfs(c->m_dir, 0, "1m")) ||
        shmc_is_error(err = make_object(c->m_name, "still here", &fd, &map)))
        return err;
    (void)close(fd);
    if (umount2(c->m_dir, MNT_DETACH) == -1)
        return shmc_error_libc(errno, "umount2(MNT_DETACH)");
    /* Only look: the mount uncovered now is the host's. */
    e = open_errno(c->m_name);
    err = shmc_t_obs_try_errno("posix_shm.unmount.open_after_lazy_unmount",
        e);
    if (!shmc_is_error(err) && strcmp(map, "still here") != 0)
        err = shmc_error_new("a mapping taken before the lazy unmount no "
            "longer holds its data");
    if (!shmc_is_error(err)) {
        map[0] = 'S';
        err = shmc_t_obs_try("posix_shm.unmount.mapping_writable_after_lazy",
            map[0] == 'S' ? "true" : "false");
    }
    (void)munmap(map, (size_t)sysconf(_SC_PAGESIZE));
    return err;
}

/** Records the outcome of creating an object where no tmpfs is. */
static shmc_error_t
try_create(const char *name, const char *key)
{
    int fd, e;

    fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    e = fd == -1 ? errno : 0;
    if (fd != -1) {
        (void)close(fd);
        (void)shm_unlink(name);
    }
    return shmc_t_obs_try_errno(key, e);
}

static shmc_error_t
ns_ordinary_directory(void *arg, int report)
{
    ctx_t *c = arg;
    char empty[PATH_MAX + 16], path[PATH_MAX + 300];
    shmc_error_t err;
    struct stat sb;
    int fd;

    (void)report;
    (void)snprintf(empty, sizeof(empty), "%s/empty", c->m_work);
    if (mkdir(empty, 0777) == -1 && errno != EEXIST)
        return shmc_error_libc(errno, "mkdir %s", empty);
    (void)chmod(empty, 01777);
    if (mount(empty, c->m_dir, NULL, MS_BIND, NULL) == -1)
        return shmc_error_libc(errno, "bind-mounting %s on %s", empty,
            c->m_dir);
    fd = shm_open(c->m_name, O_RDWR | O_CREAT | O_EXCL, 0600);
    err = shmc_t_obs_try_errno("posix_shm.unmount.ordinary_dir_create",
        fd == -1 ? errno : 0);
    if (fd != -1) {
        (void)snprintf(path, sizeof(path), "%s/%s", empty, c->m_name + 1);
        if (!shmc_is_error(err))
            err = shmc_t_obs_try("posix_shm.unmount.ordinary_dir_holds_file",
                stat(path, &sb) == 0 ? "true" : "false");
        (void)close(fd);
        (void)shm_unlink(c->m_name);
    } else if (!shmc_is_error(err))
        err = shmc_t_obs_try("posix_shm.unmount.ordinary_dir_holds_file",
            "null");
    return err;
}

static shmc_error_t
ns_missing_directory(void *arg, int report)
{
    ctx_t *c = arg;
    char parent[PATH_MAX];
    char *slash;
    shmc_error_t err;

    (void)report;
    (void)snprintf(parent, sizeof(parent), "%s", c->m_dir);
    slash = strrchr(parent, '/');
    if (slash == NULL || slash == parent)
        return shmc_error_skip("the shm directory %s has no parent to "
            "cover", c->m_dir);
    *slash = '\0';
    /* A tmpfs over the parent hides the shm directory in this namespace. */
    if (shmc_is_error(err = mount_tmpfs(parent, 0, "64k")))
        return err;
    return try_create(c->m_name, "posix_shm.unmount.missing_dir_create");
}

static shmc_error_t
exec_mapping(const char *dir, unsigned long flags, const char *name,
    const char *key)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    shmc_error_t err;
    void *p;
    int fd;

    if (shmc_is_error(err = mount_tmpfs(dir, flags, "1m")) ||
        shmc_is_error(err = make_object(name, "x", &fd, NULL)))
        return err;
    p = mmap(NULL, page, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
    err = shmc_t_obs_try_errno(key, p == MAP_FAILED ? errno : 0);
    if (p != MAP_FAILED)
        (void)munmap(p, page);
    (void)close(fd);
    (void)shm_unlink(name);
    if (umount(dir) == -1 && !shmc_is_error(err))
        err = shmc_error_libc(errno, "umount %s", dir);
    return err;
}

static shmc_error_t
ns_noexec(void *arg, int report)
{
    ctx_t *c = arg;
    shmc_error_t err;

    (void)report;
    err = exec_mapping(c->m_dir, 0, c->m_name,
        "posix_shm.unmount.exec_mount_map_exec");
    if (!shmc_is_error(err))
        err = exec_mapping(c->m_dir, MS_NOEXEC, c->m_name,
            "posix_shm.unmount.noexec_mount_map_exec");
    return err;
}

/** Mounts a 1 MiB tmpfs on the shm directory and creates an empty object
 * there. */
static shmc_error_t
object_on_small_tmpfs(const ctx_t *c, int *fdp)
{
    shmc_error_t err;

    if (shmc_is_error(err = mount_tmpfs(c->m_dir, 0, "1m")))
        return err;
    *fdp = shm_open(c->m_name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (*fdp == -1)
        return shmc_error_libc(errno, "shm_open");
    return shmc_no_error();
}

static shmc_error_t
ns_full_fallocate(void *arg, int report)
{
    ctx_t *c = arg;
    shmc_error_t err;
    int fd, rc;

    (void)report;
    if (shmc_is_error(err = object_on_small_tmpfs(c, &fd)))
        return err;
#if defined(HAVE_POSIX_FALLOCATE)
    rc = posix_fallocate(fd, 0, 2 * 1024 * 1024);
    err = shmc_t_obs_try_errno("posix_shm.full.posix_fallocate_2m", rc);
#else
    (void)rc;
    (void)fprintf(stderr, "posix_shm.full.posix_fallocate_2m: null: the C "
        "library has no posix_fallocate\n");
    err = shmc_t_obs_try("posix_shm.full.posix_fallocate_2m", "null");
#endif
    (void)close(fd);
    return err;
}

typedef struct {
    volatile unsigned char *m_map;
    volatile unsigned long *m_done;
    size_t m_len;
    size_t m_page;
} fill_t;

/* Writes page after page until the filesystem refuses one. */
static int
fill_pages(void *arg, int fd)
{
    fill_t *f = arg;
    size_t off;

    (void)fd;
    shmc_proc_expect_signal();
    for (off = 0; off < f->m_len; off += f->m_page) {
        f->m_map[off] = 1;
        (*f->m_done)++;
    }
    return 0;
}

static shmc_error_t
ns_full_touch(void *arg, int report)
{
    ctx_t *c = arg;
    size_t page = (size_t)sysconf(_SC_PAGESIZE), len = 2 * 1024 * 1024;
    shmc_proc_result_t r;
    shmc_error_t err;
    fill_t fill;
    int fd, e;

    (void)report;
    if (shmc_is_error(err = object_on_small_tmpfs(c, &fd)))
        return err;
    e = ftruncate(fd, (off_t)len) == -1 ? errno : 0;
    err = shmc_t_obs_try_errno("posix_shm.full.ftruncate_2m", e);
    if (shmc_is_error(err) || e != 0) {
        (void)close(fd);
        return err;
    }
    fill.m_page = page;
    fill.m_len = len;
    fill.m_map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    fill.m_done = mmap(NULL, page, PROT_READ | PROT_WRITE,
        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    (void)close(fd);
    if (fill.m_map == MAP_FAILED || fill.m_done == MAP_FAILED)
        return shmc_error_libc(errno, "mmap");
    *fill.m_done = 0;
    err = shmc_proc_fork(fill_pages, &fill, SHMC_PROC_TIMEOUT_MS, &r);
    if (!shmc_is_error(err)) {
        {
            char json[32];

            (void)snprintf(json, sizeof(json), "\"%s\"",
                shmc_signame(shmc_proc_signal(&r)));
            err = shmc_t_obs_try("posix_shm.full.touch_signal", json);
        }
        if (!shmc_is_error(err) && shmc_proc_signal(&r) != 0) {
            char json[32];

            (void)snprintf(json, sizeof(json), "%lu",
                (unsigned long)(*fill.m_done * page / 1024));
            err = shmc_t_obs_try("posix_shm.full.kib_written_before_signal",
                json);
        }
        shmc_proc_result_fini(&r);
    }
    (void)munmap((void *)fill.m_map, len);
    (void)munmap((void *)fill.m_done, page);
    return err;
}

#endif /* defined(HAVE_UNSHARE) */

/* ---------------------------------------------------------------------
 * Test cases.
 * --------------------------------------------------------------------- */

/* Each case runs its function in a private mount namespace; where there
 * are none, the declared need skips the case before its body. */
#if defined(HAVE_UNSHARE)
#   define NS_RUN(fn) run_in_ns(fn)
#else
#   define NS_RUN(fn) (void)0
#endif
#define NS_CASE(name, fn, text) \
    SHMC_TC_NEEDS(name, text, .m_ns = SHMC_T_NS_MOUNT) \
    { \
        NS_RUN(fn); \
    }

NS_CASE(unmount__objects_gone_after_remount, ns_gone_after_remount,
    "Objects on a tmpfs are gone once it is unmounted and a fresh one "
    "mounted; a plain umount with an object open is recorded")
NS_CASE(unmount__lazy_keeps_mapping, ns_lazy_unmount,
    "A mapping taken before a lazy unmount stays readable and writable")
NS_CASE(unmount__ordinary_directory, ns_ordinary_directory,
    "What shm_open does when the shm directory is an ordinary directory, "
    "not a tmpfs")
NS_CASE(unmount__missing_directory, ns_missing_directory,
    "What shm_open does when the shm directory does not exist")
NS_CASE(unmount__noexec_mount, ns_noexec,
    "PROT_EXEC mappings of objects on an exec and on a noexec tmpfs")
NS_CASE(names__unlink_dot_names, ns_dot_names,
    "shm_unlink of \"/.\", \"/..\", \".\" and \"..\" on a fresh private "
    "tmpfs, and whether the shm directory survives it")
NS_CASE(full__posix_fallocate, ns_full_fallocate,
    "posix_fallocate of 2 MiB on a 1 MiB tmpfs (ENOSPC expected)")
NS_CASE(full__ftruncate_then_touch, ns_full_touch,
    "On a 1 MiB tmpfs, ftruncate to 2 MiB succeeds and touching the "
    "pages raises a signal once the space is gone")

ATF_TP_ADD_TCS(tp)
{
    ATF_TP_ADD_TC(tp, unmount__objects_gone_after_remount);
    ATF_TP_ADD_TC(tp, unmount__lazy_keeps_mapping);
    ATF_TP_ADD_TC(tp, unmount__ordinary_directory);
    ATF_TP_ADD_TC(tp, unmount__missing_directory);
    ATF_TP_ADD_TC(tp, unmount__noexec_mount);
    ATF_TP_ADD_TC(tp, names__unlink_dot_names);
    ATF_TP_ADD_TC(tp, full__posix_fallocate);
    ATF_TP_ADD_TC(tp, full__ftruncate_then_touch);
    return atf_no_error();
}
