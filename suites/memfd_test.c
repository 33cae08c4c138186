/* SPDX-License-Identifier: BSD-2-Clause */

/** memfd_create(2) and anonymous objects: flags, file seals, sharing by
 * descriptor.  memfd is not POSIX: the cases assert what the Linux and
 * FreeBSD manuals promise and record the rest.  Where memfd_create is
 * missing every case skips with that reason. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#if defined(HAVE_SYS_SYSCALL_H)
#   include <sys/syscall.h>
#endif
#if defined(HAVE_LINUX_MEMFD_H)
#   include <linux/memfd.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <atf-c.h>

#include "lib/errname.h"
#include "lib/fdpass.h"
#include "suites/harness.h"

#if defined(HAVE_DECL_SYS_MEMFD_CREATE) && HAVE_DECL_SYS_MEMFD_CREATE
#   define HAVE_MEMFD_SYSCALL 1
#endif

#if (defined(HAVE_MEMFD_CREATE) || defined(HAVE_MEMFD_SYSCALL)) && \
    defined(HAVE_DECL_F_ADD_SEALS) && HAVE_DECL_F_ADD_SEALS
#   define HAVE_MEMFD 1
#endif

/* The exec-control flags (Linux 6.3) are newer than some C libraries (musl
 * 1.2 lacks them).  Where the library lacks a flag but the build knows the
 * kernel's memfd_create system call, the flag's value is the kernel's ABI
 * (<linux/memfd.h>) and the call goes to the kernel directly, so that the
 * outcome is the running kernel's answer; elsewhere the flag is not tried
 * and the observation is null. */
#if defined(MFD_NOEXEC_SEAL)
#   define SHMC_MFD_NOEXEC_SEAL MFD_NOEXEC_SEAL
#   define SHMC_MFD_NOEXEC_SEAL_RAW false
#elif defined(HAVE_MEMFD_SYSCALL)
#   define SHMC_MFD_NOEXEC_SEAL 0x0008U
#   define SHMC_MFD_NOEXEC_SEAL_RAW true
#endif
#if defined(MFD_EXEC)
#   define SHMC_MFD_EXEC MFD_EXEC
#   define SHMC_MFD_EXEC_RAW false
#elif defined(HAVE_MEMFD_SYSCALL)
#   define SHMC_MFD_EXEC 0x0010U
#   define SHMC_MFD_EXEC_RAW true
#endif
#if defined(HAVE_DECL_MFD_HUGETLB) && HAVE_DECL_MFD_HUGETLB
#   define SHMC_MFD_HUGETLB MFD_HUGETLB
#   define SHMC_MFD_HUGETLB_RAW false
#elif defined(HAVE_MEMFD_SYSCALL)
#   define SHMC_MFD_HUGETLB 0x0004U
#   define SHMC_MFD_HUGETLB_RAW true
#endif


/* Why a flag was not tried. */
#define NO_FLAG(flag) "the C library does not define " flag " and this " \
    "build does not know the kernel's memfd_create system call"

#if defined(HAVE_MEMFD)

/* ---------------------------------------------------------------------
 * Auxiliary functions.
 * --------------------------------------------------------------------- */

/** memfd_create(NAME, FLAGS): through the C library's wrapper, or, when
 * RAW is set or the library has no wrapper, the kernel's system call. */
static int
memfd_call(const char *name, unsigned int flags, bool raw)
{
#if defined(HAVE_MEMFD_SYSCALL)
    if (raw)
        return (int)syscall(SYS_memfd_create, name, flags);
#else
    (void)raw;
#endif
#if defined(HAVE_MEMFD_CREATE)
    return memfd_create(name, flags);
#else
    return (int)syscall(SYS_memfd_create, name, flags);
#endif
}

static int
memfd(unsigned int flags, size_t size)
{
    int fd = memfd_call("shmcompat", flags, false);

    ATF_REQUIRE_MSG(fd != -1, "memfd_create: %s", strerror(errno));
    if (size > 0)
        shmc_t_ftruncate(fd, (off_t)size);
    return fd;
}

static int
sealed(unsigned int seals)
{
    int fd = memfd(MFD_CLOEXEC | MFD_ALLOW_SEALING, shmc_t_page());

    ATF_REQUIRE_MSG(fcntl(fd, F_ADD_SEALS, seals) == 0, "F_ADD_SEALS: %s",
        strerror(errno));
    return fd;
}

static void
obs_rc(const char *key, int rc)
{
    shmc_t_obs_errno(key, rc == -1 ? errno : 0);
}

/* ---------------------------------------------------------------------
 * Creation and flags.
 * --------------------------------------------------------------------- */

SHMC_TC(memfd__basic, "memfd_create gives a descriptor of an empty object (size 0) "
    "that ftruncate resizes; records whether it is a regular file, its "
    "link count and whether write grows it")
{
    struct stat sb;
    int fd;

    fd = memfd(MFD_CLOEXEC, 0);
    ATF_REQUIRE(fstat(fd, &sb) == 0);
    ATF_CHECK_EQ_MSG(sb.st_size, 0, "a new memfd has size 0");
    shmc_t_obs_bool("memfd.is_regular_file", S_ISREG(sb.st_mode));
    shmc_t_obs_int("memfd.st_nlink", (long long)sb.st_nlink);
    obs_rc("memfd.write", (int)write(fd, "grow", 4));
    ATF_REQUIRE(fstat(fd, &sb) == 0);
    shmc_t_obs_bool("memfd.write_grows", sb.st_size == 4);
    ATF_CHECK_MSG(ftruncate(fd, 3 * (off_t)shmc_t_page()) == 0, "ftruncate "
        "of a memfd: %s", strerror(errno));
    (void)close(fd);
}

SHMC_TC(memfd__cloexec_flag, "MFD_CLOEXEC sets FD_CLOEXEC on the new "
    "descriptor; without it FD_CLOEXEC is clear")
{
    int fd;

    fd = memfd(0, 0);
    ATF_CHECK_MSG(!(fcntl(fd, F_GETFD) & FD_CLOEXEC), "memfd_create without "
        "MFD_CLOEXEC set FD_CLOEXEC");
    (void)close(fd);
    fd = memfd(MFD_CLOEXEC, 0);
    ATF_CHECK_MSG(fcntl(fd, F_GETFD) & FD_CLOEXEC, "MFD_CLOEXEC did not set "
        "FD_CLOEXEC");
    (void)close(fd);
}

SHMC_TC(memfd__unknown_flag__einval, "memfd_create with an unknown "
    "flag fails with EINVAL")
{
    int fd = memfd_call("shmcompat", 0x40000000U, false);

    if (fd != -1)
        (void)close(fd);
    ATF_CHECK_MSG(fd == -1 && errno == EINVAL, "memfd_create with an unknown "
        "flag gave %s, not EINVAL", fd == -1 ? shmc_t_errstr(errno) :
        "a descriptor");
}

SHMC_TC(memfd__long_name, "Records whether memfd_create accepts a "
    "299-byte name")
{
    char name[300];
    int fd;

    memset(name, 'n', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    fd = memfd_call(name, MFD_CLOEXEC, false);
    obs_rc("memfd.name_299_bytes", fd);
    if (fd != -1)
        (void)close(fd);
}

SHMC_TC(memfd__exec_flags, "Records whether memfd_create accepts "
    "MFD_NOEXEC_SEAL and MFD_EXEC (Linux 6.3), and whether an "
    "MFD_NOEXEC_SEAL object still allows sealing")
{
#if defined(SHMC_MFD_NOEXEC_SEAL)
    int fd;
    int seals;

    fd = memfd_call("shmcompat", MFD_CLOEXEC | SHMC_MFD_NOEXEC_SEAL,
        SHMC_MFD_NOEXEC_SEAL_RAW);
    obs_rc("memfd.flag_noexec_seal", fd);
    if (fd != -1) {
        seals = fcntl(fd, F_GET_SEALS);
        shmc_t_obs_bool("memfd.noexec_seal_allows_sealing",
            seals != -1 && !(seals & F_SEAL_SEAL));
        (void)close(fd);
    } else
        shmc_t_obs_null("memfd.noexec_seal_allows_sealing");
#else
    shmc_t_obs_null_why("memfd.flag_noexec_seal", NO_FLAG("MFD_NOEXEC_SEAL"));
    shmc_t_obs_null_why("memfd.noexec_seal_allows_sealing",
        NO_FLAG("MFD_NOEXEC_SEAL"));
#endif
#if defined(SHMC_MFD_EXEC)
    int fd2 = memfd_call("shmcompat", MFD_CLOEXEC | SHMC_MFD_EXEC,
        SHMC_MFD_EXEC_RAW);

    obs_rc("memfd.flag_exec", fd2);
    if (fd2 != -1)
        (void)close(fd2);
#else
    shmc_t_obs_null_why("memfd.flag_exec", NO_FLAG("MFD_EXEC"));
#endif
}

SHMC_TC(memfd__hugetlb_flag, "Records whether memfd_create accepts "
    "MFD_HUGETLB")
{
#if defined(SHMC_MFD_HUGETLB)
    int fd = memfd_call("shmcompat", MFD_CLOEXEC | SHMC_MFD_HUGETLB,
        SHMC_MFD_HUGETLB_RAW);

    obs_rc("memfd.flag_hugetlb", fd);
    if (fd != -1)
        (void)close(fd);
#else
    shmc_t_obs_null_why("memfd.flag_hugetlb", NO_FLAG("MFD_HUGETLB"));
#endif
}

/* ---------------------------------------------------------------------
 * Seals.
 * --------------------------------------------------------------------- */

SHMC_TC(seals__off_without_allow_sealing, "Without "
    "MFD_ALLOW_SEALING the seals are F_SEAL_SEAL and adding one fails "
    "with EPERM; with it a new memfd has no seals")
{
    int fd;

    fd = memfd(MFD_CLOEXEC, shmc_t_page());
    ATF_CHECK_EQ_MSG(fcntl(fd, F_GET_SEALS), F_SEAL_SEAL, "without "
        "MFD_ALLOW_SEALING the seals are F_SEAL_SEAL");
    ATF_CHECK_MSG(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE) == -1 &&
        errno == EPERM, "adding a seal without MFD_ALLOW_SEALING gave %s, "
        "not EPERM", shmc_t_errstr(errno));
    (void)close(fd);
    fd = memfd(MFD_CLOEXEC | MFD_ALLOW_SEALING, 0);
    ATF_CHECK_EQ_MSG(fcntl(fd, F_GET_SEALS), 0, "with MFD_ALLOW_SEALING a "
        "new memfd has no seals");
    (void)close(fd);
}

SHMC_TC(seals__shrink, "F_SEAL_SHRINK: shrinking fails with EPERM, "
    "growing works")
{
    int fd = sealed(F_SEAL_SHRINK);

    ATF_CHECK_MSG(ftruncate(fd, 1) == -1 && errno == EPERM, "F_SEAL_SHRINK: "
        "shrinking gave %s, not EPERM", shmc_t_errstr(errno));
    ATF_CHECK_MSG(ftruncate(fd, 2 * (off_t)shmc_t_page()) == 0,
        "F_SEAL_SHRINK: growing failed: %s", strerror(errno));
    (void)close(fd);
}

SHMC_TC(seals__grow, "F_SEAL_GROW: growing fails with EPERM, shrinking "
    "works; records whether a write past the end is refused")
{
    int fd = sealed(F_SEAL_GROW);

    ATF_CHECK_MSG(ftruncate(fd, 2 * (off_t)shmc_t_page()) == -1 &&
        errno == EPERM, "F_SEAL_GROW: growing gave %s, not EPERM",
        shmc_t_errstr(errno));
    obs_rc("memfd.seal_grow.write_past_end",
        (int)pwrite(fd, "x", 1, (off_t)shmc_t_page()));
    ATF_CHECK_MSG(ftruncate(fd, 1) == 0, "F_SEAL_GROW: shrinking failed: "
        "%s", strerror(errno));
    (void)close(fd);
}

SHMC_TC(seals__write, "F_SEAL_WRITE: write fails with EPERM and a "
    "writable shared mapping is refused; records a writable private "
    "mapping and growing")
{
    void *p;
    int fd = sealed(F_SEAL_WRITE);

    ATF_CHECK_MSG(write(fd, "x", 1) == -1 && errno == EPERM, "F_SEAL_WRITE: "
        "write gave %s, not EPERM", shmc_t_errstr(errno));
    p = mmap(NULL, shmc_t_page(), SHMC_T_RW, MAP_SHARED, fd, 0);
    shmc_t_obs_errno("memfd.seal_write.map_shared_writable",
        p == MAP_FAILED ? errno : 0);
    ATF_CHECK_MSG(p == MAP_FAILED, "F_SEAL_WRITE: a writable shared mapping "
        "was allowed");
    if (p != MAP_FAILED)
        (void)munmap(p, shmc_t_page());
    p = mmap(NULL, shmc_t_page(), SHMC_T_RW, MAP_PRIVATE, fd, 0);
    shmc_t_obs_errno("memfd.seal_write.map_private_writable",
        p == MAP_FAILED ? errno : 0);
    if (p != MAP_FAILED)
        (void)munmap(p, shmc_t_page());
    obs_rc("memfd.seal_write.ftruncate_grow",
        ftruncate(fd, 2 * (off_t)shmc_t_page()));
    (void)close(fd);
}

SHMC_TC(seals__write_with_mapping__ebusy, "F_SEAL_WRITE fails "
    "with EBUSY while a writable shared mapping exists and works once "
    "it is gone")
{
    int fd = memfd(MFD_CLOEXEC | MFD_ALLOW_SEALING, shmc_t_page());
    void *p;

    p = shmc_t_mmap(shmc_t_page(), SHMC_T_RW, MAP_SHARED, fd, 0);
    ATF_CHECK_MSG(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE) == -1 &&
        errno == EBUSY, "F_SEAL_WRITE with a writable shared mapping gave "
        "%s, not EBUSY", shmc_t_errstr(errno));
    ATF_REQUIRE(munmap(p, shmc_t_page()) == 0);
    ATF_CHECK_MSG(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE) == 0, "F_SEAL_WRITE "
        "failed once the mapping was gone: %s", strerror(errno));
    (void)close(fd);
}

SHMC_TC(seals__seal_is_final, "After F_SEAL_SEAL adding a seal fails "
    "with EPERM")
{
    int fd = sealed(F_SEAL_SEAL);

    ATF_CHECK_MSG(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW) == -1 &&
        errno == EPERM, "after F_SEAL_SEAL adding a seal gave %s, not EPERM",
        shmc_t_errstr(errno));
    (void)close(fd);
}

SHMC_TC(seals__through_dup, "Seals belong to the file: a dup()ed "
    "descriptor shows them and is bound by them")
{
    int fd = sealed(F_SEAL_SHRINK | F_SEAL_GROW), fd2;

    fd2 = dup(fd);
    ATF_REQUIRE(fd2 != -1);
    ATF_CHECK_EQ_MSG(fcntl(fd2, F_GET_SEALS), F_SEAL_SHRINK | F_SEAL_GROW,
        "seals belong to the file, not to one descriptor");
    ATF_CHECK_MSG(ftruncate(fd2, 1) == -1 && errno == EPERM, "a dup()ed "
        "descriptor ignored F_SEAL_SHRINK");
    (void)close(fd2);
    (void)close(fd);
}

SHMC_TC(seals__future_write, "Records whether F_SEAL_FUTURE_WRITE is "
    "accepted beside a writable mapping and whether write is refused "
    "after it")
{
#if defined(F_SEAL_FUTURE_WRITE)
    int fd = memfd(MFD_CLOEXEC | MFD_ALLOW_SEALING, shmc_t_page());
    void *p;

    p = shmc_t_mmap(shmc_t_page(), SHMC_T_RW, MAP_SHARED, fd, 0);
    obs_rc("memfd.seal_future_write.with_writable_mapping",
        fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE));
    ((char *)p)[0] = 'w';
    obs_rc("memfd.seal_future_write.write_after",
        (int)write(fd, "x", 1));
    (void)munmap(p, shmc_t_page());
    (void)close(fd);
#else
    shmc_t_obs_null_why("memfd.seal_future_write.with_writable_mapping",
        "the C library does not define F_SEAL_FUTURE_WRITE");
    shmc_t_obs_null_why("memfd.seal_future_write.write_after",
        "the C library does not define F_SEAL_FUTURE_WRITE");
#endif
}

/* ---------------------------------------------------------------------
 * Sharing.
 * --------------------------------------------------------------------- */

SHMC_TC(share__descriptor_over_socket, "A memfd passed over a "
    "UNIX socket to an unrelated process shares its data both ways")
{
    char out[256], sockarg[16];
    const char *args[] = { "recvfd", sockarg, "4096", "memfd answer", NULL };
    int sv[2], fd;
    char *p;

    fd = memfd(MFD_CLOEXEC, shmc_t_page());
    p = shmc_t_mmap(shmc_t_page(), SHMC_T_RW, MAP_SHARED, fd, 0);
    memcpy(p, "memfd data", 11);
    ATF_REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    ATF_REQUIRE(fcntl(sv[0], F_SETFD, FD_CLOEXEC) == 0);
    (void)snprintf(sockarg, sizeof(sockarg), "%d", sv[1]);
    shmc_t_require(shmc_fdpass_send(sv[0], fd), "passing the memfd");
    ATF_REQUIRE_MSG(shmc_t_peer_run(tc, args, out, sizeof(out)), "%s", out);
    ATF_CHECK_STREQ_MSG(out, "ok memfd data", "the peer read '%s'", out);
    ATF_CHECK_MSG(strcmp(p, "memfd answer") == 0, "the peer's write is not "
        "seen here");
    (void)close(sv[0]);
    (void)close(sv[1]);
    (void)munmap(p, shmc_t_page());
    (void)close(fd);
}

/** Skips unless this system shows a process's descriptors as links in
 * /proc/self/fd (Linux; FreeBSD's procfs has no fd directory and is often
 * not mounted, macOS has no /proc). */
static void
require_proc_self_fd(void)
{
    struct stat sb;

    if (stat("/proc/self/fd", &sb) == -1)
        atf_tc_skip("no /proc/self/fd here (%s): a descriptor has no path "
            "to reopen or read", strerror(errno));
}

SHMC_TC(share__reopen_proc_fd, "Records whether /proc/self/fd/N "
    "reopens a memfd as the same object")
{
    char path[64], *a, *b;
    struct stat sa, sb;
    int fd, fd2;

    require_proc_self_fd();
    fd = memfd(MFD_CLOEXEC, shmc_t_page());
    (void)snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    fd2 = open(path, O_RDWR);
    obs_rc("memfd.reopen_proc_self_fd", fd2);
    if (fd2 == -1) {
        shmc_t_obs_null("memfd.reopen_is_same_object");
        (void)close(fd);
        return;
    }
    ATF_REQUIRE(fstat(fd, &sa) == 0 && fstat(fd2, &sb) == 0);
    a = shmc_t_mmap(shmc_t_page(), SHMC_T_RW, MAP_SHARED, fd, 0);
    b = shmc_t_mmap(shmc_t_page(), SHMC_T_RW, MAP_SHARED, fd2, 0);
    a[0] = 'r';
    shmc_t_obs_bool("memfd.reopen_is_same_object",
        sa.st_ino == sb.st_ino && b[0] == 'r');
    (void)munmap(a, shmc_t_page());
    (void)munmap(b, shmc_t_page());
    (void)close(fd2);
    (void)close(fd);
}

SHMC_TC(share__link_name, "Records whether the /proc/self/fd link "
    "names the memfd (/memfd:NAME)")
{
    char path[64], target[PATH_MAX];
    ssize_t n;
    int fd;

    require_proc_self_fd();
    fd = memfd(MFD_CLOEXEC, 0);
    (void)snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    n = readlink(path, target, sizeof(target) - 1);
    if (n == -1)
        shmc_t_obs_null("memfd.proc_link_names_memfd");
    else {
        target[n] = '\0';
        shmc_t_obs_bool("memfd.proc_link_names_memfd",
            strncmp(target, "/memfd:shmcompat", 16) == 0);
    }
    (void)close(fd);
}

#else /* !defined(HAVE_MEMFD) */

SHMC_TC(memfd__unavailable, "Stands for the memfd cases where "
    "memfd_create or file seals are missing")
{
    atf_tc_skip("memfd_create or file seals are not available here");
}

#endif /* defined(HAVE_MEMFD) */

/* ---------------------------------------------------------------------
 * SHM_ANON: FreeBSD's anonymous shm_open objects, exercised as FreeBSD's
 * own posixshm tests do (open_anon, open_anon_readonly, cloexec,
 * object_resize, page_fault_signal__bus_objerr_1, rename_*_anon).
 * --------------------------------------------------------------------- */

#if defined(HAVE_DECL_SHM_ANON) && HAVE_DECL_SHM_ANON

static int
anon(size_t size)
{
    int fd = shm_open(SHM_ANON, O_RDWR, 0600);

    ATF_REQUIRE_MSG(fd != -1, "shm_open(SHM_ANON, O_RDWR): %s",
        strerror(errno));
    if (size > 0)
        shmc_t_ftruncate(fd, (off_t)size);
    return fd;
}

static off_t
size_of(int fd)
{
    struct stat sb;

    ATF_REQUIRE_MSG(fstat(fd, &sb) == 0, "fstat: %s", strerror(errno));
    return sb.st_size;
}

SHMC_TC(shm_anon__object, "XSH shm_open: an SHM_ANON object is new "
    "(size 0) and its descriptor has FD_CLOEXEC; records whether O_RDONLY "
    "is accepted")
{
    int fd;

    fd = anon(0);
    ATF_CHECK_MSG(fcntl(fd, F_GETFD) & FD_CLOEXEC, "XSH shm_open: "
        "FD_CLOEXEC shall be set, and is not on an SHM_ANON descriptor");
    ATF_CHECK_EQ_MSG(size_of(fd), 0, "XSH shm_open: a new object has size "
        "0; an SHM_ANON one has %lld", (long long)size_of(fd));
    (void)close(fd);
    fd = shm_open(SHM_ANON, O_RDONLY, 0600);
    shmc_t_obs_errno("memfd.shm_anon_rdonly", fd == -1 ? errno : 0);
    if (fd != -1)
        (void)close(fd);
}

SHMC_TC(shm_anon__resize, "An SHM_ANON object grows keeping its data "
    "and shrinks (XSH ftruncate); past its end a page raises SIGBUS and "
    "grown again it reads zero (XSH mmap)")
{
    size_t page = shmc_t_page();
    unsigned char *p;
    int fd, sig;

    fd = anon(page);
    ATF_REQUIRE(size_of(fd) == (off_t)page);
    p = shmc_t_mmap(2 * page, SHMC_T_RW, MAP_SHARED, fd, 0);
    p[0] = 'a';
    shmc_t_ftruncate(fd, 2 * (off_t)page);
    ATF_CHECK_EQ(size_of(fd), 2 * (off_t)page);
    ATF_CHECK_MSG(p[0] == 'a', "growing the object lost page 0's data");
    p[page] = 'b';
    shmc_t_ftruncate(fd, (off_t)page);
    ATF_CHECK_EQ(size_of(fd), (off_t)page);
    sig = shmc_t_touch(p + page, false);
    ATF_CHECK_MSG(sig == SIGBUS, "XSH mmap: a whole page past the end of "
        "the shrunk object shall raise SIGBUS, got %s", shmc_signame(sig));
    shmc_t_ftruncate(fd, 2 * (off_t)page);
    ATF_CHECK_MSG(p[page] == 0, "XSH ftruncate: the page grown again shall "
        "read as zero, not the discarded data");
    (void)munmap(p, 2 * page);
    (void)close(fd);
}

SHMC_TC(shm_anon__zero_length_sigbus, "XSH mmap: writing the mapping "
    "of a zero-length SHM_ANON object raises SIGBUS")
{
    unsigned char *p;
    int fd, sig;

    fd = anon(0);
    p = shmc_t_mmap(shmc_t_page(), SHMC_T_RW, MAP_SHARED, fd, 0);
    sig = shmc_t_touch(p, true);
    ATF_CHECK_MSG(sig == SIGBUS, "XSH mmap: writing a page past the end of "
        "a zero-length object shall raise SIGBUS, got %s", shmc_signame(sig));
    (void)munmap(p, shmc_t_page());
    (void)close(fd);
}

/** In a child: maps the inherited SHM_ANON descriptor on its own and
 * writes into it. */
static shmc_error_t
anon_writer(void *arg, int unused)
{
    int fd = *(const int *)arg;
    char *p;

    (void)unused;
    p = mmap(NULL, shmc_t_page(), SHMC_T_RW, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED)
        return shmc_error_libc(errno, "mmap of the inherited descriptor");
    memcpy(p, "from-child", 11);
    if (munmap(p, shmc_t_page()) == -1)
        return shmc_error_libc(errno, "munmap");
    return shmc_no_error();
}

SHMC_TC(shm_anon__shared_with_child, "A forked child's own mapping of "
    "an inherited SHM_ANON descriptor shares data with the parent's")
{
    char *p;
    int fd;

    fd = anon(shmc_t_page());
    p = shmc_t_mmap(shmc_t_page(), SHMC_T_RW, MAP_SHARED, fd, 0);
    shmc_t_require(shmc_proc_call(anon_writer, &fd, SHMC_PROC_TIMEOUT_MS,
        NULL, 0), "the child writing through the inherited descriptor");
    ATF_CHECK_MSG(memcmp(p, "from-child", 11) == 0, "a child's write "
        "through its own mapping of the inherited descriptor is not seen");
    (void)munmap(p, shmc_t_page());
    (void)close(fd);
}

#if defined(HAVE_SHM_RENAME)
SHMC_TC(shm_anon__rename, "shm_rename from and to SHM_ANON fails "
    "and leaves the named object in place")
{
    char name[SHMC_NAME_MAX];
    int fd, rc;

    shmc_t_name(name, sizeof(name));
    fd = shmc_t_shm_create(name, O_RDWR, 0600);
    rc = shm_rename(SHM_ANON, name, 0);
    shmc_t_obs_errno("memfd.shm_anon_rename_from", rc == -1 ? errno : 0);
    ATF_CHECK_MSG(rc == -1, "shm_rename(SHM_ANON, name) succeeded");
    rc = shm_rename(name, SHM_ANON, 0);
    shmc_t_obs_errno("memfd.shm_anon_rename_to", rc == -1 ? errno : 0);
    ATF_CHECK_MSG(rc == -1, "shm_rename(name, SHM_ANON) succeeded");
    (void)close(fd);
    fd = shm_open(name, O_RDONLY, 0);
    ATF_CHECK_MSG(fd != -1, "the named object is gone after the refused "
        "renames: %s", strerror(errno));
    if (fd != -1)
        (void)close(fd);
    ATF_CHECK_MSG(shm_unlink(name) == 0, "shm_unlink: %s", strerror(errno));
}
#endif /* defined(HAVE_SHM_RENAME) */

#else /* !(defined(HAVE_DECL_SHM_ANON) && HAVE_DECL_SHM_ANON) */

SHMC_TC(shm_anon__object, "Stands for the SHM_ANON cases where SHM_ANON "
    "is not defined")
{
    atf_tc_skip("SHM_ANON is not defined here (a FreeBSD extension)");
}

#endif /* defined(HAVE_DECL_SHM_ANON) && HAVE_DECL_SHM_ANON */

ATF_TP_ADD_TCS(tp)
{
#if defined(HAVE_MEMFD)
    ATF_TP_ADD_TC(tp, memfd__basic);
    ATF_TP_ADD_TC(tp, memfd__cloexec_flag);
    ATF_TP_ADD_TC(tp, memfd__unknown_flag__einval);
    ATF_TP_ADD_TC(tp, memfd__long_name);
    ATF_TP_ADD_TC(tp, memfd__exec_flags);
    ATF_TP_ADD_TC(tp, memfd__hugetlb_flag);
    ATF_TP_ADD_TC(tp, seals__off_without_allow_sealing);
    ATF_TP_ADD_TC(tp, seals__shrink);
    ATF_TP_ADD_TC(tp, seals__grow);
    ATF_TP_ADD_TC(tp, seals__write);
    ATF_TP_ADD_TC(tp, seals__write_with_mapping__ebusy);
    ATF_TP_ADD_TC(tp, seals__seal_is_final);
    ATF_TP_ADD_TC(tp, seals__through_dup);
    ATF_TP_ADD_TC(tp, seals__future_write);
    ATF_TP_ADD_TC(tp, share__descriptor_over_socket);
    ATF_TP_ADD_TC(tp, share__reopen_proc_fd);
    ATF_TP_ADD_TC(tp, share__link_name);
#else
    ATF_TP_ADD_TC(tp, memfd__unavailable);
#endif
    ATF_TP_ADD_TC(tp, shm_anon__object);
#if defined(HAVE_DECL_SHM_ANON) && HAVE_DECL_SHM_ANON
    ATF_TP_ADD_TC(tp, shm_anon__resize);
    ATF_TP_ADD_TC(tp, shm_anon__zero_length_sigbus);
    ATF_TP_ADD_TC(tp, shm_anon__shared_with_child);
#   if defined(HAVE_SHM_RENAME)
    ATF_TP_ADD_TC(tp, shm_anon__rename);
#   endif
#endif
    return atf_no_error();
}
