/* SPDX-License-Identifier: BSD-2-Clause */

/** Mappings: regular files and anonymous memory, shared and private, and
 * how a file in the shm directory relates to the shm_open object of the
 * same name ("open('/dev/shm/myshm') is about the same as shm_open()";
 * "it can be removed with rm").  Conformance where XSH mmap and msync
 * require it, characterization where they leave it open. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <atf-c.h>

#include "lib/cleanup.h"
#include "lib/errname.h"
#include "suites/harness.h"

#if !defined(MAP_ANONYMOUS) && defined(MAP_ANON)
#   define MAP_ANONYMOUS MAP_ANON
#endif

/* ---------------------------------------------------------------------
 * Auxiliary functions.
 * --------------------------------------------------------------------- */

/** Creates a file of size bytes at path, exclusively, and records it for
 * the cleanup. */
static int
make_file(const char *path, size_t size)
{
    int fd;

    fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
    ATF_REQUIRE_MSG(fd != -1, "creating %s: %s", path, strerror(errno));
    shmc_t_require(shmc_cleanup_created(SHMC_CLEANUP_FILE, path, fd),
        "recording a created file");
    shmc_t_ftruncate(fd, (off_t)size);
    return fd;
}

/** Creates a fresh file named like an object in dir, exclusively (a name
 * someone else holds is left to them and an unpredictable one tried),
 * records it and returns it open; its name goes to name, its path to
 * path. */
static int
make_named_file(const char *dir, char *name, size_t namesize, char *path,
    size_t pathsize)
{
    int fd, i;

    shmc_t_name(name, namesize);
    for (i = 0; ; i++) {
        (void)snprintf(path, pathsize, "%s/%s", dir, name + 1);
        fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
        if (fd != -1 || errno != EEXIST || i == 4)
            break;
        shmc_t_missing_name(name, namesize);
    }
    ATF_REQUIRE_MSG(fd != -1, "creating %s: %s", path, strerror(errno));
    shmc_t_require(shmc_cleanup_created(SHMC_CLEANUP_FILE, path, fd),
        "recording a created file");
    return fd;
}


typedef struct {
    const char *m_path;         /* Map this file anew, or ... */
    char *m_map;                /* ... use this inherited mapping. */
    const char *m_text;
} writer_t;

/* A child that writes text at offset 0, through its own mapping of the
 * file when there is a path. */
static shmc_error_t
writer(void *arg, int fd)
{
    writer_t *w = arg;
    char *p = w->m_map;
    int file;

    (void)fd;
    if (w->m_path != NULL) {
        file = open(w->m_path, O_RDWR);
        if (file == -1)
            return shmc_error_libc(errno, "opening %s", w->m_path);
        p = mmap(NULL, shmc_t_page(), SHMC_T_RW, MAP_SHARED, file, 0);
        if (p == MAP_FAILED)
            return shmc_error_libc(errno, "mapping %s", w->m_path);
    }
    memcpy(p, w->m_text, strlen(w->m_text) + 1);
    return shmc_no_error();
}

static void
child_writes(const char *path, char *mapping, const char *text)
{
    writer_t w;

    w.m_path = path;
    w.m_map = mapping;
    w.m_text = text;
    shmc_t_require(shmc_proc_call(writer, &w, SHMC_PROC_TIMEOUT_MS, NULL, 0),
        "the writing child");
}

/* ---------------------------------------------------------------------
 * Regular files.
 * --------------------------------------------------------------------- */

SHMC_TC(file_shared__read_after_msync, "XSH mmap/msync (MAP_SHARED writes "
    "change the object; MS_SYNC writes it out): read() sees a mapping's write "
    "after msync")
{
    char buf[16], *p;
    int fd;

    fd = make_file("data", shmc_t_page());
    p = shmc_t_mmap(shmc_t_page(), SHMC_T_RW, MAP_SHARED, fd, 0);
    memcpy(p, "mapped", 7);
    ATF_CHECK(pread(fd, buf, 7, 0) == 7);
    shmc_t_obs_bool("mmap.file.read_sees_write_before_msync",
        memcmp(buf, "mapped", 7) == 0);
    ATF_REQUIRE_MSG(msync(p, shmc_t_page(), MS_SYNC) == 0, "msync: %s",
        strerror(errno));
    ATF_CHECK(pread(fd, buf, 7, 0) == 7);
    ATF_CHECK_MSG(memcmp(buf, "mapped", 7) == 0, "XSH mmap/msync: after "
        "msync(MS_SYNC) read() does not see the mapping's write");
    (void)munmap(p, shmc_t_page());
    (void)close(fd);
}

SHMC_TC(file_shared__other_process, "XSH mmap MAP_SHARED (write references "
    "change the underlying object): another process's own mapping of the file "
    "sees a write")
{
    char *p;
    int fd;

    fd = make_file("data", shmc_t_page());
    p = shmc_t_mmap(shmc_t_page(), SHMC_T_RW, MAP_SHARED, fd, 0);
    child_writes("data", NULL, "from another mapping");
    ATF_CHECK_MSG(strcmp(p, "from another mapping") == 0, "XSH mmap "
        "MAP_SHARED: a write through another process's own mapping of the "
        "file is not seen");
    (void)munmap(p, shmc_t_page());
    (void)close(fd);
}

SHMC_TC(file_private__copy_on_write, "XSH mmap MAP_PRIVATE (changes are "
    "private to the process): a private write reaches neither the file nor a "
    "shared mapping")
{
    char buf[8], *shared, *priv;
    int fd;

    fd = make_file("data", shmc_t_page());
    shared = shmc_t_mmap(shmc_t_page(), SHMC_T_RW, MAP_SHARED, fd, 0);
    priv = shmc_t_mmap(shmc_t_page(), SHMC_T_RW, MAP_PRIVATE, fd, 0);
    priv[0] = 'P';
    ATF_CHECK_MSG(shared[0] != 'P', "XSH mmap MAP_PRIVATE: a private write "
        "reached a shared mapping");
    ATF_CHECK(pread(fd, buf, 1, 0) == 1);
    ATF_CHECK_MSG(buf[0] != 'P', "XSH mmap MAP_PRIVATE: a private write "
        "reached the file");
    (void)munmap(priv, shmc_t_page());
    (void)munmap(shared, shmc_t_page());
    (void)close(fd);
}

SHMC_TC(file__survives_close_and_unlink, "XSH mmap (the mapping adds a "
    "reference to the file that close does not remove): the data stays after "
    "close and unlink")
{
    char *p;
    int fd;

    fd = make_file("data", shmc_t_page());
    p = shmc_t_mmap(shmc_t_page(), SHMC_T_RW, MAP_SHARED, fd, 0);
    memcpy(p, "alive", 6);
    ATF_REQUIRE(close(fd) == 0 && unlink("data") == 0);
    ATF_CHECK_MSG(strcmp(p, "alive") == 0, "XSH mmap: the mapping adds a "
        "reference that close and unlink do not remove");
    p[0] = 'A';
    ATF_CHECK_EQ(p[0], 'A');
    (void)munmap(p, shmc_t_page());
}

SHMC_TC(file__past_eof__sigbus, "XSH mmap (references to whole pages "
    "following the end of an object shall result in SIGBUS): a file mapping "
    "two pages past a one-page file")
{
    unsigned char *p;
    int fd, sig;

    fd = make_file("data", shmc_t_page());
    p = (unsigned char *)shmc_t_mmap(2 * shmc_t_page(), SHMC_T_RW, MAP_SHARED,
        fd, 0);
    sig = shmc_t_touch(p + shmc_t_page(), false);
    ATF_CHECK_MSG(sig == SIGBUS, "XSH mmap: a whole page past the end of "
        "the file shall raise SIGBUS, got %s", shmc_signame(sig));
    (void)munmap(p, 2 * shmc_t_page());
    (void)close(fd);
}

SHMC_TC(file__after_shrinking_truncate, "XSH mmap (references to whole pages "
    "following the end of an object shall result in SIGBUS): the page a "
    "truncate cut off a mapped file raises SIGBUS")
{
    unsigned char *p;
    int fd, sig;

    fd = make_file("data", 2 * shmc_t_page());
    p = (unsigned char *)shmc_t_mmap(2 * shmc_t_page(), SHMC_T_RW, MAP_SHARED,
        fd, 0);
    p[shmc_t_page()] = 1;
    shmc_t_ftruncate(fd, (off_t)shmc_t_page());
    sig = shmc_t_touch(p + shmc_t_page(), false);
    shmc_t_obs_str("mmap.file.shrunk_page_signal", shmc_signame(sig));
    ATF_CHECK_MSG(sig == SIGBUS, "XSH mmap: the page cut off by truncating "
        "the file is a whole page past its end and shall raise SIGBUS, got "
        "%s", shmc_signame(sig));
    (void)munmap(p, 2 * shmc_t_page());
    (void)close(fd);
}

/* ---------------------------------------------------------------------
 * Anonymous memory.
 * --------------------------------------------------------------------- */

SHMC_TC(anon_shared__fork, "XSH mmap MAP_ANONYMOUS (POSIX.1-2024) and XSH "
    "fork (mappings are retained in the child): MAP_SHARED|MAP_ANONYMOUS "
    "memory is shared with a forked child: the child's write is seen by "
    "the parent")
{
    char *p;

    p = shmc_t_mmap(shmc_t_page(), SHMC_T_RW, MAP_SHARED | MAP_ANONYMOUS,
        -1, 0);
    child_writes(NULL, p, "child wrote");
    ATF_CHECK_MSG(strcmp(p, "child wrote") == 0, "MAP_SHARED|MAP_ANONYMOUS "
        "memory is not shared with a forked child");
    (void)munmap(p, shmc_t_page());
}

SHMC_TC(anon_private__fork_isolated, "XSH fork (the child has its own copy of "
    "MAP_PRIVATE memory): a child's write to an inherited private anonymous "
    "mapping does not reach the parent")
{
    char *p;

    p = shmc_t_mmap(shmc_t_page(), SHMC_T_RW, MAP_PRIVATE | MAP_ANONYMOUS,
        -1, 0);
    memcpy(p, "parent", 7);
    child_writes(NULL, p, "child");
    ATF_CHECK_MSG(strcmp(p, "parent") == 0, "XSH fork: a MAP_PRIVATE "
        "mapping is copied, yet the child's write reached the parent");
    (void)munmap(p, shmc_t_page());
}

/* ---------------------------------------------------------------------
 * Errors and protections.
 * --------------------------------------------------------------------- */

static void
expect_map_fails(int fd, int prot, int flags, off_t off, int want,
    const char *req)
{
    void *p = mmap(NULL, shmc_t_page(), prot, flags, fd, off);

    if (p != MAP_FAILED)
        (void)munmap(p, shmc_t_page());
    ATF_CHECK_MSG(p == MAP_FAILED && errno == want, "%s: got %s", req,
        p == MAP_FAILED ? shmc_t_errstr(errno) : "a mapping");
}

SHMC_TC(mmap__no_sharing_flag__einval, "XSH mmap [EINVAL] (the value of flags "
    "is invalid: neither MAP_SHARED nor MAP_PRIVATE)")
{
    int fd;

    fd = make_file("data", shmc_t_page());
    expect_map_fails(fd, PROT_READ, 0, 0, EINVAL, "XSH mmap [EINVAL] "
        "(neither MAP_SHARED nor MAP_PRIVATE)");
    (void)close(fd);
}

SHMC_TC(mmap__unaligned_offset__einval, "XSH mmap [EINVAL] (off is not a "
    "multiple of the page size as returned by sysconf(); a \"shall fail\" "
    "error)")
{
    int fd;

    fd = make_file("data", 2 * shmc_t_page());
    expect_map_fails(fd, PROT_READ, MAP_SHARED, 1, EINVAL, "XSH mmap "
        "[EINVAL] (offset not a multiple of the page size)");
    (void)close(fd);
}

SHMC_TC(mmap__bad_descriptor__ebadf, "XSH mmap [EBADF]: a closed descriptor")
{
    int fd;

    fd = make_file("data", shmc_t_page());
    ATF_REQUIRE(close(fd) == 0);
    expect_map_fails(fd, PROT_READ, MAP_SHARED, 0, EBADF, "XSH mmap [EBADF]");
}

SHMC_TC(mmap__write_only_descriptor__eacces, "XSH mmap [EACCES] (fildes is "
    "not open for read) (LTP mmap 6-6)")
{
    int fd, wronly;

    fd = make_file("data", shmc_t_page());
    wronly = open("data", O_WRONLY);
    ATF_REQUIRE(wronly != -1);
    expect_map_fails(wronly, PROT_READ, MAP_SHARED, 0, EACCES, "XSH mmap "
        "[EACCES] (descriptor not open for reading; LTP mmap 6-6)");
    (void)close(wronly);
    (void)close(fd);
}

SHMC_TC(mmap__pipe__enodev, "XSH mmap [ENODEV] (fildes refers to a file whose "
    "type is not supported: a pipe) (LTP mmap 23-1)")
{
    int fds[2];

    ATF_REQUIRE(pipe(fds) == 0);
    expect_map_fails(fds[0], PROT_READ, MAP_SHARED, 0, ENODEV, "XSH mmap "
        "[ENODEV] (a pipe; LTP mmap 23-1)");
    (void)close(fds[0]);
    (void)close(fds[1]);
}

SHMC_TC(mmap__protection_faults, "XSH mmap (an access the protection does not "
    "allow raises SIGSEGV): a write to PROT_READ, a read of PROT_NONE (LTP "
    "mmap 6-1, 6-2)")
{
    unsigned char *ro, *none;
    int fd, sig;

    fd = make_file("data", shmc_t_page());
    ro = (unsigned char *)shmc_t_mmap(shmc_t_page(), PROT_READ, MAP_SHARED,
        fd, 0);
    none = (unsigned char *)shmc_t_mmap(shmc_t_page(), PROT_NONE, MAP_SHARED,
        fd, 0);
    sig = shmc_t_touch(ro, true);
    ATF_CHECK_MSG(sig == SIGSEGV, "XSH mmap: a write to a PROT_READ mapping "
        "shall raise SIGSEGV (LTP mmap 6-1), got %s", shmc_signame(sig));
    sig = shmc_t_touch(none, false);
    ATF_CHECK_MSG(sig == SIGSEGV, "XSH mmap: a read of a PROT_NONE mapping "
        "shall raise SIGSEGV (LTP mmap 6-2), got %s", shmc_signame(sig));
    (void)munmap(ro, shmc_t_page());
    (void)munmap(none, shmc_t_page());
    (void)close(fd);
}

SHMC_TC(mmap__map_fixed_replaces, "XSH mmap MAP_FIXED (the mapping is placed "
    "at addr exactly and replaces existing mappings there) (LTP mmap 3-1, 9)")
{
    char *first, *again;
    int fd;

    fd = make_file("data", shmc_t_page());
    first = shmc_t_mmap(shmc_t_page(), SHMC_T_RW, MAP_PRIVATE | MAP_ANONYMOUS,
        -1, 0);
    memcpy(first, "anonymous", 10);
    again = mmap(first, shmc_t_page(), SHMC_T_RW, MAP_SHARED | MAP_FIXED, fd,
        0);
    ATF_REQUIRE_MSG(again == first, "XSH mmap MAP_FIXED: the mapping shall "
        "be placed at addr exactly (LTP mmap 3-1, 9)");
    ATF_CHECK_MSG(again[0] == '\0', "XSH mmap MAP_FIXED: the new mapping "
        "shall replace the old one's pages");
    (void)munmap(again, shmc_t_page());
    (void)close(fd);
}

SHMC_TC(munmap__later_access_sigsegv, "XSH munmap (further references to the "
    "pages result in SIGSEGV)")
{
    unsigned char *p;
    int fd, sig;

    fd = make_file("data", shmc_t_page());
    p = (unsigned char *)shmc_t_mmap(shmc_t_page(), SHMC_T_RW, MAP_SHARED,
        fd, 0);
    ATF_REQUIRE(munmap(p, shmc_t_page()) == 0);
    sig = shmc_t_touch(p, false);
    ATF_CHECK_MSG(sig == SIGSEGV, "XSH munmap: further references to the "
        "pages shall raise SIGSEGV, got %s", shmc_signame(sig));
    (void)close(fd);
}

SHMC_TC(msync__flags, "XSH msync: MS_ASYNC and MS_SYNC succeed on a mapping; "
    "[ENOMEM] for unmapped pages; MS_INVALIDATE and MS_SYNC|MS_ASYNC are "
    "recorded")
{
    char *p, *hole;
    int fd;

    fd = make_file("data", shmc_t_page());
    p = shmc_t_mmap(shmc_t_page(), SHMC_T_RW, MAP_SHARED, fd, 0);
    ATF_CHECK_MSG(msync(p, shmc_t_page(), MS_ASYNC) == 0, "XSH msync "
        "MS_ASYNC: %s", strerror(errno));
    ATF_CHECK_MSG(msync(p, shmc_t_page(), MS_SYNC) == 0, "XSH msync "
        "MS_SYNC: %s", strerror(errno));
    shmc_t_obs_errno("mmap.msync.invalidate",
        msync(p, shmc_t_page(), MS_INVALIDATE) == -1 ? errno : 0);
    shmc_t_obs_errno("mmap.msync.sync_and_async",
        msync(p, shmc_t_page(), MS_SYNC | MS_ASYNC) == -1 ? errno : 0);
    /* A range just unmapped is not mapped any more: ENOMEM. */
    hole = shmc_t_mmap(shmc_t_page(), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
        -1, 0);
    ATF_REQUIRE(munmap(hole, shmc_t_page()) == 0);
    ATF_CHECK_MSG(msync(hole, shmc_t_page(), MS_SYNC) == -1 &&
        errno == ENOMEM, "XSH msync [ENOMEM] (unmapped pages): got %s",
        shmc_t_errstr(errno));
    (void)munmap(p, shmc_t_page());
    (void)close(fd);
}

/* ---------------------------------------------------------------------
 * The shm directory as files.
 * --------------------------------------------------------------------- */

/** Finds the shm directory, or skips. */
static void
shm_dir(char *dir, size_t size)
{
    if (!shmc_t_shm_dir(dir, size))
        atf_tc_skip("shm objects are not files in a directory here");
}

/** Finds the shm directory, or skips; builds the path of name there. */
static void
shm_path(const char *name, char *path, size_t size)
{
    char dir[PATH_MAX];

    shm_dir(dir, sizeof(dir));
    (void)snprintf(path, size, "%s/%s", dir, name + 1);
}

SHMC_TC(shmdir__file_is_the_object, "Whether open()+mmap of the file in the "
    "shm directory is the same object as shm_open of the name, both "
    "ways, and whether a file made with open() opens with shm_open")
{
    char name[SHMC_NAME_MAX], path[PATH_MAX + 64], dir[PATH_MAX];
    char *a, *b;
    int fd, fd2;

    fd = shmc_t_shm_new(name, sizeof(name), O_RDWR, 0600);
    shm_path(name, path, sizeof(path));
    shmc_t_ftruncate(fd, (off_t)shmc_t_page());
    a = shmc_t_mmap(shmc_t_page(), SHMC_T_RW, MAP_SHARED, fd, 0);
    shmc_t_require(shmc_t_back(a, shmc_t_page()), "first write");
    memcpy(a, "via shm_open", 13);
    fd2 = open(path, O_RDWR);
    shmc_t_obs_errno("mmap.shmdir.open_file", fd2 == -1 ? errno : 0);
    if (fd2 != -1) {
        b = shmc_t_mmap(shmc_t_page(), SHMC_T_RW, MAP_SHARED, fd2, 0);
        shmc_t_obs_bool("mmap.shmdir.file_sees_shm_open_write",
            strcmp(b, "via shm_open") == 0);
        memcpy(b, "via open", 9);
        shmc_t_obs_bool("mmap.shmdir.shm_open_sees_file_write",
            strcmp(a, "via open") == 0);
        (void)munmap(b, shmc_t_page());
        (void)close(fd2);
    }
    (void)munmap(a, shmc_t_page());
    (void)close(fd);

    /* The other way: a file made with open() in the directory. */
    shm_dir(dir, sizeof(dir));
    fd2 = make_named_file(dir, name, sizeof(name), path, sizeof(path));
    (void)close(fd2);
    fd = shm_open(name, O_RDWR, 0);
    shmc_t_obs_errno("mmap.shmdir.created_file_opens_as_shm",
        fd == -1 ? errno : 0);
    if (fd != -1)
        (void)close(fd);
}

/* Removes path with rm(1), as a user at a shell would. */
static int
rm_file(const char *path)
{
    char *argv[] = { (char *)"/bin/rm", (char *)"-f", (char *)path, NULL };
    shmc_proc_result_t r;
    int ok;

    shmc_t_require(shmc_proc_spawn(argv, SHMC_PROC_TIMEOUT_MS, &r), "rm");
    ok = shmc_proc_exited_ok(&r);
    shmc_proc_result_fini(&r);
    return ok ? 0 : -1;
}

SHMC_TC(shmdir__removing_the_file, "Whether unlink() or rm of the file in "
    "the shm directory removes the name as shm_unlink does, leaving "
    "open mappings alive")
{
    char name[SHMC_NAME_MAX], path[PATH_MAX + 64];
    char *p;
    int fd, fd2, i;

    for (i = 0; i < 2; i++) {
        fd = shmc_t_shm_new(name, sizeof(name), O_RDWR, 0600);
        shm_path(name, path, sizeof(path));
        shmc_t_ftruncate(fd, (off_t)shmc_t_page());
        p = shmc_t_mmap(shmc_t_page(), SHMC_T_RW, MAP_SHARED, fd, 0);
        shmc_t_require(shmc_t_back(p, shmc_t_page()), "first write");
        memcpy(p, "still", 6);
        if (i == 0)
            shmc_t_obs_errno("mmap.shmdir.unlink_file",
                unlink(path) == -1 ? errno : 0);
        else
            shmc_t_obs_bool("mmap.shmdir.rm_file_succeeds",
                rm_file(path) == 0);
        fd2 = shm_open(name, O_RDONLY, 0);
        shmc_t_obs_errno(i == 0 ? "mmap.shmdir.shm_open_after_unlink_file" :
            "mmap.shmdir.shm_open_after_rm_file", fd2 == -1 ? errno : 0);
        if (fd2 != -1)
            (void)close(fd2);
        ATF_CHECK_MSG(strcmp(p, "still") == 0, "the mapping lost its data "
            "when the file was removed");
        (void)munmap(p, shmc_t_page());
        (void)close(fd);
    }
}

/** Maps a fresh file in dir in two processes independently. */
static void
shared_in(const char *dir, const char *key)
{
    char name[SHMC_NAME_MAX], path[PATH_MAX + 64];
    char *p;
    int fd;

    fd = make_named_file(dir, name, sizeof(name), path, sizeof(path));
    shmc_t_ftruncate(fd, (off_t)shmc_t_page());
    p = shmc_t_mmap(shmc_t_page(), SHMC_T_RW, MAP_SHARED, fd, 0);
    child_writes(path, NULL, "placed");
    shmc_t_obs_bool(key, strcmp(p, "placed") == 0);
    ATF_CHECK_MSG(strcmp(p, "placed") == 0, "XSH mmap MAP_SHARED: a file in "
        "%s is not shared between independent mappings", dir);
    (void)munmap(p, shmc_t_page());
    (void)close(fd);
    (void)unlink(path);
}

SHMC_TC(placement__tmpfs_and_disk, "A mapped file in the shm directory "
    "(tmpfs) and one in /var/tmp (usually a disk) are both shared")
{
    char dir[PATH_MAX];

    if (shmc_t_shm_dir(dir, sizeof(dir)))
        shared_in(dir, "mmap.placement.shm_dir_file_shared");
    else
        shmc_t_obs_null("mmap.placement.shm_dir_file_shared");
    if (access("/var/tmp", W_OK) != 0)
        atf_tc_skip("/var/tmp is not writable here");
    shared_in("/var/tmp", "mmap.placement.var_tmp_file_shared");
}

ATF_TP_ADD_TCS(tp)
{
    ATF_TP_ADD_TC(tp, file_shared__read_after_msync);
    ATF_TP_ADD_TC(tp, file_shared__other_process);
    ATF_TP_ADD_TC(tp, file_private__copy_on_write);
    ATF_TP_ADD_TC(tp, file__survives_close_and_unlink);
    ATF_TP_ADD_TC(tp, file__past_eof__sigbus);
    ATF_TP_ADD_TC(tp, file__after_shrinking_truncate);
    ATF_TP_ADD_TC(tp, anon_shared__fork);
    ATF_TP_ADD_TC(tp, anon_private__fork_isolated);
    ATF_TP_ADD_TC(tp, mmap__no_sharing_flag__einval);
    ATF_TP_ADD_TC(tp, mmap__unaligned_offset__einval);
    ATF_TP_ADD_TC(tp, mmap__bad_descriptor__ebadf);
    ATF_TP_ADD_TC(tp, mmap__write_only_descriptor__eacces);
    ATF_TP_ADD_TC(tp, mmap__pipe__enodev);
    ATF_TP_ADD_TC(tp, mmap__protection_faults);
    ATF_TP_ADD_TC(tp, mmap__map_fixed_replaces);
    ATF_TP_ADD_TC(tp, munmap__later_access_sigsegv);
    ATF_TP_ADD_TC(tp, msync__flags);
    ATF_TP_ADD_TC(tp, shmdir__file_is_the_object);
    ATF_TP_ADD_TC(tp, shmdir__removing_the_file);
    ATF_TP_ADD_TC(tp, placement__tmpfs_and_disk);
    return atf_no_error();
}
