/* SPDX-License-Identifier: BSD-2-Clause */

/** Cross-process visibility: who sees an object's data, and how.
 *
 * Through fork (both directions, through the mapping and through read()),
 * an unrelated process that opens the name (an adapter for the provider,
 * see shmcompat-provider(3)), a descriptor passed over a UNIX socket and
 * another user (shmcompat-peer, started with posix_spawn), another mount
 * namespace, and a MAP_PRIVATE mapping. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#if defined(HAVE_UNSHARE)
#   include <sys/mount.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <atf-c.h>

#include "lib/fdpass.h"
#include "suites/harness.h"

/* ---------------------------------------------------------------------
 * Auxiliary functions.
 * --------------------------------------------------------------------- */

/** Creates a one-page object through the provider under test and maps it
 * shared. */
static char *
create_mapped(const atf_tc_t *tc, char *name, size_t size, shmc_obj_t *obj)
{
    const shmc_provider_t *p = shmc_t_provider(tc);
    void *addr;

    if (p->m_map == NULL)
        atf_tc_skip("provider %s has no memory in this process", p->m_name);
    shmc_t_obj_new(p, name, size, shmc_t_page(), obj);
    shmc_t_library_keep(p, name);
    shmc_t_require(p->m_map(obj, shmc_t_page(), true, &addr), "map");
    shmc_t_require(shmc_t_back(addr, shmc_t_page()), "first write");
    return addr;
}

static void
release(const atf_tc_t *tc, void *map, shmc_obj_t *obj)
{
    const shmc_provider_t *p = shmc_t_provider(tc);

    shmc_t_require(p->m_unmap(map, shmc_t_page()), "unmap");
    shmc_t_require(p->m_close(obj), "close");
}

/** An observation key under the provider's own prefix: fmt holds one %s
 * for the provider's name. */
static const char *
pkey(const atf_tc_t *tc, const char *fmt)
{
    static char key[128];

    (void)snprintf(key, sizeof(key), fmt, shmc_t_provider(tc)->m_name);
    return key;
}

typedef struct {
    char *m_map;
    int m_fd;
    int m_to_child[2];
    int m_to_parent[2];
} fork_ctx_t;

/* How the child's verdict starts when it could not judge read(): why. */
#define CHILD_FAILED "failed: "

/** The child's half of the fork cases: write, say so, wait, check; its
 * verdict on read(), or CHILD_FAILED and why, goes up the pipe. */
static int
fork_child(void *arg, int fd)
{
    fork_ctx_t *ctx = arg;
    char buf[64], got[16];
    const char *verdict;
    ssize_t n;

    (void)fd;
    /* Child to parent, through the mapping. */
    memcpy(ctx->m_map, "from-child", 11);
    if (shmc_is_error(shmc_proc_send(ctx->m_to_parent[1], "written")))
        return 1;
    /* Parent to child: wait for the parent's write, check both ways. */
    if (shmc_is_error(shmc_proc_recv(ctx->m_to_child[0], buf, sizeof(buf),
        SHMC_PROC_TIMEOUT_MS)))
        verdict = CHILD_FAILED "heard nothing of the parent's write";
    else if (memcmp(ctx->m_map + 100, "from-parent", 12) != 0)
        verdict = CHILD_FAILED "does not see the parent's write made after "
            "the fork";
    else {
        n = pread(ctx->m_fd, got, 12, 100);
        verdict = n == 12 && memcmp(got, "from-parent", 12) == 0 ?
            "read-sees" : n == -1 ? "read-fails" : "read-differs";
    }
    (void)shmc_proc_send(ctx->m_to_parent[1], verdict);
    return 0;
}

/* ---------------------------------------------------------------------
 * fork.
 * --------------------------------------------------------------------- */

/** Forks with ctx's mapping; the child writes first, then the parent;
 * each checks the other's write after the fork.  Leaves the child's
 * verdict on read() in buf. */
static void
fork_exchange(fork_ctx_t *ctx, char *buf, size_t size)
{
    pid_t pid;

    ATF_REQUIRE(pipe(ctx->m_to_child) == 0 && pipe(ctx->m_to_parent) == 0);
    pid = fork();
    ATF_REQUIRE(pid != -1);
    if (pid == 0)
        _exit(fork_child(ctx, -1));

    shmc_t_require(shmc_proc_recv(ctx->m_to_parent[0], buf, size,
        SHMC_PROC_TIMEOUT_MS), "waiting for the child's write");
    ATF_CHECK_MSG(memcmp(ctx->m_map, "from-child", 11) == 0, "XSH fork and "
        "mmap MAP_SHARED: the parent does not see the child's write through "
        "the inherited mapping");
    memcpy(ctx->m_map + 100, "from-parent", 12);
    shmc_t_require(shmc_proc_send(ctx->m_to_child[1], "written"), "send");
    shmc_t_require(shmc_proc_recv(ctx->m_to_parent[0], buf, size,
        SHMC_PROC_TIMEOUT_MS), "waiting for the child's verdict");
    ATF_REQUIRE_MSG(shmc_proc_reap(pid, SHMC_PROC_TIMEOUT_MS, NULL),
        "the child did not exit");
    ATF_REQUIRE_MSG(strncmp(buf, CHILD_FAILED, strlen(CHILD_FAILED)) != 0,
        "XSH fork and mmap MAP_SHARED: the child %s",
        buf + strlen(CHILD_FAILED));
    (void)close(ctx->m_to_child[0]);
    (void)close(ctx->m_to_child[1]);
    (void)close(ctx->m_to_parent[0]);
    (void)close(ctx->m_to_parent[1]);
}

/* ---------------------------------------------------------------------
 * fork.
 * --------------------------------------------------------------------- */

SHMC_TC(fork__both_directions, "XSH fork (mappings are retained in the "
    "child) and XSH mmap MAP_SHARED (writes change the object): after "
    "fork, parent and child see each other's writes through the "
    "inherited mapping; read() on the descriptor is recorded")
{
    char name[SHMC_NAME_MAX], buf[64];
    fork_ctx_t ctx;
    shmc_obj_t obj;

    ctx.m_map = create_mapped(tc, name, sizeof(name), &obj);
    ctx.m_fd = obj.m_fd;
    fork_exchange(&ctx, buf, sizeof(buf));
    if (obj.m_fd == -1)
        shmc_t_obs_null(pkey(tc, "%s.visibility.fork_read_sees_mapping"));
    else
        shmc_t_obs_bool(pkey(tc, "%s.visibility.fork_read_sees_mapping"),
            strcmp(buf, "read-sees") == 0);
    release(tc, ctx.m_map, &obj);
}

SHMC_TC_NEEDS(fork__unlinked_object_still_shared,
    "XSH shm_unlink (the object lives until "
    "all references are gone) and XSH fork: an object unlinked before "
    "fork is still shared, writes made after the fork crossing both "
    "ways (FreeBSD shm_functionality_across_fork)",
    .m_caps = SHMC_CAP_UNLINK)
{
    char name[SHMC_NAME_MAX], buf[64];
    fork_ctx_t ctx;
    shmc_obj_t obj;

    ctx.m_map = create_mapped(tc, name, sizeof(name), &obj);
    ctx.m_fd = obj.m_fd;
    shmc_t_require(shmc_t_provider(tc)->m_unlink(name), "unlink");
    fork_exchange(&ctx, buf, sizeof(buf));
    release(tc, ctx.m_map, &obj);
}

/* ---------------------------------------------------------------------
 * Unrelated processes.
 * --------------------------------------------------------------------- */

/** Creates a one-page object through the provider under test, holding
 * data (len bytes), whether or not its memory is in this process. */
static void
create_holding(const shmc_provider_t *p, char *name, size_t size,
    const char *data, size_t len, shmc_obj_t *obj)
{
    shmc_t_obj_new(p, name, size, shmc_t_page(), obj);
    shmc_t_library_keep(p, name);
    shmc_t_put(p, obj, 0, data, len);
}

/** Starts an unrelated peer for provider p and has it open the live name
 * for reading and writing; returns the peer's handle of the object. */
static unsigned long
peer_opens_live(const atf_tc_t *tc, const shmc_provider_t *p,
    const char *name, shmc_adapter_t *peer)
{
    char req[512], reply[512];
    unsigned long h;

    shmc_t_peer_start(tc, p, peer);
    (void)snprintf(req, sizeof(req), "open %s rdwr", name);
    ATF_REQUIRE_MSG(shmc_t_peer_obj(peer, req, &h, reply, sizeof(reply)),
        "the peer could not open the live name: %s", reply);
    return h;
}

SHMC_TC_NEEDS(peer__reads_by_name, "XSH shm_open (a name refers to one "
    "object for every process): an unrelated process opens the object by "
    "name and sees its data (LTP shm_open 5-1)",
    .m_caps = SHMC_CAP_NAMED)
{
    const shmc_provider_t *p = shmc_t_provider(tc);
    char name[SHMC_NAME_MAX], reply[512], got[11];
    shmc_adapter_t peer;
    shmc_obj_t obj;
    unsigned long h;

    create_holding(p, name, sizeof(name), "hello peer", 11, &obj);
    h = peer_opens_live(tc, p, name, &peer);
    ATF_REQUIRE_MSG(shmc_t_peer_read(&peer, h, 0, got, sizeof(got), reply,
        sizeof(reply)), "the peer could not read: %s", reply);
    ATF_CHECK_MSG(memcmp(got, "hello peer", 11) == 0, "the peer read "
        "'%.11s'", got);
    shmc_t_require(shmc_adapter_stop(&peer), "the peer's exit");
    shmc_t_require(p->m_close(&obj), "close");
}

SHMC_TC_NEEDS(peer__writes_seen, "XSH mmap MAP_SHARED (write references "
    "change the object): what an unrelated process writes by name shows in "
    "this process's object at once",
    .m_caps = SHMC_CAP_NAMED)
{
    const shmc_provider_t *p = shmc_t_provider(tc);
    char name[SHMC_NAME_MAX], got[16];
    shmc_adapter_t peer;
    shmc_obj_t obj;
    unsigned long h;

    create_holding(p, name, sizeof(name), "", 1, &obj);
    h = peer_opens_live(tc, p, name, &peer);
    shmc_t_peer_write(&peer, h, 0, "written by peer", 16);
    /* Still open in the peer: what it wrote is there now, not at exit. */
    shmc_t_get(p, &obj, 0, got, sizeof(got));
    ATF_CHECK_MSG(memcmp(got, "written by peer", 16) == 0, "this process "
        "sees '%.16s' after the peer's write", got);
    shmc_t_require(shmc_adapter_stop(&peer), "the peer's exit");
    shmc_t_require(p->m_close(&obj), "close");
}

SHMC_TC_NEEDS(peer__descriptor_over_socket, "XSH mmap MAP_SHARED (write "
    "references change the object) and XBD <sys/socket.h> SCM_RIGHTS: a "
    "descriptor passed over a UNIX socket to an unrelated process maps the "
    "same object, both ways", .m_caps = SHMC_CAP_FD)
{
    char name[SHMC_NAME_MAX], out[512], sockarg[16];
    const char *args[] = { "recvfd", sockarg, "4096", "answer", NULL };
    const shmc_provider_t *p;
    shmc_obj_t obj;
    int sv[2];
    char *map;

    p = shmc_t_provider(tc);
    map = create_mapped(tc, name, sizeof(name), &obj);
    memcpy(map, "over the socket", 16);
    /* The peer inherits its end; ours is close-on-exec. */
    ATF_REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    ATF_REQUIRE(fcntl(sv[0], F_SETFD, FD_CLOEXEC) == 0);
    (void)snprintf(sockarg, sizeof(sockarg), "%d", sv[1]);
    /* The message is queued before the peer starts: no waiting needed. */
    shmc_t_require(shmc_fdpass_send(sv[0], obj.m_fd),
        "passing the descriptor");
    if (p->m_caps & SHMC_CAP_UNLINK)        /* Only the descriptor is left. */
        shmc_t_require(p->m_unlink(name), "unlink");
    ATF_REQUIRE_MSG(shmc_t_peer_run(tc, args, out, sizeof(out)), "%s", out);
    (void)close(sv[0]);
    (void)close(sv[1]);
    ATF_CHECK_STREQ_MSG(out, "ok over the socket", "the peer read '%s'",
        out);
    ATF_CHECK_MSG(strcmp(map, "answer") == 0, "the peer's write through "
        "the passed descriptor is not seen here");
    release(tc, map, &obj);
}

SHMC_TC_NEEDS(peer__other_user, "XSH shm_open (permission bits from mode; "
    "EACCES when permission is denied): another user: mode 0600 refuses "
    "it, 0644 lets it read but not write",
    .m_root = true, .m_peer = true)
{
    char name[SHMC_NAME_MAX], out[512];
    const char *open_ro[] = { "-u", SHMC_T_NOBODY_ARG, "-g", SHMC_T_NOBODY_ARG, "open",
        name, "rdonly", NULL };
    const char *open_rw[] = { "-u", SHMC_T_NOBODY_ARG, "-g", SHMC_T_NOBODY_ARG, "open",
        name, "rdwr", NULL };
    const char *args_read[] = { "-u", SHMC_T_NOBODY_ARG, "-g", SHMC_T_NOBODY_ARG, "read",
        name, "4096", NULL };
    shmc_obj_t obj;
    char *map;

    map = create_mapped(tc, name, sizeof(name), &obj);
    memcpy(map, "secret", 7);
    ATF_REQUIRE_MSG(shmc_t_peer_run(tc, open_ro, out, sizeof(out)), "%s",
        out);
    shmc_t_obs_str("posix_shm.visibility.other_user_0600_rdonly",
        strncmp(out, "error ", 6) == 0 ? out + 6 : out);
    ATF_CHECK_MSG(strcmp(out, "ok") != 0, "another user opened a 0600 "
        "object");

    ATF_REQUIRE(fchmod(obj.m_fd, 0644) == 0);
    ATF_REQUIRE_MSG(shmc_t_peer_run(tc, args_read, out, sizeof(out)), "%s",
        out);
    ATF_CHECK_STREQ_MSG(out, "ok secret", "another user could not read a "
        "0644 object: '%s'", out);
    ATF_REQUIRE_MSG(shmc_t_peer_run(tc, open_rw, out, sizeof(out)), "%s",
        out);
    shmc_t_obs_str("posix_shm.visibility.other_user_0644_rdwr",
        strncmp(out, "error ", 6) == 0 ? out + 6 : out);
    ATF_CHECK_MSG(strcmp(out, "ok") != 0, "another user opened a 0644 "
        "object for writing");
    release(tc, map, &obj);
}

/* ---------------------------------------------------------------------
 * Mount namespaces.
 * --------------------------------------------------------------------- */

typedef struct {
    const char *m_name;
    const char *m_dir;
} ns_arg_t;

#if defined(HAVE_UNSHARE)
/** In a new mount namespace: is the host's object visible, and is it once
 * a fresh tmpfs covers the shm directory? */
static shmc_error_t
ns_visibility(void *arg, int fd)
{
    ns_arg_t *a = arg;
    shmc_error_t err;
    int obj, seen;

    (void)fd;
    obj = shm_open(a->m_name, O_RDONLY, 0);
    seen = obj != -1;
    if (obj != -1)
        (void)close(obj);
    err = shmc_t_obs_try("posix_shm.visibility.other_mount_namespace",
        seen ? "true" : "false");
    if (shmc_is_error(err))
        return err;
    if (mount("shmcompat", a->m_dir, "tmpfs", 0, "size=64k") == -1)
        return shmc_error_libc(errno, "mounting a tmpfs on %s", a->m_dir);
    obj = shm_open(a->m_name, O_RDONLY, 0);
    seen = obj != -1;
    if (obj != -1)
        (void)close(obj);
    return shmc_t_obs_try(
        "posix_shm.visibility.other_mount_namespace_fresh_tmpfs",
        seen ? "true" : "false");
}
#endif

SHMC_TC(namespace__other_mount_namespace, "Whether a process in another mount "
    "namespace sees the object, before and after a fresh tmpfs covers "
    "the shm directory there (root or a user namespace needed)")
{
    char name[SHMC_NAME_MAX], dir[1024];
    shmc_error_t err;
    ns_arg_t arg;
    shmc_obj_t obj;
    char *map;

    if (strcmp(shmc_t_provider(tc)->m_name, "posix_shm") != 0)
        atf_tc_skip("the child in the other namespace opens the name with "
            "shm_open: POSIX shm only");
    if (!shmc_t_shm_dir(dir, sizeof(dir)))
        atf_tc_skip("shm objects have no directory here to mount over");
    map = create_mapped(tc, name, sizeof(name), &obj);
    arg.m_name = name;
    arg.m_dir = dir;
#if defined(HAVE_UNSHARE)
    err = shmc_t_in_mount_ns(ns_visibility, &arg);
#else
    (void)arg;
    err = shmc_error_skip("no unshare(2) on this system");
#endif
    release(tc, map, &obj);
    shmc_t_require(err, "in a private mount namespace");
}

/* ---------------------------------------------------------------------
 * Private mappings.
 * --------------------------------------------------------------------- */

SHMC_TC_NEEDS(map_private__later_shared_writes, "XSH mmap MAP_PRIVATE "
    "(changes are private): Whether a MAP_PRIVATE mapping sees writes made "
    "through a shared mapping before it writes itself (unspecified), and "
    "that its own writes stay private (required)", .m_caps = SHMC_CAP_FD)
{
    char name[SHMC_NAME_MAX];
    char *shared, *priv;
    shmc_obj_t obj;

    shared = create_mapped(tc, name, sizeof(name), &obj);
    priv = mmap(NULL, shmc_t_page(), PROT_READ | PROT_WRITE, MAP_PRIVATE,
        obj.m_fd, 0);
    ATF_REQUIRE_MSG(priv != MAP_FAILED, "MAP_PRIVATE: %s", strerror(errno));
    shared[0] = 'S';
    shmc_t_obs_bool(
        pkey(tc, "%s.visibility.private_sees_later_shared_write"),
        priv[0] == 'S');
    priv[1] = 'P';
    ATF_CHECK_MSG(shared[1] != 'P', "XSH mmap MAP_PRIVATE: a private write "
        "changed the object");
    shared[2] = 'T';
    shmc_t_obs_bool(pkey(tc, "%s.visibility.private_sees_shared_after_cow"),
        priv[2] == 'T');
    (void)munmap(priv, shmc_t_page());
    release(tc, shared, &obj);
}

SHMC_TC(map_shared__two_mappings_one_process,
    "XSH mmap MAP_SHARED (write references "
    "change the object): Two shared mappings of one object in one "
    "process are the same memory (FreeBSD remap_object)")
{
    char name[SHMC_NAME_MAX];
    shmc_obj_t obj;
    char *a, *b;

    if (shmc_t_provider(tc)->m_library != NULL)
        atf_tc_skip("a library maps an object once: its address is the "
            "library's");
    a = create_mapped(tc, name, sizeof(name), &obj);
    shmc_t_require(shmc_t_provider(tc)->m_map(&obj, shmc_t_page(), true,
        (void **)&b), "second map");
    ATF_CHECK(a != b);
    a[10] = 'x';
    ATF_CHECK_EQ_MSG(b[10], 'x', "XSH mmap MAP_SHARED: a write through one "
        "mapping is not seen through the other");
    shmc_t_require(shmc_t_provider(tc)->m_unmap(b, shmc_t_page()), "unmap");
    release(tc, a, &obj);
}

ATF_TP_ADD_TCS(tp)
{
    ATF_TP_ADD_TC(tp, fork__both_directions);
    ATF_TP_ADD_TC(tp, fork__unlinked_object_still_shared);
    ATF_TP_ADD_TC(tp, peer__reads_by_name);
    ATF_TP_ADD_TC(tp, peer__writes_seen);
    ATF_TP_ADD_TC(tp, peer__descriptor_over_socket);
    ATF_TP_ADD_TC(tp, peer__other_user);
    ATF_TP_ADD_TC(tp, namespace__other_mount_namespace);
    ATF_TP_ADD_TC(tp, map_private__later_shared_writes);
    ATF_TP_ADD_TC(tp, map_shared__two_mappings_one_process);
    return atf_no_error();
}
