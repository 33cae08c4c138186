/* SPDX-License-Identifier: BSD-2-Clause */

/** System V shared memory: shmget, shmat, shmdt and shmctl as POSIX
 * requires them (conformance), and what implementations leave open
 * (characterization: attaching after IPC_RMID, reusing the key, the
 * signal for writing a read-only attachment, limits and IPC namespaces).
 *
 * Keys come from ftok(3) of a token file in the test case's own work
 * directory, so runs do not collide; every segment is recorded for the
 * cleanup with its creator's pid.  Limits are exhausted, and sysctls
 * written, only inside a private IPC namespace, never on the host. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include <atf-c.h>

#include "lib/cleanup.h"
#include "lib/errname.h"
#include "lib/run.h"
#include "probes/sysv.h"
#include "suites/harness.h"


/* ---------------------------------------------------------------------
 * Auxiliary functions.
 * --------------------------------------------------------------------- */

/** A key nobody can predict (never IPC_PRIVATE). */
static key_t
random_key(void)
{
    key_t key;

    do
        key = (key_t)(shmc_run_random_u32() & 0x7fffffffU);
    while (key == IPC_PRIVATE);
    return key;
}

/** Records a segment this process has just created. */
static void
seg_created(int id)
{
    shmc_t_require(shmc_cleanup_created_sysv(id), "recording a segment");
}

/** shmget(IPC_PRIVATE) that records what it creates; fails the test on
 * error. */
static int
create_seg(key_t key, size_t size, int mode)
{
    int id;

    id = shmget(key, size, IPC_CREAT | IPC_EXCL | mode);
    ATF_REQUIRE_MSG(id != -1, "shmget(%zu): %s", size, strerror(errno));
    seg_created(id);
    return id;
}

/** A segment under a fresh random key, put in *key: a key someone else
 * holds (EEXIST) is left to them and another one tried. */
static int
keyed_seg(size_t size, int mode, key_t *key)
{
    int id, i;

    for (i = 0; i < 32; i++) {
        *key = random_key();
        id = shmget(*key, size, IPC_CREAT | IPC_EXCL | mode);
        if (id != -1) {
            seg_created(id);
            return id;
        }
        if (errno != EEXIST)
            break;
    }
    atf_tc_fail("shmget(%zu) under a fresh key: %s", size, strerror(errno));
    return -1;
}

static struct shmid_ds
stat_seg(int id)
{
    struct shmid_ds ds;

    ATF_REQUIRE_MSG(shmctl(id, IPC_STAT, &ds) == 0, "IPC_STAT: %s",
        strerror(errno));
    return ds;
}

static char *
attach(int id, int flags)
{
    char *p = shmat(id, NULL, flags);

    ATF_REQUIRE_MSG(p != (void *)-1, "shmat: %s", strerror(errno));
    return p;
}

typedef struct {
    int m_id;
    key_t m_key;
    int m_flags;
} as_nobody_t;

/* As nobody: shmget the key asking for read and write, or IPC_RMID; the
 * outcome's errno name goes up the pipe. */
static shmc_error_t
nobody_child(void *arg, int fd)
{
    as_nobody_t *a = arg;
    shmc_error_t err;
    int rc;

    if (shmc_is_error(err = shmc_t_become_nobody()))
        return err;
    if (a->m_flags == IPC_RMID)
        rc = shmctl(a->m_id, IPC_RMID, NULL);
    else
        rc = shmget(a->m_key, 0, a->m_flags);
    return shmc_proc_send(fd, shmc_t_errstr(rc == -1 ? errno : 0));
}

static void
run_as_nobody(as_nobody_t *a, char *out, size_t size)
{
    shmc_t_require(shmc_proc_call(nobody_child, a, SHMC_PROC_TIMEOUT_MS, out,
        size), "the child as nobody");
}

/* ---------------------------------------------------------------------
 * shmget.
 * --------------------------------------------------------------------- */

SHMC_TC(shmget__private_creates, "XSH shmget (the new segment's shmid_ds "
    "is initialized): IPC_PRIVATE creates a segment whose shmid_ds holds "
    "the caller, the size and the mode")
{
    struct shmid_ds ds;
    int id;

    id = create_seg(IPC_PRIVATE, shmc_t_page(), 0640);
    ds = stat_seg(id);
    ATF_CHECK_EQ_MSG(ds.shm_segsz, shmc_t_page(), "XSH shmget: shm_segsz "
        "shall be set to size");
    ATF_CHECK_EQ_MSG(ds.shm_nattch, 0, "XSH shmget: shm_nattch is 0");
    ATF_CHECK_EQ_MSG(ds.shm_cpid, getpid(), "XSH shmget: shm_cpid");
    ATF_CHECK_MSG(ds.shm_perm.uid == geteuid() && ds.shm_perm.cuid ==
        geteuid() && ds.shm_perm.gid == getegid() && ds.shm_perm.cgid ==
        getegid(), "XSH shmget: uid/cuid and gid/cgid are the caller's "
        "effective ids");
    ATF_CHECK_EQ_MSG(ds.shm_perm.mode & 0777, 0640, "XSH shmget: the low "
        "9 bits of shm_perm.mode are shmflg's, got %04o",
        (unsigned)(ds.shm_perm.mode & 0777));
    ATF_CHECK_MSG(ds.shm_lpid == 0 && ds.shm_atime == 0 &&
        ds.shm_dtime == 0, "XSH shmget: shm_lpid, shm_atime and shm_dtime "
        "are 0");
}

SHMC_TC(shmget__excl_existing__eexist,
    "XSH shmget [EEXIST] and IPC_CREAT on an "
    "existing key: IPC_CREAT|IPC_EXCL on an existing key fails with "
    "EEXIST; IPC_CREAT alone returns the same id")
{
    key_t key;
    int id, again;

    id = keyed_seg(shmc_t_page(), 0600, &key);
    again = shmget(key, shmc_t_page(), IPC_CREAT | IPC_EXCL | 0600);
    ATF_CHECK_MSG(again == -1 && errno == EEXIST, "XSH shmget [EEXIST]: "
        "got %s", again == -1 ? shmc_t_errstr(errno) : "success");
    ATF_CHECK_EQ_MSG(shmget(key, shmc_t_page(), IPC_CREAT | 0600), id,
        "XSH shmget: IPC_CREAT on an existing key returns its id");
    ATF_CHECK_EQ(shmget(key, 0, 0), id);
}

SHMC_TC(shmget__missing_key__enoent, "XSH shmget [ENOENT]: A key with no "
    "segment and no IPC_CREAT fails with ENOENT")
{
    key_t key;

    key = random_key();
    ATF_CHECK_MSG(shmget(key, shmc_t_page(), 0600) == -1 && errno == ENOENT,
        "XSH shmget [ENOENT]: got %s", shmc_t_errstr(errno));
}

SHMC_TC(shmget__size_limits__einval, "XSH shmget [EINVAL] (size is less than "
    "the system minimum or greater than the maximum): Sizes above SHMMAX "
    "or below SHMMIN, as shmcompat-probe measures them, are refused with "
    "EINVAL")
{
    const char *why_max = NULL, *why_min = NULL;
    shmc_sysv_t sysv;
    uint64_t max, min;
    int id;

    shmc_sysv_probe(&sysv);
    max = sysv.m_limits[SHMC_SYSV_SHMMAX].m_value;
    if (!sysv.m_limits[SHMC_SYSV_SHMMAX].m_known)
        why_max = "SHMMAX could not be measured here";
    else if (max >= SIZE_MAX)
        /* Usual on 32-bit: SHMMAX + 1 bytes cannot be asked for. */
        why_max = "SHMMAX is at least SIZE_MAX: no larger size_t exists";
    else if (sizeof(long) < 8 && max == INT_MAX &&
        strcmp(sysv.m_limits[SHMC_SYSV_SHMMAX].m_source,
        "shmctl(IPC_INFO)") == 0)
        /* Linux answers a 32-bit caller's IPC_INFO with SHMMAX clamped to
         * INT_MAX: then it is no limit the kernel enforces. */
        why_max = "SHMMAX came from a 32-bit IPC_INFO, which a 64-bit "
            "kernel clamps to INT_MAX";
    if (why_max == NULL) {
        id = shmget(IPC_PRIVATE, (size_t)max + 1, IPC_CREAT | 0600);
        if (id != -1)
            (void)shmctl(id, IPC_RMID, NULL);
        shmc_t_obs_errno("sysv_shm.limits.shmmax_plus_1",
            id == -1 ? errno : 0);
        ATF_CHECK_MSG(id == -1 && errno == EINVAL, "XSH shmget [EINVAL]: "
            "SHMMAX + 1 bytes gave %s", id == -1 ? shmc_t_errstr(errno) :
            "a segment");
    } else
        shmc_t_obs_null_why("sysv_shm.limits.shmmax_plus_1", why_max);

    min = sysv.m_limits[SHMC_SYSV_SHMMIN].m_value;
    if (!sysv.m_limits[SHMC_SYSV_SHMMIN].m_known)
        why_min = "SHMMIN could not be measured here";
    else if (min == 0)
        why_min = "SHMMIN is 0: no smaller size exists";
    if (why_min == NULL) {
        id = shmget(IPC_PRIVATE, (size_t)min - 1, IPC_CREAT | 0600);
        if (id != -1)
            (void)shmctl(id, IPC_RMID, NULL);
        shmc_t_obs_errno("sysv_shm.limits.shmmin_minus_1",
            id == -1 ? errno : 0);
        ATF_CHECK_MSG(id == -1 && errno == EINVAL, "XSH shmget [EINVAL]: "
            "SHMMIN - 1 bytes gave %s", id == -1 ? shmc_t_errstr(errno) :
            "a segment");
    } else
        shmc_t_obs_null_why("sysv_shm.limits.shmmin_minus_1", why_min);

    if (why_max != NULL && why_min != NULL)
        atf_tc_skip("%s; %s", why_max, why_min);
}

SHMC_TC(shmget__larger_than_existing__einval,
    "XSH shmget [EINVAL] (a segment exists "
    "for the key but its size is less than size): Asking an existing key "
    "for more than its segment's size fails with EINVAL")
{
    key_t key;
    int rc;

    (void)keyed_seg(shmc_t_page(), 0600, &key);
    rc = shmget(key, 4 * shmc_t_page(), 0600);
    ATF_CHECK_MSG(rc == -1 && errno == EINVAL, "XSH shmget [EINVAL]: a "
        "larger size for an existing segment gave %s",
        rc == -1 ? shmc_t_errstr(errno) : "success");
}

SHMC_TC_NEEDS(shmget__other_user__eacces,
    "XSH shmget [EACCES]: Another user asking "
    "for access the mode denies gets EACCES",
    .m_root = true)
{
    as_nobody_t a;
    char out[64];

    a.m_id = keyed_seg(shmc_t_page(), 0600, &a.m_key);
    a.m_flags = 0600;
    run_as_nobody(&a, out, sizeof(out));
    ATF_CHECK_STREQ_MSG(out, "EACCES", "XSH shmget [EACCES]: nobody got %s",
        out);
}

SHMC_TC(ftok__keys, "XSH ftok: the same path and id give the same key, "
    "another id another key, a missing path the error stat() gives")
{
    key_t a, b;
    int fd;

    fd = open("token", O_WRONLY | O_CREAT | O_EXCL, 0600);
    ATF_REQUIRE(fd != -1);
    (void)close(fd);
    a = ftok("token", 1);
    b = ftok("token", 1);
    ATF_CHECK_MSG(a != (key_t)-1 && a == b, "XSH ftok: the same path and id "
        "shall give the same key");
    ATF_CHECK_MSG(ftok("token", 2) != a, "XSH ftok: another id shall give "
        "another key");
    ATF_CHECK_MSG(ftok("no-such-token", 1) == (key_t)-1 && errno == ENOENT,
        "XSH ftok: a missing path fails as stat() does (ENOENT), got %s",
        shmc_t_errstr(errno));
}

/* ---------------------------------------------------------------------
 * shmat, shmdt and shmctl.
 * --------------------------------------------------------------------- */

SHMC_TC(shmat__attachments_share_data,
    "XSH shmat/shmdt (shm_nattch, shm_lpid, "
    "shm_atime, shm_dtime are updated): Two attachments are the same "
    "memory; shm_nattch, shm_lpid and the times follow attach and detach")
{
    struct shmid_ds ds;
    char *a, *b;
    int id;

    id = create_seg(IPC_PRIVATE, shmc_t_page(), 0600);
    a = attach(id, 0);
    b = attach(id, 0);
    ATF_CHECK(a != b);
    a[5] = 'z';
    ATF_CHECK_EQ_MSG(b[5], 'z', "a write through one attachment is not "
        "seen through the other");
    ds = stat_seg(id);
    ATF_CHECK_EQ_MSG(ds.shm_nattch, 2, "XSH shmat: shm_nattch incremented "
        "per attach; got %lu", (unsigned long)ds.shm_nattch);
    ATF_CHECK_EQ_MSG(ds.shm_lpid, getpid(), "XSH shmat: shm_lpid");
    ATF_CHECK_MSG(ds.shm_atime != 0, "XSH shmat: shm_atime set");
    ATF_REQUIRE(shmdt(a) == 0 && shmdt(b) == 0);
    ds = stat_seg(id);
    ATF_CHECK_EQ_MSG(ds.shm_nattch, 0, "XSH shmdt: shm_nattch decremented");
    ATF_CHECK_MSG(ds.shm_dtime != 0, "XSH shmdt: shm_dtime set");
}

SHMC_TC(shmctl__ipc_set_mode, "XSH shmctl IPC_SET (sets the permission "
    "bits): IPC_SET changes the mode, which IPC_STAT then reports")
{
    struct shmid_ds ds;
    int id;

    id = create_seg(IPC_PRIVATE, shmc_t_page(), 0600);
    ds = stat_seg(id);
    ds.shm_perm.mode = (ds.shm_perm.mode & ~0777u) | 0640;
    ATF_REQUIRE_MSG(shmctl(id, IPC_SET, &ds) == 0, "XSH shmctl IPC_SET: %s",
        strerror(errno));
    ds = stat_seg(id);
    ATF_CHECK_EQ_MSG(ds.shm_perm.mode & 0777, 0640, "XSH shmctl IPC_SET: "
        "mode %04o", (unsigned)(ds.shm_perm.mode & 0777));
    ATF_CHECK_EQ(ds.shm_perm.cuid, geteuid());
}

SHMC_TC(shmctl__rmid_waits_for_detach, "XSH shmctl IPC_RMID (the segment is "
    "destroyed when the last process detaches): After IPC_RMID the "
    "attached segment lives on until the last detach, then the id is "
    "gone")
{
    struct shmid_ds ds;
    char *p;
    int id, rc;

    id = create_seg(IPC_PRIVATE, shmc_t_page(), 0600);
    p = attach(id, 0);
    memcpy(p, "kept", 5);
    ATF_REQUIRE(shmctl(id, IPC_RMID, NULL) == 0);
    ATF_CHECK_MSG(strcmp(p, "kept") == 0, "XSH shmctl IPC_RMID: the "
        "segment shall be destroyed only when the last process detaches");
    p[0] = 'K';
    rc = shmctl(id, IPC_STAT, &ds);
    shmc_t_obs_errno("sysv_shm.rmid.stat_while_attached", rc == -1 ? errno : 0);
    ATF_REQUIRE(shmdt(p) == 0);
    rc = shmctl(id, IPC_STAT, &ds);
    ATF_CHECK_MSG(rc == -1 && (errno == EINVAL || errno == EIDRM),
        "the id still answers IPC_STAT after the last detach");
    shmc_t_obs_errno("sysv_shm.rmid.stat_after_last_detach",
        rc == -1 ? errno : 0);
}

SHMC_TC(shmctl__after_rmid, "Whether shmat still works on a segment "
    "marked for removal (Linux allows it), and whether its key is free "
    "again at once")
{
    key_t key;
    char *p, *q;
    int id, id2;

    id = keyed_seg(shmc_t_page(), 0600, &key);
    p = attach(id, 0);
    ATF_REQUIRE(shmctl(id, IPC_RMID, NULL) == 0);
    q = shmat(id, NULL, 0);
    shmc_t_obs_errno("sysv_shm.rmid.shmat_after_rmid",
        q == (void *)-1 ? errno : 0);
    if (q != (void *)-1)
        (void)shmdt(q);
    id2 = shmget(key, shmc_t_page(), IPC_CREAT | IPC_EXCL | 0600);
    shmc_t_obs_errno("sysv_shm.rmid.key_free_while_attached",
        id2 == -1 ? errno : 0);
    if (id2 != -1) {
        seg_created(id2);
        ATF_CHECK_MSG(id2 != id, "the new segment reuses the old id while "
            "the old one is attached");
    }
    ATF_REQUIRE(shmdt(p) == 0);
}

SHMC_TC(shmat__rdonly_write_faults, "XSH shmat SHM_RDONLY (attached for "
    "reading only): Writing through a SHM_RDONLY attachment raises a "
    "signal (SIGSEGV expected); reading works")
{
    unsigned char *p;
    int id, sig;

    id = create_seg(IPC_PRIVATE, shmc_t_page(), 0600);
    p = (unsigned char *)attach(id, SHM_RDONLY);
    ATF_CHECK_EQ(shmc_t_touch(p, false), 0);
    sig = shmc_t_touch(p, true);
    shmc_t_obs_str("sysv_shm.rdonly_write_signal", shmc_signame(sig));
    ATF_CHECK_MSG(sig > 0, "XSH shmat SHM_RDONLY: a write through a "
        "read-only attachment went through");
    (void)shmdt(p);
}

SHMC_TC(shmdt__not_attached__einval, "XSH shmdt [EINVAL] (shmaddr is not the "
    "start of an attached segment): shmdt of an address that is not an "
    "attachment fails with EINVAL")
{
    static char not_shm[64];

    ATF_CHECK_MSG(shmdt(not_shm) == -1 && errno == EINVAL, "XSH shmdt "
        "[EINVAL]: got %s", shmc_t_errstr(errno));
}

SHMC_TC(shmctl__invalid_id__einval, "XSH shmctl [EINVAL] (shmid is not a "
    "valid identifier)")
{
    struct shmid_ds ds;

    ATF_CHECK_MSG(shmctl(-1, IPC_STAT, &ds) == -1 && errno == EINVAL,
        "XSH shmctl [EINVAL] (bad shmid): got %s", shmc_t_errstr(errno));
}

SHMC_TC_NEEDS(shmctl__rmid_other_user__eperm,
    "XSH shmctl [EPERM] (IPC_RMID by a "
    "process that is neither owner, creator nor privileged): IPC_RMID by "
    "a user who neither owns nor created the segment fails with EPERM, "
    "leaving it in place",
    .m_root = true)
{
    as_nobody_t a;
    char out[64];

    a.m_key = IPC_PRIVATE;
    a.m_id = create_seg(IPC_PRIVATE, shmc_t_page(), 0666);
    a.m_flags = IPC_RMID;
    run_as_nobody(&a, out, sizeof(out));
    ATF_CHECK_STREQ_MSG(out, "EPERM", "XSH shmctl [EPERM]: nobody's "
        "IPC_RMID got %s", out);
    (void)stat_seg(a.m_id);
}

SHMC_TC(shmat__address_rounding, "XSH shmat [EINVAL] (an unaligned address "
    "without SHM_RND) and SHM_RND (rounded down to a multiple of SHMLBA) "
    "An unaligned address fails with EINVAL unless SHM_RND rounds it "
    "down to SHMLBA")
{
    char *probe, *p, *want;
    int id;

    id = create_seg(IPC_PRIVATE, shmc_t_page(), 0600);
    /* Find a free, aligned place first, then ask one byte above it. */
    probe = attach(id, 0);
    ATF_REQUIRE(shmdt(probe) == 0);
    want = probe + 1;
    p = shmat(id, want, 0);
    ATF_CHECK_MSG(p == (void *)-1 && errno == EINVAL, "XSH shmat [EINVAL]: "
        "an unaligned address without SHM_RND gave %s",
        p == (void *)-1 ? shmc_t_errstr(errno) : "an attachment");
    if (p != (void *)-1)
        (void)shmdt(p);
    p = shmat(id, want, SHM_RND);
    ATF_CHECK_MSG(p == probe, "XSH shmat SHM_RND: the address shall be "
        "rounded down to a multiple of SHMLBA");
    if (p != (void *)-1)
        (void)shmdt(p);
}

SHMC_TC(shmget__odd_size, "A 100-byte segment: shm_segsz, and what "
    "touching the rest of its page does")
{
    struct shmid_ds ds;
    unsigned char *p;
    int id;

    id = create_seg(IPC_PRIVATE, 100, 0600);
    ds = stat_seg(id);
    shmc_t_obs_int("sysv_shm.segsz_for_100", (long long)ds.shm_segsz);
    p = (unsigned char *)attach(id, 0);
    shmc_t_obs_str("sysv_shm.tail_of_page_signal",
        shmc_signame(shmc_t_touch(p + 200, true)));
    (void)shmdt(p);
}

/* ---------------------------------------------------------------------
 * Processes.
 * --------------------------------------------------------------------- */

SHMC_TC(persistence__creator_exits, "XSH shmctl IPC_RMID (a segment is "
    "removed only by it) and XSH shmget (a key finds its segment): a segment "
    "outlives the process that made it and is found by key from an "
    "unrelated process")
{
    char keyhex[32], out[256];
    const char *create[] = { "sysv-create", keyhex, "kernel persistent",
        NULL };
    const char *readback[] = { "sysv-read", keyhex, "4096", NULL };
    int i;

    /* A key someone else holds is left to them and another one tried. */
    for (i = 0; i < 8; i++) {
        (void)snprintf(keyhex, sizeof(keyhex), "%lx",
            (unsigned long)random_key());
        ATF_REQUIRE_MSG(shmc_t_peer_run(tc, create, out, sizeof(out)), "%s",
            out);
        if (strcmp(out, "error EEXIST") != 0)
            break;
    }
    ATF_REQUIRE_MSG(strncmp(out, "ok ", 3) == 0, "the creating peer: %s",
        out);
    ATF_REQUIRE_MSG(shmc_t_peer_run(tc, readback, out, sizeof(out)), "%s",
        out);
    ATF_CHECK_STREQ_MSG(out, "ok kernel persistent", "a second peer read "
        "'%s'", out);
}

typedef struct {
    int m_id;
    char *m_map;
} inherit_t;

/* In the child: the attachment count and what the inherited attachment
 * reads, up the pipe. */
static shmc_error_t
inherit_child(void *arg, int fd)
{
    inherit_t *in = arg;
    struct shmid_ds ds;
    char line[64];

    if (shmctl(in->m_id, IPC_STAT, &ds) == -1)
        return shmc_error_libc(errno, "IPC_STAT in the child");
    (void)snprintf(line, sizeof(line), "%lu %s",
        (unsigned long)ds.shm_nattch, in->m_map);
    return shmc_proc_send(fd, line);
}

SHMC_TC(fork__inherits_attachment, "A forked child inherits the attachment "
    "(shm_nattch 2) and its exit detaches it (XSH fork, _exit)")
{
    char out[64];
    inherit_t in;

    in.m_id = create_seg(IPC_PRIVATE, shmc_t_page(), 0600);
    in.m_map = attach(in.m_id, 0);
    memcpy(in.m_map, "inherited", 10);
    shmc_t_require(shmc_proc_call(inherit_child, &in, SHMC_PROC_TIMEOUT_MS,
        out, sizeof(out)), "the forked child");
    ATF_CHECK_MSG(strncmp(out, "2 inherited", 11) == 0, "XSH fork: "
        "the child shall inherit attached segments; it reported '%s'", out);
    ATF_CHECK_EQ_MSG(stat_seg(in.m_id).shm_nattch, 1, "XSH _exit: the "
        "child's attachment shall be detached when it exits");
    (void)shmdt(in.m_map);
}

SHMC_TC(exec__drops_attachment, "exec detaches the segments of the "
    "process (XSH exec): a child that execs leaves only the parent's "
    "attachment")
{
    char idtext[32], out[128];
    const char *args[] = { "sysv-nattch", idtext, NULL };
    char *map;
    int id;

    id = create_seg(IPC_PRIVATE, shmc_t_page(), 0600);
    map = attach(id, 0);
    (void)snprintf(idtext, sizeof(idtext), "%d", id);
    /* posix_spawn forks and execs: the child's copy is dropped at exec. */
    ATF_REQUIRE_MSG(shmc_t_peer_run(tc, args, out, sizeof(out)), "%s", out);
    ATF_CHECK_STREQ_MSG(out, "ok 1", "after exec the segment shall have "
        "only the parent's attachment; the peer saw '%s'", out);
    (void)shmdt(map);
}

/* ---------------------------------------------------------------------
 * IPC namespaces (Linux): limits and sysctls only in a private one.
 * --------------------------------------------------------------------- */

#if defined(HAVE_UNSHARE)
static shmc_error_t
write_sysctl(const char *path, const char *value)
{
    FILE *f = fopen(path, "w");

    if (f == NULL)
        return shmc_error_skip("cannot write %s in the private IPC "
            "namespace: %s", path, strerror(errno));
    if (fputs(value, f) == EOF || fclose(f) == EOF)
        return shmc_error_libc(errno, "writing %s", path);
    return shmc_no_error();
}

static shmc_error_t
ns_isolation(void *arg, int fd)
{
    key_t key = *(key_t *)arg;

    (void)fd;
    return shmc_t_obs_try_errno("sysv_shm.ipcns.host_key_visible",
        shmget(key, 0, 0) == -1 ? errno : 0);
}

static shmc_error_t
ns_exhaust(void *arg, int fd)
{
    char json[32];
    shmc_error_t err;
    int n, id = 0;

    (void)arg;
    (void)fd;
    if (shmc_is_error(err = write_sysctl("/proc/sys/kernel/shmmni", "16")))
        return err;
    /* Bounded: the limit is 16, the loop stops at 64 whatever happens. */
    for (n = 0; n < 64; n++) {
        id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
        if (id == -1)
            break;
    }
    (void)snprintf(json, sizeof(json), "%d", n);
    err = shmc_t_obs_try("sysv_shm.ipcns.segments_under_shmmni_16", json);
    if (!shmc_is_error(err))
        err = shmc_t_obs_try_errno("sysv_shm.ipcns.shmmni_exhausted",
            id == -1 ? errno : 0);
    if (!shmc_is_error(err) && (id != -1 || errno != ENOSPC))
        err = shmc_error_new("XSH shmget [ENOSPC]: past SHMMNI segments, "
            "shmget gave %s", id == -1 ? shmc_t_errstr(errno) : "success");
    return err;
}

/* Creates a segment, sends its id up the pipe and exits without
 * removing it. */
static shmc_error_t
orphan_maker(void *arg, int fd)
{
    int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
    char line[32];

    (void)arg;
    if (id == -1)
        return shmc_error_libc(errno, "shmget in the child");
    (void)snprintf(line, sizeof(line), "%d", id);
    return shmc_proc_send(fd, line);
}

static shmc_error_t
orphan_survives(const char *forced, const char *key)
{
    struct shmid_ds ds;
    shmc_error_t err;
    char out[32];

    if (shmc_is_error(err = write_sysctl("/proc/sys/kernel/shm_rmid_forced",
        forced)))
        return err;
    if (shmc_is_error(err = shmc_proc_call(orphan_maker, NULL,
        SHMC_PROC_TIMEOUT_MS, out, sizeof(out))))
        return err;
    return shmc_t_obs_try(key, shmctl(atoi(out), IPC_STAT, &ds) == 0 ?
        "true" : "false");
}

static shmc_error_t
ns_rmid_forced(void *arg, int fd)
{
    shmc_error_t err;

    (void)arg;
    (void)fd;
    err = orphan_survives("0", "sysv_shm.ipcns.orphan_survives_rmid_forced_0");
    if (!shmc_is_error(err))
        err = orphan_survives("1",
            "sysv_shm.ipcns.orphan_survives_rmid_forced_1");
    return err;
}

/** Runs fn in a private IPC namespace and checks that the host's limits
 * are what they were. */
static void
in_ipc_ns(shmc_t_ns_fn_t fn, void *arg)
{
    shmc_sysv_t before, after;
    shmc_error_t err;
    size_t i;

    shmc_sysv_probe(&before);
    err = shmc_t_in_ns(SHMC_T_NS_IPC, fn, arg);
    shmc_sysv_probe(&after);
    for (i = 0; i < SHMC_SYSV_NLIMITS; i++)
        ATF_CHECK_MSG(before.m_limits[i].m_value ==
            after.m_limits[i].m_value, "the host's %s changed",
            shmc_sysv_limit_name((shmc_sysv_limit_t)i));
    ATF_CHECK_MSG(before.m_rmid_forced.m_value ==
        after.m_rmid_forced.m_value, "the host's shm_rmid_forced changed");
    shmc_t_require(err, "in a private IPC namespace");
}

#   define IPCNS_BODY(fn, arg) in_ipc_ns((fn), (arg))
#else
#   define IPCNS_BODY(fn, arg) \
    atf_tc_skip("IPC namespaces need unshare(2), which this system lacks")
#endif

SHMC_TC_NEEDS(ipcns__isolation, "Whether a segment of the host is "
    "visible by key from a private IPC namespace",
    .m_ns = SHMC_T_NS_IPC)
{
    key_t key;

    (void)keyed_seg(shmc_t_page(), 0600, &key);
    IPCNS_BODY(ns_isolation, &key);
}

SHMC_TC_NEEDS(ipcns__shmmni_exhaustion, "XSH shmget [ENOSPC]: in a "
    "private IPC namespace whose SHMMNI is 16, shmget past the limit fails "
    "with ENOSPC; records how many segments it gave",
    .m_ns = SHMC_T_NS_IPC)
{
    IPCNS_BODY(ns_exhaust, NULL);
}

SHMC_TC_NEEDS(ipcns__shm_rmid_forced, "Whether a segment its creator leaves "
    "behind at exit survives it, with shm_rmid_forced 0 and 1, in a "
    "private IPC namespace (Linux)",
    .m_ns = SHMC_T_NS_IPC)
{
    IPCNS_BODY(ns_rmid_forced, NULL);
}

ATF_TP_ADD_TCS(tp)
{
    ATF_TP_ADD_TC(tp, shmget__private_creates);
    ATF_TP_ADD_TC(tp, shmget__excl_existing__eexist);
    ATF_TP_ADD_TC(tp, shmget__missing_key__enoent);
    ATF_TP_ADD_TC(tp, shmget__size_limits__einval);
    ATF_TP_ADD_TC(tp, shmget__larger_than_existing__einval);
    ATF_TP_ADD_TC(tp, shmget__other_user__eacces);
    ATF_TP_ADD_TC(tp, ftok__keys);
    ATF_TP_ADD_TC(tp, shmat__attachments_share_data);
    ATF_TP_ADD_TC(tp, shmctl__ipc_set_mode);
    ATF_TP_ADD_TC(tp, shmctl__rmid_waits_for_detach);
    ATF_TP_ADD_TC(tp, shmctl__after_rmid);
    ATF_TP_ADD_TC(tp, shmat__rdonly_write_faults);
    ATF_TP_ADD_TC(tp, shmdt__not_attached__einval);
    ATF_TP_ADD_TC(tp, shmctl__invalid_id__einval);
    ATF_TP_ADD_TC(tp, shmctl__rmid_other_user__eperm);
    ATF_TP_ADD_TC(tp, shmat__address_rounding);
    ATF_TP_ADD_TC(tp, shmget__odd_size);
    ATF_TP_ADD_TC(tp, persistence__creator_exits);
    ATF_TP_ADD_TC(tp, fork__inherits_attachment);
    ATF_TP_ADD_TC(tp, exec__drops_attachment);
    ATF_TP_ADD_TC(tp, ipcns__isolation);
    ATF_TP_ADD_TC(tp, ipcns__shmmni_exhaustion);
    ATF_TP_ADD_TC(tp, ipcns__shm_rmid_forced);
    return atf_no_error();
}
