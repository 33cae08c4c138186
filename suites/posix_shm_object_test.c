/* SPDX-License-Identifier: BSD-2-Clause */

/** Characterization of shm objects: what an implementation does where
 * POSIX leaves it open or unspecified (sizes, file type, read/write on the
 * descriptor, extra open flags, mapping before sizing, executable
 * mappings, shrinking).  Each case records observations; it fails only
 * when it cannot measure. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
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
create(char *name, size_t size, off_t length)
{
    int fd;

    fd = shmc_t_shm_new(name, size, O_RDWR, 0600);
    if (length > 0)
        shmc_t_ftruncate(fd, length);
    return fd;
}

/** Records the outcome of a call that returns -1 on failure. */
static void
obs_call(const char *key, int rc)
{
    shmc_t_obs_errno(key, rc == -1 ? errno : 0);
}

static off_t
size_of(int fd)
{
    struct stat sb;

    ATF_REQUIRE(fstat(fd, &sb) == 0);
    return sb.st_size;
}

static const char *
file_type(mode_t mode)
{
    if (S_ISREG(mode))
        return "regular";
    if (S_ISDIR(mode))
        return "directory";
    if (S_ISCHR(mode))
        return "character";
    if (S_ISFIFO(mode))
        return "fifo";
    if (S_ISSOCK(mode))
        return "socket";
    return "other";
}

/* ---------------------------------------------------------------------
 * Sizes.
 * --------------------------------------------------------------------- */

SHMC_TC(ftruncate__repeated, "ftruncate called again to grow, to "
    "shrink and from a second descriptor (macOS allows only one)")
{
    char name[SHMC_NAME_MAX], bytes[64];
    off_t page = (off_t)shmc_t_page(), size;
    int fd, fd2;

    fd = create(name, sizeof(name), page);
    obs_call("posix_shm.object.ftruncate_grow_again",
        ftruncate(fd, 3 * page));
    obs_call("posix_shm.object.ftruncate_shrink", ftruncate(fd, page));
    obs_call("posix_shm.object.ftruncate_same_size", ftruncate(fd, page));
    fd2 = shm_open(name, O_RDWR, 0);
    ATF_REQUIRE(fd2 != -1);
    obs_call("posix_shm.object.ftruncate_second_descriptor",
        ftruncate(fd2, 2 * page));
    /* In pages: the resizes are page multiples, and a byte count would
     * differ between 4 and 16 KiB pages where the behaviour does not. */
    size = size_of(fd);
    if (size % page == 0) {
        shmc_t_obs_int("posix_shm.object.size_after_resizes",
            (long long)(size / page));
    } else {
        (void)snprintf(bytes, sizeof(bytes), "%lld bytes", (long long)size);
        shmc_t_obs_str("posix_shm.object.size_after_resizes", bytes);
    }
    (void)close(fd2);
    (void)close(fd);
}

SHMC_TC(fstat__size_rounding, "st_size after ftruncate(100): exact, or "
    "rounded up to a page")
{
    char name[SHMC_NAME_MAX];
    off_t size;
    int fd;

    fd = create(name, sizeof(name), 100);
    size = size_of(fd);
    shmc_t_obs_str("posix_shm.object.size_rounding", size == 100 ? "exact" :
        size == (off_t)shmc_t_page() ? "page" : "other");
    (void)close(fd);
}

SHMC_TC(fstat__file_attributes, "The file type, link count and inode "
    "stability of an object, before and after unlink")
{
    char name[SHMC_NAME_MAX];
    struct stat a, b;
    int fd, fd2;

    fd = create(name, sizeof(name), (off_t)shmc_t_page());
    ATF_REQUIRE(fstat(fd, &a) == 0);
    shmc_t_obs_str("posix_shm.object.file_type", file_type(a.st_mode));
    shmc_t_obs_int("posix_shm.object.st_nlink", (long long)a.st_nlink);
    fd2 = shm_open(name, O_RDONLY, 0);
    ATF_REQUIRE(fd2 != -1);
    ATF_REQUIRE(fstat(fd2, &b) == 0);
    shmc_t_obs_bool("posix_shm.object.inode_same_across_opens",
        a.st_ino == b.st_ino && a.st_dev == b.st_dev);
    ATF_REQUIRE(shm_unlink(name) == 0);
    ATF_REQUIRE(fstat(fd, &b) == 0);
    shmc_t_obs_int("posix_shm.object.st_nlink_after_unlink",
        (long long)b.st_nlink);
    (void)close(fd2);
    (void)close(fd);
}

SHMC_TC(fstat__mode_bits, "The mode of an object made with 0666 "
    "under umask 022, and with set-id and sticky bits under umask 0")
{
    char name[SHMC_NAME_MAX], text[16];
    struct stat sb;
    mode_t old;
    int fd;

    old = umask(022);
    fd = shmc_t_shm_new(name, sizeof(name), O_RDWR, 0666);
    ATF_REQUIRE(fstat(fd, &sb) == 0);
    (void)snprintf(text, sizeof(text), "%04o", (unsigned)(sb.st_mode & 07777));
    shmc_t_obs_str("posix_shm.object.mode_0666_umask_022", text);
    (void)close(fd);

    (void)umask(0);
    shmc_t_name(name, sizeof(name));
    fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 07777);
    (void)umask(old);
    if (fd != -1)
        shmc_t_require(shmc_cleanup_created(SHMC_CLEANUP_SHM, name, fd),
            "recording a created object");
    if (fd == -1)
        shmc_t_obs_errno("posix_shm.object.mode_07777_umask_0", errno);
    else {
        ATF_REQUIRE(fstat(fd, &sb) == 0);
        (void)snprintf(text, sizeof(text), "%04o",
            (unsigned)(sb.st_mode & 07777));
        shmc_t_obs_str("posix_shm.object.mode_07777_umask_0", text);
        (void)close(fd);
    }
}

/* ---------------------------------------------------------------------
 * The descriptor as a file.
 * --------------------------------------------------------------------- */

SHMC_TC(descriptor__read_write_lseek,
    "read, write, pread, pwrite and lseek on "
    "the descriptor, and whether they see the mapping")
{
    char name[SHMC_NAME_MAX], buf[8];
    char *p;
    ssize_t n;
    int fd;

    fd = create(name, sizeof(name), (off_t)shmc_t_page());
    p = shmc_t_mmap(shmc_t_page(), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    shmc_t_require(shmc_t_back(p, shmc_t_page()), "first write");
    memcpy(p, "mapped", 7);

    shmc_t_obs_int("posix_shm.object.offset_after_open",
        (long long)lseek(fd, 0, SEEK_CUR));
    n = read(fd, buf, 7);
    shmc_t_obs_errno("posix_shm.object.read", n == -1 ? errno : 0);
    if (n == 7)
        shmc_t_obs_bool("posix_shm.object.read_sees_mapping",
            memcmp(buf, "mapped", 7) == 0);
    else
        shmc_t_obs_null("posix_shm.object.read_sees_mapping");
    obs_call("posix_shm.object.lseek", (int)lseek(fd, 0, SEEK_SET));
    n = write(fd, "written", 8);
    shmc_t_obs_errno("posix_shm.object.write", n == -1 ? errno : 0);
    if (n == 8)
        shmc_t_obs_bool("posix_shm.object.mapping_sees_write",
            memcmp(p, "written", 8) == 0);
    else
        shmc_t_obs_null("posix_shm.object.mapping_sees_write");
    n = pwrite(fd, "pw", 3, 100);
    shmc_t_obs_errno("posix_shm.object.pwrite", n == -1 ? errno : 0);
    n = pread(fd, buf, 3, 100);
    shmc_t_obs_errno("posix_shm.object.pread", n == -1 ? errno : 0);
    (void)munmap(p, shmc_t_page());
    (void)close(fd);
}

SHMC_TC(descriptor__write_past_end, "Whether write() past the end grows the "
    "object (FreeBSD does not without SHM_GROW_ON_WRITE)")
{
    char name[SHMC_NAME_MAX];
    ssize_t n;
    int fd;

    fd = create(name, sizeof(name), 0);
    n = write(fd, "grow", 4);
    shmc_t_obs_errno("posix_shm.object.write_on_empty", n == -1 ? errno : 0);
    shmc_t_obs_bool("posix_shm.object.write_grows", size_of(fd) == 4);
    (void)close(fd);
}

SHMC_TC(descriptor__other_calls, "fsync, fchown, a record lock and "
    "posix_fallocate on the descriptor")
{
    char name[SHMC_NAME_MAX];
    struct flock fl;
    int fd, rc;

    fd = create(name, sizeof(name), (off_t)shmc_t_page());
    obs_call("posix_shm.object.fsync", fsync(fd));
    obs_call("posix_shm.object.fchown_self", fchown(fd, geteuid(),
        getegid()));
    memset(&fl, 0, sizeof(fl));
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    obs_call("posix_shm.object.record_lock", fcntl(fd, F_SETLK, &fl));
#if defined(HAVE_POSIX_FALLOCATE)
    rc = posix_fallocate(fd, 0, 2 * (off_t)shmc_t_page());
    shmc_t_obs_errno("posix_shm.object.posix_fallocate", rc);
    if (rc == 0)
        shmc_t_obs_bool("posix_shm.object.posix_fallocate_grows",
            size_of(fd) == 2 * (off_t)shmc_t_page());
    else
        shmc_t_obs_null("posix_shm.object.posix_fallocate_grows");
#else
    (void)rc;
    shmc_t_obs_null_why("posix_shm.object.posix_fallocate",
        "the C library has no posix_fallocate");
    shmc_t_obs_null_why("posix_shm.object.posix_fallocate_grows",
        "the C library has no posix_fallocate");
#endif
    (void)close(fd);
}

/* ---------------------------------------------------------------------
 * Open flags.
 * --------------------------------------------------------------------- */

SHMC_TC(open__flags_beyond_posix, "O_WRONLY, O_APPEND, O_EXCL without "
    "O_CREAT and O_TRUNC with O_RDONLY, which POSIX leaves open")
{
    char name[SHMC_NAME_MAX], other[SHMC_NAME_MAX];
    int fd, fd2;

    fd = create(name, sizeof(name), (off_t)shmc_t_page());
    fd2 = shm_open(name, O_WRONLY, 0);
    shmc_t_obs_errno("posix_shm.object.open_wronly", fd2 == -1 ? errno : 0);
    if (fd2 != -1)
        (void)close(fd2);
    /* Creating with O_RDONLY (LTP shm_open 20-1): allowed by POSIX; the
     * new object then cannot be sized through that descriptor. */
    shmc_t_name(other, sizeof(other));
    fd2 = shm_open(other, O_RDONLY | O_CREAT | O_EXCL, 0600);
    shmc_t_obs_errno("posix_shm.object.create_rdonly", fd2 == -1 ? errno :
        0);
    if (fd2 != -1) {
        shmc_t_require(shmc_cleanup_created(SHMC_CLEANUP_SHM, other, fd2),
            "recording a created object");
        shmc_t_obs_errno("posix_shm.object.create_rdonly_ftruncate",
            ftruncate(fd2, (off_t)shmc_t_page()) == -1 ? errno : 0);
        (void)close(fd2);
    } else
        shmc_t_obs_null("posix_shm.object.create_rdonly_ftruncate");
    shmc_t_name(other, sizeof(other));
    fd2 = shm_open(other, O_WRONLY | O_CREAT | O_EXCL, 0600);
    shmc_t_obs_errno("posix_shm.object.create_wronly", fd2 == -1 ? errno : 0);
    if (fd2 != -1) {
        shmc_t_require(shmc_cleanup_created(SHMC_CLEANUP_SHM, other, fd2),
            "recording a created object");
        (void)close(fd2);
    }
    fd2 = shm_open(name, O_RDWR | O_APPEND, 0);
    shmc_t_obs_errno("posix_shm.object.open_append", fd2 == -1 ? errno : 0);
    if (fd2 != -1)
        (void)close(fd2);
    fd2 = shm_open(name, O_RDWR | O_EXCL, 0);
    shmc_t_obs_errno("posix_shm.object.excl_without_creat",
        fd2 == -1 ? errno : 0);
    if (fd2 != -1)
        (void)close(fd2);
    fd2 = shm_open(name, O_RDONLY | O_TRUNC, 0);
    shmc_t_obs_errno("posix_shm.object.trunc_rdonly", fd2 == -1 ? errno : 0);
    shmc_t_obs_bool("posix_shm.object.trunc_rdonly_emptied",
        size_of(fd) == 0);
    if (fd2 != -1)
        (void)close(fd2);
    (void)close(fd);
}

SHMC_TC(open__status_flags, "Flags the library adds to the open "
    "(O_NONBLOCK, O_NOFOLLOW, O_APPEND), as F_GETFL shows them")
{
    char name[SHMC_NAME_MAX];
    int fd, fl;

    fd = create(name, sizeof(name), 0);
    fl = fcntl(fd, F_GETFL);
    ATF_REQUIRE(fl != -1);
    shmc_t_obs_str("posix_shm.object.access_mode",
        (fl & O_ACCMODE) == O_RDWR ? "O_RDWR" :
        (fl & O_ACCMODE) == O_RDONLY ? "O_RDONLY" : "other");
    shmc_t_obs_bool("posix_shm.object.flag_nonblock", (fl & O_NONBLOCK) != 0);
    shmc_t_obs_bool("posix_shm.object.flag_append", (fl & O_APPEND) != 0);
#if defined(O_NOFOLLOW)
    shmc_t_obs_bool("posix_shm.object.flag_nofollow", (fl & O_NOFOLLOW) != 0);
#else
    shmc_t_obs_null_why("posix_shm.object.flag_nofollow",
        "the C library defines no O_NOFOLLOW");
#endif
    (void)close(fd);
}

/* ---------------------------------------------------------------------
 * Mappings.
 * --------------------------------------------------------------------- */

SHMC_TC(mmap__kinds, "MAP_PRIVATE, PROT_EXEC and a mapping "
    "of a still empty object are recorded; XSH mmap [EINVAL] (the value "
    "of len is zero) and XSH mmap (references to whole pages following "
    "the end of an object shall result in SIGBUS) are asserted")
{
    char name[SHMC_NAME_MAX];
    size_t page = shmc_t_page();
    void *p;
    int fd, sig;

    fd = create(name, sizeof(name), 0);
    p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    shmc_t_obs_errno("posix_shm.object.map_before_ftruncate",
        p == MAP_FAILED ? errno : 0);
    if (p != MAP_FAILED) {
        sig = shmc_t_touch(p, false);
        shmc_t_obs_str("posix_shm.object.touch_before_ftruncate",
            shmc_signame(sig));
        ATF_CHECK_MSG(sig == SIGBUS, "XSH mmap: the page of an object of "
            "size 0 is a whole page past its end and shall raise SIGBUS; "
            "touching it gave %s", shmc_signame(sig));
        (void)munmap(p, page);
    } else
        shmc_t_obs_null("posix_shm.object.touch_before_ftruncate");

    shmc_t_ftruncate(fd, (off_t)page);
    p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    shmc_t_obs_errno("posix_shm.object.map_private",
        p == MAP_FAILED ? errno : 0);
    if (p != MAP_FAILED)
        (void)munmap(p, page);
    p = mmap(NULL, page, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
    shmc_t_obs_errno("posix_shm.object.map_exec", p == MAP_FAILED ? errno : 0);
    if (p != MAP_FAILED)
        (void)munmap(p, page);
    p = mmap(NULL, 0, PROT_READ, MAP_SHARED, fd, 0);
    shmc_t_obs_errno("posix_shm.object.map_length_zero",
        p == MAP_FAILED ? errno : 0);
    ATF_CHECK_MSG(p == MAP_FAILED && errno == EINVAL, "XSH mmap [EINVAL]: "
        "the value of len is zero, yet mmap gave %s", p == MAP_FAILED ?
        shmc_t_errstr(errno) : "a mapping");
    if (p != MAP_FAILED)
        (void)munmap(p, page);
    (void)close(fd);
}

SHMC_TC(mmap__past_end_signals, "The signal for writing past the end, "
    "and for touching the tail of the object's last page")
{
    char name[SHMC_NAME_MAX];
    size_t page = shmc_t_page();
    unsigned char *p;
    int fd;

    fd = create(name, sizeof(name), 100);
    p = shmc_t_mmap(2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    shmc_t_obs_str("posix_shm.object.past_end_write_signal",
        shmc_signame(shmc_t_touch(p + page, true)));
    shmc_t_obs_str("posix_shm.object.last_page_tail_signal",
        shmc_signame(shmc_t_touch(p + 200, false)));
    (void)munmap(p, 2 * page);
    (void)close(fd);
}

SHMC_TC(ftruncate__shrink_discards, "XSH mmap (references to whole pages "
    "following the end of an object shall result in SIGBUS): after "
    "shrinking, the cut page raises SIGBUS; whether growing again brings "
    "back zeros is recorded (FreeBSD object_resize)")
{
    char name[SHMC_NAME_MAX];
    size_t page = shmc_t_page();
    unsigned char *p;
    int fd, sig;

    fd = create(name, sizeof(name), (off_t)(2 * page));
    p = shmc_t_mmap(2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    shmc_t_require(shmc_t_back(p, 2 * page), "first write");
    p[0] = 'a';
    p[page] = 'b';
    if (ftruncate(fd, (off_t)page) == -1) {
        shmc_t_obs_errno("posix_shm.object.ftruncate_shrink_mapped", errno);
        shmc_t_obs_null("posix_shm.object.shrunk_page_signal");
        shmc_t_obs_null("posix_shm.object.regrow_zero_filled");
    } else {
        shmc_t_obs_errno("posix_shm.object.ftruncate_shrink_mapped", 0);
        sig = shmc_t_touch(p + page, false);
        shmc_t_obs_str("posix_shm.object.shrunk_page_signal",
            shmc_signame(sig));
        ATF_CHECK_MSG(sig == SIGBUS, "XSH mmap: the page cut off by "
            "shrinking is a whole page past the end and shall raise SIGBUS; "
            "touching it gave %s", shmc_signame(sig));
        shmc_t_ftruncate(fd, (off_t)(2 * page));
        shmc_t_obs_bool("posix_shm.object.regrow_zero_filled",
            p[page] == 0);
        ATF_CHECK_EQ_MSG(p[0], 'a', "the first page lost its data when the "
            "object shrank and grew");
    }
    (void)munmap(p, 2 * page);
    (void)close(fd);
}

/* ---------------------------------------------------------------------
 * The system.
 * --------------------------------------------------------------------- */

SHMC_TC(sysconf__shared_memory_objects, "What "
    "sysconf(_SC_SHARED_MEMORY_OBJECTS) answers")
{
#if defined(_SC_SHARED_MEMORY_OBJECTS)
    shmc_t_obs_int("posix_shm.sysconf.shared_memory_objects",
        sysconf(_SC_SHARED_MEMORY_OBJECTS));
#else
    shmc_t_obs_null_why("posix_shm.sysconf.shared_memory_objects",
        "the C library defines no _SC_SHARED_MEMORY_OBJECTS");
#endif
    shmc_t_obs_int("posix_shm.sysconf.page_size", sysconf(_SC_PAGESIZE));
}

SHMC_TC(fs__object_as_file, "Whether an object shows up as a file, "
    "in which directory, and whether open(2) of that file reaches the "
    "same object (XSH shm_open: unspecified)")
{
    char name[SHMC_NAME_MAX], dir[1024], path[1300];
    struct stat a, b;
    int fd, fd2;

    fd = create(name, sizeof(name), (off_t)shmc_t_page());
    if (!shmc_t_shm_dir(dir, sizeof(dir))) {
        shmc_t_obs_bool("posix_shm.fs.visible_as_file", false);
        shmc_t_obs_null("posix_shm.fs.directory");
        shmc_t_obs_null("posix_shm.fs.open_path_same_object");
        (void)close(fd);
        return;
    }
    shmc_t_obs_bool("posix_shm.fs.visible_as_file", true);
    shmc_t_obs_str("posix_shm.fs.directory", dir);
    (void)snprintf(path, sizeof(path), "%s/%s", dir, name + 1);
    fd2 = open(path, O_RDONLY);
    if (fd2 == -1)
        shmc_t_obs_bool("posix_shm.fs.open_path_same_object", false);
    else {
        ATF_REQUIRE(fstat(fd, &a) == 0 && fstat(fd2, &b) == 0);
        shmc_t_obs_bool("posix_shm.fs.open_path_same_object",
            a.st_ino == b.st_ino && a.st_dev == b.st_dev);
        (void)close(fd2);
    }
    (void)close(fd);
}

/* In a child, since opening a FIFO may block: shm_open(O_RDWR) of a name
 * whose file is a FIFO. */
static int
open_fifo_child(void *arg, int fd)
{
    int obj = shm_open(arg, O_RDWR, 0);

    (void)shmc_proc_send(fd, obj != -1 ? "ok" : shmc_t_errstr(errno));
    return 0;
}

SHMC_TC(fs__fifo_and_directory, "What shm_open does with a name whose file in "
    "the shm directory is a FIFO or a directory (made here, exclusively, and "
    "removed again)")
{
    char name[SHMC_NAME_MAX], dir[1024], path[1300];
    shmc_proc_result_t r;
    int fd;

    if (!shmc_t_shm_dir(dir, sizeof(dir)))
        atf_tc_skip("shm objects live in no directory here");
    shmc_t_name(name, sizeof(name));
    (void)snprintf(path, sizeof(path), "%s/%s", dir, name + 1);
    ATF_REQUIRE_MSG(mkfifo(path, 0600) == 0, "mkfifo %s: %s", path,
        strerror(errno));
    shmc_t_require(shmc_proc_fork(open_fifo_child, name,
        SHMC_PROC_TIMEOUT_MS, &r), "forking");
    r.m_output[strcspn(r.m_output, "\n")] = '\0';
    shmc_t_obs_str("posix_shm.fs.shm_open_fifo", r.m_timed_out ? "blocked" :
        r.m_output);
    shmc_proc_result_fini(&r);
    ATF_REQUIRE(unlink(path) == 0);

    ATF_REQUIRE_MSG(mkdir(path, 0700) == 0, "mkdir %s: %s", path,
        strerror(errno));
    fd = shm_open(name, O_RDONLY, 0);
    shmc_t_obs_errno("posix_shm.fs.shm_open_directory_rdonly",
        fd == -1 ? errno : 0);
    if (fd != -1)
        (void)close(fd);
    fd = shm_open(name, O_RDWR, 0);
    shmc_t_obs_errno("posix_shm.fs.shm_open_directory_rdwr",
        fd == -1 ? errno : 0);
    if (fd != -1)
        (void)close(fd);
    ATF_REQUIRE(rmdir(path) == 0);
}

/** Room for sparse objects: the free space of the shm directory's
 * filesystem, else physical memory; 0 when neither is known. */
static uint64_t
room_for_objects(const char **where)
{
    char dir[1024];
    struct statvfs vfs;

    if (shmc_t_shm_dir(dir, sizeof(dir))) {
        *where = "the shm directory's free space";
        if (statvfs(dir, &vfs) == 0)
            return (uint64_t)vfs.f_bavail * (vfs.f_frsize != 0 ?
                vfs.f_frsize : vfs.f_bsize);
        return 0;
    }
    *where = "physical memory";
#if defined(_SC_PHYS_PAGES)
    if (sysconf(_SC_PHYS_PAGES) > 0)
        return (uint64_t)sysconf(_SC_PHYS_PAGES) * shmc_t_page();
#endif
    return 0;
}

/** Tries one object of size bytes (sparse: only its last page is
 * touched); returns false with why set when it was not tried. */
static bool
try_large(const char *label, uint64_t size, uint64_t room, const char **why)
{
    char name[SHMC_NAME_MAX], key[64], *p;
    size_t page = shmc_t_page();
    off_t len = (off_t)size;
    char c = 0;
    int fd, rc;

    if ((uint64_t)len != size || len < 0)
        *why = "off_t cannot hold the size";
    else if (size > room)
        *why = "the object would not fit in the room measured";
    else
        *why = NULL;
    (void)snprintf(key, sizeof(key), "posix_shm.large.%s.ftruncate", label);
    if (*why != NULL) {
        shmc_t_obs_null_why(key, *why);
        (void)snprintf(key, sizeof(key), "posix_shm.large.%s.last_page",
            label);
        shmc_t_obs_null_why(key, *why);
        return false;
    }
    fd = create(name, sizeof(name), 0);
    rc = ftruncate(fd, len);
    shmc_t_obs_errno(key, rc == -1 ? errno : 0);
    (void)snprintf(key, sizeof(key), "posix_shm.large.%s.last_page", label);
    if (rc == -1)
        shmc_t_obs_null(key);
    else {
        ATF_CHECK_EQ_MSG(size_of(fd), len, "XSH ftruncate: the size of a "
            "%s object is %lld", label, (long long)size_of(fd));
        /* The last page, written through a mapping, read back with
         * pread: the object really is that large. */
        p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
            len - (off_t)page);
        if (p == MAP_FAILED)
            shmc_t_obs_errno(key, errno);
        else {
            p[page - 1] = 'L';
            (void)munmap(p, page);
            shmc_t_obs_str(key, pread(fd, &c, 1, len - 1) != 1 ?
                shmc_t_errstr(errno) : c == 'L' ? "ok" : "differs");
        }
    }
    (void)close(fd);
    (void)shm_unlink(name);
    return true;
}

SHMC_TC(size__largest_object, "Objects just over 2 GiB and 4 GiB, "
    "sparse (only the last page is touched), where they fit in the shm "
    "directory's free space (else physical memory): whether ftruncate "
    "makes them and their last page holds data; the size of off_t")
{
    const uint64_t gib = 1024 * 1024 * 1024;
    const char *where = NULL, *why2, *why4;
    uint64_t room;
    bool tried;

    shmc_t_obs_int("posix_shm.large.off_t_bits", (long long)sizeof(off_t) *
        CHAR_BIT);
    room = room_for_objects(&where);
    tried = try_large("over_2g", 2 * gib + shmc_t_page(), room, &why2);
    tried = try_large("over_4g", 4 * gib + shmc_t_page(), room, &why4) ||
        tried;
    if (!tried)
        atf_tc_skip("no large object tried: over 2 GiB: %s, over 4 GiB: "
            "%s (%s: %llu bytes)", why2, why4, where,
            (unsigned long long)room);
}

ATF_TP_ADD_TCS(tp)
{
    ATF_TP_ADD_TC(tp, ftruncate__repeated);
    ATF_TP_ADD_TC(tp, fstat__size_rounding);
    ATF_TP_ADD_TC(tp, fstat__file_attributes);
    ATF_TP_ADD_TC(tp, fstat__mode_bits);
    ATF_TP_ADD_TC(tp, descriptor__read_write_lseek);
    ATF_TP_ADD_TC(tp, descriptor__write_past_end);
    ATF_TP_ADD_TC(tp, descriptor__other_calls);
    ATF_TP_ADD_TC(tp, open__flags_beyond_posix);
    ATF_TP_ADD_TC(tp, open__status_flags);
    ATF_TP_ADD_TC(tp, mmap__kinds);
    ATF_TP_ADD_TC(tp, mmap__past_end_signals);
    ATF_TP_ADD_TC(tp, ftruncate__shrink_discards);
    ATF_TP_ADD_TC(tp, sysconf__shared_memory_objects);
    ATF_TP_ADD_TC(tp, fs__object_as_file);
    ATF_TP_ADD_TC(tp, fs__fifo_and_directory);
    ATF_TP_ADD_TC(tp, size__largest_object);
    return atf_no_error();
}
