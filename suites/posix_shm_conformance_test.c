/* SPDX-License-Identifier: BSD-2-Clause */

/** Conformance: what POSIX.1-2017 requires of shm_open, shm_unlink,
 * ftruncate, mmap, fstat and fchmod on shared memory objects.  Each case
 * fails with a message naming the requirement it checks; suites/anchors.md
 * maps LTP's and FreeBSD's assertions to these cases. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <atf-c.h>

#include "lib/cleanup.h"
#include "lib/errname.h"
#include "suites/harness.h"

/* ---------------------------------------------------------------------
 * Auxiliary functions.
 * --------------------------------------------------------------------- */

static int
create(char *name, size_t size, mode_t mode)
{
    return shmc_t_shm_new(name, size, O_RDWR, mode);
}

/** Expects shm_open to fail with want; names the requirement otherwise. */
static void
expect_open_fails(const char *name, int flags, int want, const char *req)
{
    int fd;

    fd = shm_open(name, flags, 0600);
    if (fd != -1) {
        (void)close(fd);
        atf_tc_fail("%s: shm_open succeeded", req);
    }
    ATF_CHECK_MSG(errno == want, "%s: shm_open failed with %s, not %s", req,
        shmc_t_errstr(errno), shmc_t_errstr(want));
}

/** A name of len bytes: "/" + the unique name's core + padding. */
static char *
long_name(size_t len)
{
    char base[SHMC_NAME_MAX], *name;
    size_t blen;

    shmc_t_name(base, sizeof(base));
    blen = strlen(base);
    name = malloc(len + 1);
    ATF_REQUIRE(name != NULL);
    memset(name, 'n', len);
    memcpy(name, base, blen < len ? blen : len);
    name[len] = '\0';
    return name;
}

/** Runs shmcompat-peer as nobody and returns its answer. */
static void
peer_as_nobody(const atf_tc_t *tc, const char *cmd, const char *name,
    const char *arg, char *out, size_t size)
{
    const char *args[] = { "-u", SHMC_T_NOBODY_ARG, "-g", SHMC_T_NOBODY_ARG,
        cmd, name, arg, NULL };

    ATF_REQUIRE_MSG(shmc_t_peer_run(tc, args, out, size), "%s", out);
}

/* ---------------------------------------------------------------------
 * shm_open.
 * --------------------------------------------------------------------- */

SHMC_TC(shm_open__excl_existing__eexist,
    "XSH shm_open [EEXIST]: O_CREAT|O_EXCL "
    "on an existing name fails with EEXIST")
{
    char name[SHMC_NAME_MAX];
    int fd;

    fd = create(name, sizeof(name), 0600);
    expect_open_fails(name, O_RDWR | O_CREAT | O_EXCL, EEXIST,
        "XSH shm_open [EEXIST]");
    (void)close(fd);
}

SHMC_TC(shm_open__missing__enoent, "XSH shm_open [ENOENT]: opening a "
    "missing name without O_CREAT fails with ENOENT")
{
    char name[SHMC_NAME_MAX];

    shmc_t_missing_name(name, sizeof(name));
    expect_open_fails(name, O_RDONLY, ENOENT, "XSH shm_open [ENOENT]");
    expect_open_fails(name, O_RDWR, ENOENT, "XSH shm_open [ENOENT]");
}

SHMC_TC(shm_open__sets_cloexec, "XSH shm_open (FD_CLOEXEC shall be "
    "set): the new descriptor has FD_CLOEXEC, whether the object was "
    "created or opened")
{
    char name[SHMC_NAME_MAX];
    int fd, fd2;

    fd = create(name, sizeof(name), 0600);
    ATF_CHECK_MSG(fcntl(fd, F_GETFD) & FD_CLOEXEC, "XSH shm_open: "
        "FD_CLOEXEC is not set on a created object's descriptor");
    fd2 = shm_open(name, O_RDONLY, 0);
    ATF_REQUIRE(fd2 != -1);
    ATF_CHECK_MSG(fcntl(fd2, F_GETFD) & FD_CLOEXEC, "XSH shm_open: "
        "FD_CLOEXEC is not set when opening an existing object");
    (void)close(fd);
    (void)close(fd2);
}

SHMC_TC(shm_open__new_object_is_empty, "XSH shm_open (the shared memory "
    "object has a size of zero): a new object has size 0")
{
    char name[SHMC_NAME_MAX];
    struct stat sb;
    int fd;

    fd = create(name, sizeof(name), 0600);
    ATF_REQUIRE(fstat(fd, &sb) == 0);
    ATF_CHECK_EQ_MSG(sb.st_size, 0, "XSH shm_open: the shared memory object "
        "has a size of zero, but st_size is %lld", (long long)sb.st_size);
    (void)close(fd);
}

SHMC_TC(shm_open__mode_masked_by_umask, "XSH shm_open (permission bits set to "
    "mode except those in the umask) and XSH fstat (the S_IRUSR ... "
    "S_IWOTH bits are valid): the read/write bits are the mode less the "
    "umask")
{
    static const struct {
        mode_t m_umask, m_mode;
    } cases[] = {
        { 022, 0666 }, { 077, 0666 }, { 0, 0640 }, { 0, 0604 }, { 027, 0664 },
    };
    char name[SHMC_NAME_MAX];
    struct stat sb;
    mode_t old;
    size_t i;
    int fd;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        old = umask(cases[i].m_umask);
        fd = create(name, sizeof(name), cases[i].m_mode);
        (void)umask(old);
        ATF_REQUIRE(fstat(fd, &sb) == 0);
        /* XSH fstat: of a shm object's permission bits only the read
         * and write ones need be valid, so only those are compared (the
         * modes here have no execute bits). */
        ATF_CHECK_EQ_MSG(sb.st_mode & 0666, cases[i].m_mode &
            ~cases[i].m_umask, "XSH shm_open: mode %04o under umask %03o "
            "gave %04o", (unsigned)cases[i].m_mode,
            (unsigned)cases[i].m_umask, (unsigned)(sb.st_mode & 0666));
        (void)close(fd);
        (void)shm_unlink(name);
    }
}

SHMC_TC(shm_open__owner_is_caller, "XSH shm_open (the user ID of the "
    "object is the effective user ID of the process): the new object's "
    "user is the caller's euid; its group is recorded")
{
    char name[SHMC_NAME_MAX];
    struct stat sb;
    int fd;

    fd = create(name, sizeof(name), 0600);
    ATF_REQUIRE(fstat(fd, &sb) == 0);
    ATF_CHECK_EQ_MSG(sb.st_uid, geteuid(), "XSH shm_open: the user ID of "
        "the object shall be the effective user ID of the process");
    shmc_t_obs_bool("posix_shm.create.gid_is_egid", sb.st_gid == getegid());
    (void)close(fd);
}

SHMC_TC(shm_open__rdonly_denies_write, "XSH shm_open O_RDONLY (open for read "
    "access only) and XSH ftruncate [EBADF/EINVAL]: a read-only "
    "descriptor cannot resize, even when the mode allows writing "
    "(LTP shm_open 13-1, 20-1)")
{
    char name[SHMC_NAME_MAX];
    void *p;
    int fd, rdonly;

    fd = create(name, sizeof(name), 0666);
    shmc_t_ftruncate(fd, (off_t)shmc_t_page());
    rdonly = shm_open(name, O_RDONLY, 0);
    ATF_REQUIRE(rdonly != -1);
    ATF_CHECK_MSG(ftruncate(rdonly, 2 * (off_t)shmc_t_page()) == -1,
        "XSH shm_open O_RDONLY: ftruncate worked on a read-only descriptor");
    shmc_t_obs_errno("posix_shm.ftruncate.rdonly_errno", errno);
    ATF_CHECK_MSG(errno == EBADF || errno == EINVAL, "XSH ftruncate: a "
        "descriptor not open for writing gives EBADF or EINVAL, not %s",
        shmc_t_errstr(errno));
    p = mmap(NULL, shmc_t_page(), PROT_READ, MAP_SHARED, rdonly, 0);
    ATF_CHECK_MSG(p != MAP_FAILED, "reading a read-only descriptor's "
        "mapping failed: %s", strerror(errno));
    if (p != MAP_FAILED)
        (void)munmap(p, shmc_t_page());
    (void)close(rdonly);
    (void)close(fd);
}

SHMC_TC(shm_open__rdwr_allows_read_and_write,
    "XSH shm_open O_RDWR (open for read or "
    "write access): a write through it reaches the object (LTP shm_open "
    "14-2)")
{
    char name[SHMC_NAME_MAX];
    char *p;
    int fd, fd2;

    fd = create(name, sizeof(name), 0600);
    fd2 = shm_open(name, O_RDWR, 0);
    ATF_REQUIRE(fd2 != -1);
    ATF_REQUIRE_MSG(ftruncate(fd2, (off_t)shmc_t_page()) == 0,
        "XSH shm_open O_RDWR: ftruncate failed: %s", strerror(errno));
    p = mmap(NULL, shmc_t_page(), PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
    ATF_REQUIRE_MSG(p != MAP_FAILED, "XSH shm_open O_RDWR: a writable "
        "shared mapping failed: %s", strerror(errno));
    shmc_t_require(shmc_t_back(p, shmc_t_page()), "first write");
    p[0] = 'w';
    (void)munmap(p, shmc_t_page());
    p = shmc_t_mmap(shmc_t_page(), PROT_READ, MAP_SHARED, fd, 0);
    ATF_CHECK_EQ_MSG(p[0], 'w', "XSH shm_open O_RDWR: a write through the "
        "O_RDWR descriptor's mapping is not in the object");
    (void)munmap(p, shmc_t_page());
    (void)close(fd2);
    (void)close(fd);
}

SHMC_TC(shm_open__mode_does_not_limit_creator,
    "XSH shm_open (the mode does not "
    "affect whether the object is opened for reading, writing or both): "
    "the creating open is not limited by the mode (LTP shm_open 20-2, "
    "20-3)")
{
    char name[SHMC_NAME_MAX];
    void *p;
    int fd;

    fd = create(name, sizeof(name), 0400);
    ATF_CHECK_MSG(ftruncate(fd, (off_t)shmc_t_page()) == 0, "XSH shm_open: "
        "mode 0400 kept the creating O_RDWR open from writing: %s",
        strerror(errno));
    (void)close(fd);
    fd = create(name, sizeof(name), 0200);
    shmc_t_ftruncate(fd, (off_t)shmc_t_page());
    p = mmap(NULL, shmc_t_page(), PROT_READ, MAP_SHARED, fd, 0);
    ATF_CHECK_MSG(p != MAP_FAILED, "XSH shm_open: mode 0200 kept the "
        "creating open from reading: %s", strerror(errno));
    if (p != MAP_FAILED)
        (void)munmap(p, shmc_t_page());
    (void)close(fd);
}

SHMC_TC(shm_open__creat_existing_opens_it,
    "XSH shm_open O_CREAT (if the object "
    "exists, this flag has no effect): it opens the existing object, "
    "keeping its data, size and mode")
{
    char name[SHMC_NAME_MAX];
    struct stat before, after;
    char *p;
    int fd, fd2;

    fd = create(name, sizeof(name), 0640);
    shmc_t_ftruncate(fd, (off_t)shmc_t_page());
    p = shmc_t_mmap(shmc_t_page(), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    shmc_t_require(shmc_t_back(p, shmc_t_page()), "first write");
    p[7] = 'k';
    ATF_REQUIRE(fstat(fd, &before) == 0);
    fd2 = shm_open(name, O_RDWR | O_CREAT, 0600);
    ATF_REQUIRE_MSG(fd2 != -1, "XSH shm_open: O_CREAT on an existing object "
        "failed: %s", strerror(errno));
    ATF_REQUIRE(fstat(fd2, &after) == 0);
    ATF_CHECK_MSG(before.st_ino == after.st_ino && after.st_size ==
        before.st_size && (after.st_mode & 0666) == 0640, "XSH shm_open: "
        "O_CREAT on an existing object changed it");
    (void)munmap(p, shmc_t_page());
    /* The data, read through the new descriptor's own mapping. */
    p = shmc_t_mmap(shmc_t_page(), PROT_READ, MAP_SHARED, fd2, 0);
    ATF_CHECK_EQ_MSG(p[7], 'k', "XSH shm_open O_CREAT: the existing "
        "object's data is not seen through the new descriptor");
    (void)munmap(p, shmc_t_page());
    (void)close(fd2);
    (void)close(fd);
}

SHMC_TC(shm_open__trunc_keeps_mode_and_owner,
    "XSH shm_open O_TRUNC (truncated to "
    "zero length; mode and owner unchanged) (LTP shm_open 25-1, 26-1)")
{
    char name[SHMC_NAME_MAX];
    struct stat before, after;
    int fd, fd2;

    fd = create(name, sizeof(name), 0640);
    shmc_t_ftruncate(fd, 3 * (off_t)shmc_t_page());
    ATF_REQUIRE(fstat(fd, &before) == 0);
    fd2 = shm_open(name, O_RDWR | O_TRUNC, 0);
    ATF_REQUIRE(fd2 != -1);
    ATF_REQUIRE(fstat(fd2, &after) == 0);
    ATF_CHECK_EQ_MSG(after.st_size, 0, "XSH shm_open O_TRUNC: size %lld",
        (long long)after.st_size);
    ATF_CHECK_MSG((after.st_mode & 0666) == (before.st_mode & 0666) &&
        after.st_uid == before.st_uid && after.st_gid == before.st_gid,
        "XSH shm_open O_TRUNC: the mode and owner shall not be changed");
    (void)close(fd2);
    (void)close(fd);
}

SHMC_TC(shm_open__lowest_free_descriptor, "XSH shm_open (the lowest numbered "
    "file descriptor not currently open) (LTP shm_open 8-1)")
{
    char name[SHMC_NAME_MAX];
    int hole, above, lowest, fd;

    hole = open("/dev/null", O_RDONLY);
    above = open("/dev/null", O_RDONLY);
    ATF_REQUIRE(hole != -1 && above != -1);
    ATF_REQUIRE(close(hole) == 0);
    for (lowest = 0; fcntl(lowest, F_GETFD) != -1; lowest++)
        continue;
    fd = create(name, sizeof(name), 0600);
    ATF_CHECK_EQ_MSG(fd, lowest, "XSH shm_open: returned descriptor %d, "
        "the lowest free was %d", fd, lowest);
    (void)close(fd);
    (void)close(above);
}

typedef struct {
    int m_go[2];                /* The start line: one byte per racer. */
    char m_name[SHMC_NAME_MAX];
} race_t;

/* How a racer's line starts when it could not race at all. */
#define RACER_FAILED "failed: "

/* Each racer waits for its start byte, then tries to create the name; it
 * answers "created", the errno name, or RACER_FAILED and why. */
static int
racer(race_t *race, int fd)
{
    char c;
    int obj;

    if (read(race->m_go[0], &c, 1) != 1) {
        (void)shmc_proc_send(fd, RACER_FAILED "no go signal");
        return 1;
    }
    obj = shm_open(race->m_name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (obj == -1) {
        (void)shmc_proc_send(fd, shmc_t_errstr(errno));
        return 0;
    }
    (void)shmc_cleanup_created(SHMC_CLEANUP_SHM, race->m_name, obj);
    (void)shmc_proc_send(fd, "created");
    return 0;
}

SHMC_TC(shm_open__excl_is_atomic, "XSH shm_open O_EXCL (the check for "
    "existence and the creation are atomic): of several racing "
    "processes exactly one creates the name (LTP shm_open 23-1)")
{
    enum { RACERS = 6, ROUNDS = 20 };
    race_t race;
    pid_t pids[RACERS];
    int fds[RACERS][2], created, round, i;
    char buf[32], other[64];

    for (round = 0; round < ROUNDS; round++) {
        /* Unpredictable, so that nobody holds it before the race. */
        shmc_t_missing_name(race.m_name, sizeof(race.m_name));
        ATF_REQUIRE(pipe(race.m_go) == 0);
        /* Racers are forked first and released together by one write. */
        for (i = 0; i < RACERS; i++) {
            ATF_REQUIRE(pipe(fds[i]) == 0);
            pids[i] = fork();
            ATF_REQUIRE(pids[i] != -1);
            if (pids[i] == 0) {
                (void)close(fds[i][0]);
                _exit(racer(&race, fds[i][1]));
            }
            (void)close(fds[i][1]);
        }
        (void)close(race.m_go[0]);
        memset(buf, 'g', RACERS);
        ATF_REQUIRE(write(race.m_go[1], buf, RACERS) == RACERS);
        (void)close(race.m_go[1]);
        created = 0;
        other[0] = '\0';
        for (i = 0; i < RACERS; i++) {
            shmc_t_require(shmc_proc_recv(fds[i][0], buf, sizeof(buf),
                SHMC_PROC_TIMEOUT_MS), "hearing from a racer");
            (void)close(fds[i][0]);
            buf[strcspn(buf, "\n")] = '\0';
            ATF_REQUIRE_MSG(strncmp(buf, RACER_FAILED,
                strlen(RACER_FAILED)) != 0, "a racer %s", buf);
            created += strcmp(buf, "created") == 0;
            if (strcmp(buf, "created") != 0 && strcmp(buf, "EEXIST") != 0)
                (void)snprintf(other, sizeof(other), "%s", buf);
        }
        for (i = 0; i < RACERS; i++)
            (void)shmc_proc_reap(pids[i], SHMC_PROC_TIMEOUT_MS, NULL);
        if (created == 1)
            (void)shm_unlink(race.m_name);
        /* Two creators are a violation whatever else happened; otherwise
         * a racer that failed for another reason than EEXIST (EROFS,
         * ENOENT, ENOSPC...) leaves nothing to judge atomicity by. */
        if (created <= 1 && other[0] != '\0')
            atf_tc_skip("a racer's shm_open failed with %s, not EEXIST: "
                "atomicity cannot be judged here", other);
        ATF_REQUIRE_EQ_MSG(created, 1, "XSH shm_open: the check for "
            "existence and the creation shall be atomic; %d of %d racers "
            "created the object", created, RACERS);
    }
}

/* In a child with every descriptor in use: sends what shm_open gives. */
static shmc_error_t
emfile_child(void *arg, int fd)
{
    const char *name = arg;
    struct rlimit rl;
    int obj;

    rl.rlim_cur = 16;
    rl.rlim_max = 16;
    if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
        return shmc_error_libc(errno, "setrlimit(RLIMIT_NOFILE, 16)");
    while (open("/dev/null", O_RDONLY) != -1)
        continue;
    if (errno != EMFILE)
        return shmc_error_libc(errno, "using up the descriptors");
    obj = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    /* Created exclusively, so ours to remove; with no descriptor left
     * the ledger could not be written. */
    if (obj != -1)
        (void)shm_unlink(name);
    return shmc_proc_send(fd, obj != -1 ? "ok" : shmc_t_errstr(errno));
}

SHMC_TC(shm_open__emfile, "XSH shm_open [EMFILE]: with every "
    "descriptor in use shm_open fails with EMFILE (LTP shm_open 38-1)")
{
    char name[SHMC_NAME_MAX], out[64];

    shmc_t_name(name, sizeof(name));
    shmc_t_require(shmc_proc_call(emfile_child, name, SHMC_PROC_TIMEOUT_MS,
        out, sizeof(out)), "the child without descriptors");
    ATF_CHECK_STREQ_MSG(out, "EMFILE", "XSH shm_open [EMFILE]: got %s", out);
}

/** An accepted name must name exactly the object created under it: the
 * full name opens it, and no shorter prefix of it (as a library that cut
 * names to NAME_MAX would give) does. */
static void
check_exact_name(const char *name, int fd, const char *what)
{
    struct stat created, other;
    size_t len = strlen(name), cuts[3], i;
    char *cut;
    int fd2;

    ATF_REQUIRE(fstat(fd, &created) == 0);
    fd2 = shm_open(name, O_RDONLY, 0);
    ATF_CHECK_MSG(fd2 != -1, "XSH shm_open (%s accepted): the name does not "
        "open the object created under it: %s", what, shmc_t_errstr(errno));
    if (fd2 != -1)
        (void)close(fd2);
    cuts[0] = (size_t)shmc_t_name_max();
    cuts[1] = (size_t)shmc_t_name_max() + 1;
    cuts[2] = len - 1;
    for (i = 0; i < 3; i++) {
        if (cuts[i] >= len)
            continue;
        cut = strndup(name, cuts[i]);
        ATF_REQUIRE(cut != NULL);
        fd2 = shm_open(cut, O_RDONLY, 0);
        if (fd2 != -1) {
            ATF_REQUIRE(fstat(fd2, &other) == 0);
            ATF_CHECK_MSG(other.st_dev != created.st_dev ||
                other.st_ino != created.st_ino, "XSH shm_open (%s "
                "accepted): the object answers to its name cut to %zu "
                "bytes, so the name was truncated", what, cuts[i]);
            (void)close(fd2);
        }
        free(cut);
    }
}

/** Tries an over-long name: POSIX.1-2008 and later list ENAMETOOLONG only
 * among the errors shm_open "may" report, so a refusal must carry
 * ENAMETOOLONG or EINVAL ("not supported for the given name"), and which
 * one is recorded. */
static void
over_long_create(size_t len, bool components, const char *key,
    const char *what)
{
    char *name;
    size_t i;
    int fd;

    name = long_name(len);
    /* Many short components ("/shmc.../nnn/nnn/..."), none over NAME_MAX
     * (LTP shm_open 39-2). */
    for (i = SHMC_T_CORE_LEN + 4; components && i + 1 < len; i += 4)
        name[i] = '/';
    fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    shmc_t_obs_errno(key, fd == -1 ? errno : 0);
    if (fd != -1) {
        shmc_t_require(shmc_cleanup_created(SHMC_CLEANUP_SHM, name, fd),
            "recording a created object");
        check_exact_name(name, fd, what);
        (void)close(fd);
        (void)shm_unlink(name);
    } else
        ATF_CHECK_MSG(errno == ENAMETOOLONG || errno == EINVAL,
            "XSH shm_open (%s): refused with %s; POSIX allows "
            "ENAMETOOLONG or EINVAL", what, shmc_t_errstr(errno));
    free(name);
}

SHMC_TC(shm_open__name_too_long, "XSH shm_open [ENAMETOOLONG] (may "
    "fail) or [EINVAL]: a name longer than PATH_MAX, one of many short "
    "components, or with a component longer than NAME_MAX is refused "
    "with one of them, or, if accepted, names exactly its object (LTP "
    "shm_open 39-1, 39-2; FreeBSD open_path_too_long)")
{
    over_long_create((size_t)shmc_t_name_max() + 2, false,
        "posix_shm.too_long.create_over_name_max", "component over NAME_MAX");
    over_long_create((size_t)shmc_t_path_max() + 1, false,
        "posix_shm.too_long.create_over_path_max", "name over PATH_MAX");
    over_long_create((size_t)shmc_t_path_max() + 1, true,
        "posix_shm.too_long.create_over_path_max_components",
        "name over PATH_MAX of short components");
}

SHMC_TC_NEEDS(shm_open__other_user__eacces,
    "XSH shm_open [EACCES]: another user "
    "opening an object whose mode denies it (LTP shm_open 32-1)",
    .m_root = true)
{
    char name[SHMC_NAME_MAX], out[256];
    int fd;

    fd = create(name, sizeof(name), 0600);
    peer_as_nobody(tc, "open", name, "rdonly", out, sizeof(out));
    ATF_CHECK_STREQ_MSG(out, "error EACCES", "XSH shm_open [EACCES]: "
        "nobody opening a 0600 object got '%s'", out);
    (void)close(fd);
}

SHMC_TC_NEEDS(shm_open__trunc_without_write__eacces,
    "XSH shm_open [EACCES] (O_TRUNC "
    "specified and write permission is denied): the object is left "
    "alone (LTP shm_open 34-1)",
    .m_root = true)
{
    char name[SHMC_NAME_MAX], out[256];
    struct stat sb;
    int fd;

    fd = create(name, sizeof(name), 0644);
    shmc_t_ftruncate(fd, (off_t)shmc_t_page());
    peer_as_nobody(tc, "open", name, "rdwr_trunc", out, sizeof(out));
    ATF_CHECK_STREQ_MSG(out, "error EACCES", "XSH shm_open [EACCES] "
        "(O_TRUNC without write permission): got '%s'", out);
    ATF_REQUIRE(fstat(fd, &sb) == 0);
    ATF_CHECK_EQ_MSG((size_t)sb.st_size, shmc_t_page(), "a refused O_TRUNC "
        "changed the size to %lld", (long long)sb.st_size);
    (void)close(fd);
}

SHMC_TC_NEEDS(shm_open__trunc_by_other_user_keeps_owner, "XSH shm_open "
    "O_TRUNC (the object is truncated to zero length; the mode and owner "
    "shall be unchanged): another user with write permission truncates a 0666 "
    "object, which stays the owner's (LTP shm_open 26-2)",
    .m_root = true)
{
    char name[SHMC_NAME_MAX], out[256];
    struct stat sb;
    mode_t old;
    int fd;

    old = umask(0);
    fd = create(name, sizeof(name), 0666);
    (void)umask(old);
    shmc_t_ftruncate(fd, (off_t)shmc_t_page());
    peer_as_nobody(tc, "open", name, "rdwr_trunc", out, sizeof(out));
    ATF_REQUIRE_STREQ_MSG(out, "ok", "XSH shm_open O_TRUNC: nobody, with "
        "write permission, could not truncate: '%s'", out);
    ATF_REQUIRE(fstat(fd, &sb) == 0);
    ATF_CHECK_EQ_MSG(sb.st_size, 0, "XSH shm_open O_TRUNC: size %lld after "
        "another user's O_TRUNC", (long long)sb.st_size);
    ATF_CHECK_MSG(sb.st_uid == geteuid() && (sb.st_mode & 0666) == 0666,
        "XSH shm_open O_TRUNC: another user's O_TRUNC changed the owner "
        "(%u) or the mode (%04o)", (unsigned)sb.st_uid,
        (unsigned)(sb.st_mode & 0666));
    (void)close(fd);
}

/* ---------------------------------------------------------------------
 * shm_unlink.
 * --------------------------------------------------------------------- */

SHMC_TC(shm_unlink__missing__enoent, "XSH shm_unlink [ENOENT]: unlinking "
    "a missing name, also right after a successful unlink (LTP "
    "shm_unlink 11-1)")
{
    char name[SHMC_NAME_MAX];
    int fd;

    /* Unpredictable names: nobody can have created them, nor create this
     * one between the unlinks. */
    shmc_t_missing_name(name, sizeof(name));
    ATF_CHECK_MSG(shm_unlink(name) == -1 && errno == ENOENT,
        "XSH shm_unlink [ENOENT]: got %s", shmc_t_errstr(errno));
    shmc_t_missing_name(name, sizeof(name));
    fd = shmc_t_shm_create(name, O_RDWR, 0600);
    ATF_CHECK_EQ_MSG(shm_unlink(name), 0, "XSH shm_unlink: returns 0 on "
        "success");
    ATF_CHECK_MSG(shm_unlink(name) == -1 && errno == ENOENT,
        "XSH shm_unlink [ENOENT] after unlink: got %s",
        shmc_t_errstr(errno));
    (void)close(fd);
}

SHMC_TC(shm_unlink__name_gone_for_others, "XSH shm_unlink (removes the name): "
    "once unlinked, another process opening the name gets ENOENT, while "
    "the object stays usable through the open descriptor")
{
    const char *args[] = { "open", NULL, "rdonly", NULL };
    char name[SHMC_NAME_MAX], out[256];
    int fd;

    fd = create(name, sizeof(name), 0600);
    args[1] = name;
    ATF_REQUIRE_MSG(shmc_t_peer_run(tc, args, out, sizeof(out)), "%s", out);
    ATF_REQUIRE_STREQ_MSG(out, "ok", "another process could not open the "
        "object before the unlink: '%s'", out);
    ATF_REQUIRE_EQ_MSG(shm_unlink(name), 0, "shm_unlink: %s",
        strerror(errno));
    ATF_REQUIRE_MSG(shmc_t_peer_run(tc, args, out, sizeof(out)), "%s", out);
    ATF_CHECK_STREQ_MSG(out, "error ENOENT", "XSH shm_unlink: the name "
        "shall be removed, yet another process opening it got '%s'", out);
    ATF_CHECK_MSG(ftruncate(fd, (off_t)shmc_t_page()) == 0, "XSH "
        "shm_unlink: the object shall remain until closed, yet ftruncate "
        "failed: %s", strerror(errno));
    (void)close(fd);
}

/** The same for shm_unlink, whose over-long name cannot exist: POSIX
 * allows ENAMETOOLONG ("may fail") or ENOENT. */
static void
over_long_unlink(size_t len, const char *key, const char *what)
{
    char *name;
    int rc;

    name = long_name(len);
    rc = shm_unlink(name);
    shmc_t_obs_errno(key, rc == -1 ? errno : 0);
    ATF_CHECK_MSG(rc == -1 && (errno == ENAMETOOLONG || errno == ENOENT),
        "XSH shm_unlink (%s): got %s; POSIX allows ENAMETOOLONG or ENOENT",
        what, rc == 0 ? "success" : shmc_t_errstr(errno));
    free(name);
}

SHMC_TC(shm_unlink__name_too_long, "XSH shm_unlink [ENAMETOOLONG] (may "
    "fail) or [ENOENT]: an over-long name (LTP shm_unlink 10-1, 10-2)")
{
    over_long_unlink((size_t)shmc_t_name_max() + 2,
        "posix_shm.too_long.unlink_over_name_max", "component over NAME_MAX");
    over_long_unlink((size_t)shmc_t_path_max() + 1,
        "posix_shm.too_long.unlink_over_path_max", "name over PATH_MAX");
}

SHMC_TC_NEEDS(shm_unlink__other_user__eacces,
    "XSH shm_unlink [EACCES] (permission is "
    "denied to unlink the object) and \"if shm_unlink() fails, the "
    "named object shall not be changed\": whether another user is "
    "denied is the implementation's (a non-sticky 0777 directory lets "
    "it) and is recorded with the directory's mode; a denial must be "
    "EACCES (LTP shm_unlink 8-1, 9-1)",
    .m_root = true)
{
    char name[SHMC_NAME_MAX], out[256], dir[PATH_MAX];
    struct stat sb;
    bool denied;
    int fd, fd2;

    fd = create(name, sizeof(name), 0644);
    if (shmc_t_shm_dir(dir, sizeof(dir)) && stat(dir, &sb) == 0) {
        char mode[8];

        (void)snprintf(mode, sizeof(mode), "%04o",
            (unsigned)(sb.st_mode & 07777));
        shmc_t_obs_str("posix_shm.unlink_other_user.dir_mode", mode);
    } else
        shmc_t_obs_null_why("posix_shm.unlink_other_user.dir_mode",
            "objects have no directory here");
    peer_as_nobody(tc, "unlink", name, NULL, out, sizeof(out));
    fd2 = shm_open(name, O_RDONLY, 0);
    denied = strcmp(out, "ok") != 0;
    shmc_t_obs_str("posix_shm.unlink_other_user.outcome",
        strncmp(out, "error ", 6) == 0 ? out + 6 : out);
    shmc_t_obs_bool("posix_shm.unlink_other_user.denied", denied);
    if (denied) {
        ATF_CHECK_STREQ_MSG(out, "error EACCES", "XSH shm_unlink [EACCES]: "
            "nobody was denied unlinking root's object with '%s'", out);
        ATF_CHECK_MSG(fd2 != -1, "XSH shm_unlink: on failure the named "
            "object shall not be changed, but it is gone");
    } else
        ATF_CHECK_MSG(fd2 == -1 && errno == ENOENT, "XSH shm_unlink: "
            "nobody's unlink returned 0 but the name still opens (%s)",
            fd2 == -1 ? shmc_t_errstr(errno) : "a descriptor");
    if (fd2 != -1)
        (void)close(fd2);
    (void)close(fd);
}

/* ---------------------------------------------------------------------
 * ftruncate, fstat, fchmod and mmap on an object.
 * --------------------------------------------------------------------- */

SHMC_TC(ftruncate__sets_size_and_zero_fills,
    "XSH ftruncate (if fildes refers to a "
    "shared memory object, ftruncate() shall set the size to length): "
    "fstat reports the size; whether the new part reads as zeros is "
    "recorded (the zero-fill clause is written for regular files)")
{
    char name[SHMC_NAME_MAX];
    struct stat sb;
    unsigned char *p;
    size_t page = shmc_t_page(), i;
    int fd;

    fd = create(name, sizeof(name), 0600);
    shmc_t_ftruncate(fd, (off_t)(2 * page));
    ATF_REQUIRE(fstat(fd, &sb) == 0);
    ATF_CHECK_EQ_MSG((size_t)sb.st_size, 2 * page, "XSH ftruncate: the "
        "size shall be set to length; fstat reports %lld",
        (long long)sb.st_size);
    /* Writable only for the first touch, which writes what is there. */
    p = shmc_t_mmap(2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    shmc_t_require(shmc_t_back(p, 2 * page), "first write");
    for (i = 0; i < 2 * page && p[i] == 0; i++)
        continue;
    shmc_t_obs_bool("posix_shm.ftruncate.zero_filled", i == 2 * page);
    (void)munmap(p, 2 * page);
    (void)close(fd);
}

SHMC_TC(fstat__reports_exact_size, "XSH fstat (st_size is valid for a shm "
    "object) and XSH ftruncate (the size is set to length): st_size is "
    "the size set, not rounded to a page")
{
    char name[SHMC_NAME_MAX];
    struct stat sb;
    int fd;

    fd = create(name, sizeof(name), 0600);
    shmc_t_ftruncate(fd, 100);
    ATF_REQUIRE(fstat(fd, &sb) == 0);
    ATF_CHECK_EQ_MSG(sb.st_size, 100, "XSH fstat: st_size of a shm object "
        "after ftruncate(100) is %lld", (long long)sb.st_size);
    (void)close(fd);
}

SHMC_TC(fchmod__changes_permission_bits, "XSH fchmod (shm objects: the "
    "permission bits) and XSH fstat (the S_IRUSR ... S_IWOTH bits are "
    "valid): fchmod changes the read and write bits")
{
    char name[SHMC_NAME_MAX];
    struct stat sb;
    int fd;

    fd = create(name, sizeof(name), 0600);
    ATF_REQUIRE_MSG(fchmod(fd, 0644) == 0, "XSH fchmod on a shm object: %s",
        strerror(errno));
    ATF_REQUIRE(fstat(fd, &sb) == 0);
    ATF_CHECK_EQ_MSG(sb.st_mode & 0666, 0644, "XSH fchmod: the read/write "
        "bits are %04o, not 0644", (unsigned)(sb.st_mode & 0666));
    (void)close(fd);
}

SHMC_TC(mmap__write_on_rdonly__eacces, "XSH mmap [EACCES] (PROT_WRITE with "
    "MAP_SHARED and fildes not open for writing) (FreeBSD "
    "readonly_mmap_write)")
{
    char name[SHMC_NAME_MAX];
    void *p;
    int fd, rdonly;

    fd = create(name, sizeof(name), 0600);
    shmc_t_ftruncate(fd, (off_t)shmc_t_page());
    rdonly = shm_open(name, O_RDONLY, 0);
    ATF_REQUIRE(rdonly != -1);
    p = mmap(NULL, shmc_t_page(), PROT_READ | PROT_WRITE, MAP_SHARED, rdonly,
        0);
    if (p != MAP_FAILED) {
        (void)munmap(p, shmc_t_page());
        atf_tc_fail("XSH mmap [EACCES]: a writable shared mapping of a "
            "read-only descriptor succeeded");
    }
    ATF_CHECK_MSG(errno == EACCES, "XSH mmap [EACCES]: got %s",
        shmc_t_errstr(errno));
    (void)close(rdonly);
    (void)close(fd);
}

SHMC_TC(mmap__past_end__sigbus, "XSH mmap (references to whole pages "
    "following the end of an object shall result in SIGBUS)")
{
    char name[SHMC_NAME_MAX];
    unsigned char *p;
    size_t page = shmc_t_page();
    int fd, sig;

    fd = create(name, sizeof(name), 0600);
    shmc_t_ftruncate(fd, (off_t)page);
    p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    ATF_REQUIRE_MSG(p != MAP_FAILED, "mapping two pages of a one-page "
        "object: %s", strerror(errno));
    sig = shmc_t_touch(p + page, false);
    shmc_t_obs_str("posix_shm.mmap.past_end_read_signal", shmc_signame(sig));
    ATF_CHECK_MSG(sig == SIGBUS, "XSH mmap: references to whole pages past "
        "the end of the object shall raise SIGBUS; got %s",
        shmc_signame(sig));
    (void)munmap(p, 2 * page);
    (void)close(fd);
}

ATF_TP_ADD_TCS(tp)
{
    ATF_TP_ADD_TC(tp, shm_open__excl_existing__eexist);
    ATF_TP_ADD_TC(tp, shm_open__missing__enoent);
    ATF_TP_ADD_TC(tp, shm_open__sets_cloexec);
    ATF_TP_ADD_TC(tp, shm_open__new_object_is_empty);
    ATF_TP_ADD_TC(tp, shm_open__mode_masked_by_umask);
    ATF_TP_ADD_TC(tp, shm_open__owner_is_caller);
    ATF_TP_ADD_TC(tp, shm_open__rdonly_denies_write);
    ATF_TP_ADD_TC(tp, shm_open__rdwr_allows_read_and_write);
    ATF_TP_ADD_TC(tp, shm_open__mode_does_not_limit_creator);
    ATF_TP_ADD_TC(tp, shm_open__creat_existing_opens_it);
    ATF_TP_ADD_TC(tp, shm_open__trunc_keeps_mode_and_owner);
    ATF_TP_ADD_TC(tp, shm_open__lowest_free_descriptor);
    ATF_TP_ADD_TC(tp, shm_open__excl_is_atomic);
    ATF_TP_ADD_TC(tp, shm_open__emfile);
    ATF_TP_ADD_TC(tp, shm_open__name_too_long);
    ATF_TP_ADD_TC(tp, shm_open__other_user__eacces);
    ATF_TP_ADD_TC(tp, shm_open__trunc_without_write__eacces);
    ATF_TP_ADD_TC(tp, shm_open__trunc_by_other_user_keeps_owner);
    ATF_TP_ADD_TC(tp, shm_unlink__missing__enoent);
    ATF_TP_ADD_TC(tp, shm_unlink__name_gone_for_others);
    ATF_TP_ADD_TC(tp, shm_unlink__name_too_long);
    ATF_TP_ADD_TC(tp, shm_unlink__other_user__eacces);
    ATF_TP_ADD_TC(tp, ftruncate__sets_size_and_zero_fills);
    ATF_TP_ADD_TC(tp, fstat__reports_exact_size);
    ATF_TP_ADD_TC(tp, fchmod__changes_permission_bits);
    ATF_TP_ADD_TC(tp, mmap__write_on_rdonly__eacces);
    ATF_TP_ADD_TC(tp, mmap__past_end__sigbus);
    return atf_no_error();
}
