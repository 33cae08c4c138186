/* SPDX-License-Identifier: BSD-2-Clause */

/** A C library with one fault: an LD_PRELOAD shim over the shared-memory
 * and semaphore calls that makes one of them misbehave the way a
 * non-conforming implementation might.  $SHMC_FAULT names the fault (see
 * the table below, or run tests/faults.sh -l); unset or "none", every call
 * goes straight to the C library.  tests/faults.sh runs the conformance suites
 * under each fault and checks that some case naming an XSH requirement
 * fails every time.
 *
 * The shim is a test tool for ELF systems with dlsym(RTLD_NEXT); it is
 * never installed.  Where shm_open is not declared as POSIX has it (XNU
 * makes it variadic) or sem_timedwait is missing, it compiles to nothing. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <semaphore.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#if defined(HAVE_SHM_OPEN_MODE_T) && defined(HAVE_SEM_TIMEDWAIT)

typedef enum {
    F_NONE,
    F_SHM_OPEN_IGNORE_EXCL,
    F_SHM_OPEN_EEXIST_AS_EACCES,
    F_SHM_OPEN_ENOENT_AS_EINVAL,
    F_SHM_OPEN_NO_CLOEXEC,
    F_SHM_OPEN_IGNORE_UMASK,
    F_SHM_OPEN_TRUNCATE_NAME,
    F_SHM_OPEN_IGNORE_TRUNC,
    F_SHM_OPEN_RDONLY_AS_RDWR,
    F_SHM_OPEN_HIGH_DESCRIPTOR,
    F_SHM_OPEN_EMFILE_AS_ENFILE,
    F_SHM_OPEN_EACCES_AS_EPERM,
    F_SHM_UNLINK_NOOP,
    F_SHM_UNLINK_ENOENT_AS_EINVAL,
    F_SHM_UNLINK_EACCES_AS_EPERM,
    F_FTRUNCATE_ROUNDS_TO_PAGE,
    F_FTRUNCATE_IGNORES_SHRINK,
    F_FTRUNCATE_EBADF_AS_EPERM,
    F_FSTAT_SIZE_ZERO,
    F_FSTAT_MODE_0600,
    F_FSTAT_WRONG_UID,
    F_FCHMOD_NOOP,
    F_MMAP_SHARED_AS_PRIVATE,
    F_MMAP_LENGTH_ZERO_ALLOWED,
    F_MMAP_WRITE_ON_RDONLY_ALLOWED,
    F_MMAP_UNALIGNED_OFFSET_ROUNDED,
    F_MUNMAP_NOOP,
    F_SEM_OPEN_IGNORE_EXCL,
    F_SEM_OPEN_ENOENT_AS_EINVAL,
    F_SEM_CLOSE_FAILS,
    F_SEM_UNLINK_NOOP,
    F_SEM_POST_NOOP,
    F_SEM_TRYWAIT_EAGAIN_AS_EBUSY,
    F_SEM_TIMEDWAIT_IGNORES_BAD_NSEC,
} fault_t;

static const struct {
    fault_t m_fault;
    const char *m_name;
    const char *m_what;
} faults[] = {
    { F_SHM_OPEN_IGNORE_EXCL, "shm_open_ignore_excl",
        "shm_open drops O_EXCL: an existing name opens instead of EEXIST" },
    { F_SHM_OPEN_EEXIST_AS_EACCES, "shm_open_eexist_as_eacces",
        "shm_open reports EACCES where the name exists" },
    { F_SHM_OPEN_ENOENT_AS_EINVAL, "shm_open_enoent_as_einval",
        "shm_open reports EINVAL for a missing name" },
    { F_SHM_OPEN_NO_CLOEXEC, "shm_open_no_cloexec",
        "shm_open leaves FD_CLOEXEC clear" },
    { F_SHM_OPEN_IGNORE_UMASK, "shm_open_ignore_umask",
        "a new object gets the mode as given, ignoring the umask" },
    { F_SHM_OPEN_TRUNCATE_NAME, "shm_open_truncate_name",
        "names longer than NAME_MAX are silently cut to NAME_MAX bytes" },
    { F_SHM_OPEN_IGNORE_TRUNC, "shm_open_ignore_trunc",
        "shm_open ignores O_TRUNC" },
    { F_SHM_OPEN_RDONLY_AS_RDWR, "shm_open_rdonly_as_rdwr",
        "O_RDONLY opens for reading and writing" },
    { F_SHM_OPEN_HIGH_DESCRIPTOR, "shm_open_high_descriptor",
        "the descriptor is not the lowest free one" },
    { F_SHM_OPEN_EMFILE_AS_ENFILE, "shm_open_emfile_as_enfile",
        "shm_open reports ENFILE where the process is out of descriptors" },
    { F_SHM_OPEN_EACCES_AS_EPERM, "shm_open_eacces_as_eperm",
        "shm_open reports EPERM where permission is denied" },
    { F_SHM_UNLINK_NOOP, "shm_unlink_noop",
        "shm_unlink returns 0 and removes nothing" },
    { F_SHM_UNLINK_ENOENT_AS_EINVAL, "shm_unlink_enoent_as_einval",
        "shm_unlink reports EINVAL for a missing name" },
    { F_SHM_UNLINK_EACCES_AS_EPERM, "shm_unlink_eacces_as_eperm",
        "shm_unlink reports EPERM where permission is denied (as musl)" },
    { F_FTRUNCATE_ROUNDS_TO_PAGE, "ftruncate_rounds_to_page",
        "ftruncate rounds the size up to a whole page" },
    { F_FTRUNCATE_IGNORES_SHRINK, "ftruncate_ignores_shrink",
        "ftruncate returns 0 but never shrinks" },
    { F_FTRUNCATE_EBADF_AS_EPERM, "ftruncate_ebadf_as_eperm",
        "ftruncate of a descriptor not open for writing reports EPERM" },
    { F_FSTAT_SIZE_ZERO, "fstat_size_zero",
        "fstat reports st_size 0" },
    { F_FSTAT_MODE_0600, "fstat_mode_0600",
        "fstat reports the permission bits as 0600" },
    { F_FSTAT_WRONG_UID, "fstat_wrong_uid",
        "fstat reports another user as the owner" },
    { F_FCHMOD_NOOP, "fchmod_noop",
        "fchmod returns 0 and changes nothing" },
    { F_MMAP_SHARED_AS_PRIVATE, "mmap_shared_as_private",
        "a MAP_SHARED mapping of a descriptor is made MAP_PRIVATE" },
    { F_MMAP_LENGTH_ZERO_ALLOWED, "mmap_length_zero_allowed",
        "mmap of length 0 maps a page instead of EINVAL" },
    { F_MMAP_WRITE_ON_RDONLY_ALLOWED, "mmap_write_on_rdonly_allowed",
        "a writable shared mapping of a read-only descriptor is made "
        "read-only instead of EACCES" },
    { F_MMAP_UNALIGNED_OFFSET_ROUNDED, "mmap_unaligned_offset_rounded",
        "an unaligned offset is rounded down instead of EINVAL" },
    { F_MUNMAP_NOOP, "munmap_noop",
        "munmap returns 0 and leaves the pages mapped" },
    { F_SEM_OPEN_IGNORE_EXCL, "sem_open_ignore_excl",
        "sem_open drops O_EXCL" },
    { F_SEM_OPEN_ENOENT_AS_EINVAL, "sem_open_enoent_as_einval",
        "sem_open reports EINVAL for a missing name" },
    { F_SEM_CLOSE_FAILS, "sem_close_fails",
        "sem_close of an open semaphore fails with EINVAL" },
    { F_SEM_UNLINK_NOOP, "sem_unlink_noop",
        "sem_unlink returns 0 and removes nothing" },
    { F_SEM_POST_NOOP, "sem_post_noop",
        "sem_post returns 0 and does not increment" },
    { F_SEM_TRYWAIT_EAGAIN_AS_EBUSY, "sem_trywait_eagain_as_ebusy",
        "sem_trywait on a zero semaphore reports EBUSY" },
    { F_SEM_TIMEDWAIT_IGNORES_BAD_NSEC, "sem_timedwait_ignores_bad_nsec",
        "sem_timedwait treats an out-of-range tv_nsec as 0" },
};

/** The fault in force, read once from $SHMC_FAULT. */
static fault_t
fault(void)
{
    static bool known;
    static fault_t current;
    const char *env;
    size_t i;

    if (known)
        return current;
    env = getenv("SHMC_FAULT");
    current = F_NONE;
    for (i = 0; env != NULL && i < sizeof(faults) / sizeof(faults[0]); i++)
        if (strcmp(env, faults[i].m_name) == 0)
            current = faults[i].m_fault;
    if (env != NULL && *env != '\0' && current == F_NONE &&
        strcmp(env, "none") != 0) {
        (void)fprintf(stderr, "shmcfault: unknown fault '%s'\n", env);
        abort();
    }
    known = true;
    return current;
}

/** The C library's own function called name. */
static void *
real(const char *name)
{
    void *fn = dlsym(RTLD_NEXT, name);

    if (fn == NULL) {
        (void)fprintf(stderr, "shmcfault: no %s: %s\n", name, dlerror());
        abort();
    }
    return fn;
}

#define REAL(type, name) \
    static type real_##name; \
    if (real_##name == NULL) \
        *(void **)&real_##name = real(#name)

typedef int (*shm_open_fn)(const char *, int, mode_t);
typedef int (*shm_unlink_fn)(const char *);
typedef int (*ftruncate_fn)(int, off_t);
typedef int (*fstat_fn)(int, struct stat *);
typedef int (*fchmod_fn)(int, mode_t);
typedef void *(*mmap_fn)(void *, size_t, int, int, int, off_t);
typedef int (*munmap_fn)(void *, size_t);
typedef sem_t *(*sem_open_fn)(const char *, int, ...);
typedef int (*sem_fn)(sem_t *);
typedef int (*sem_unlink_fn)(const char *);
typedef int (*sem_timedwait_fn)(sem_t *, const struct timespec *);

/** Replaces errno from with to after a failed call. */
static int
swap_errno(int rc, int from, int to)
{
    if (rc == -1 && errno == from)
        errno = to;
    return rc;
}

int
shm_open(const char *name, int oflag, mode_t mode)
{
    char cut[NAME_MAX + 2];
    mode_t mask;
    int fd, high;
    REAL(shm_open_fn, shm_open);

    switch (fault()) {
    case F_SHM_OPEN_IGNORE_EXCL:
        oflag &= ~O_EXCL;
        break;
    case F_SHM_OPEN_IGNORE_TRUNC:
        oflag &= ~O_TRUNC;
        break;
    case F_SHM_OPEN_RDONLY_AS_RDWR:
        if ((oflag & O_ACCMODE) == O_RDONLY)
            oflag = (oflag & ~O_ACCMODE) | O_RDWR;
        break;
    case F_SHM_OPEN_TRUNCATE_NAME:
        if (strlen(name) > NAME_MAX) {
            (void)snprintf(cut, sizeof(cut), "%.*s", NAME_MAX, name);
            name = cut;
        }
        break;
    case F_SHM_OPEN_IGNORE_UMASK:
        if ((oflag & O_CREAT) && (oflag & O_EXCL)) {
            fd = real_shm_open(name, oflag, mode);
            if (fd != -1) {
                mask = umask(0);
                (void)umask(mask);
                (void)fchmod(fd, mode & 0777);
            }
            return fd;
        }
        break;
    default:
        break;
    }
    fd = real_shm_open(name, oflag, mode);
    switch (fault()) {
    case F_SHM_OPEN_EEXIST_AS_EACCES:
        return swap_errno(fd, EEXIST, EACCES);
    case F_SHM_OPEN_ENOENT_AS_EINVAL:
        return swap_errno(fd, ENOENT, EINVAL);
    case F_SHM_OPEN_EMFILE_AS_ENFILE:
        return swap_errno(fd, EMFILE, ENFILE);
    case F_SHM_OPEN_EACCES_AS_EPERM:
        return swap_errno(fd, EACCES, EPERM);
    case F_SHM_OPEN_NO_CLOEXEC:
        if (fd != -1)
            (void)fcntl(fd, F_SETFD, 0);
        return fd;
    case F_SHM_OPEN_HIGH_DESCRIPTOR:
        if (fd != -1 && (high = fcntl(fd, F_DUPFD_CLOEXEC, fd + 7)) != -1) {
            (void)close(fd);
            fd = high;
        }
        return fd;
    default:
        return fd;
    }
}

int
shm_unlink(const char *name)
{
    char cut[NAME_MAX + 2];
    REAL(shm_unlink_fn, shm_unlink);

    switch (fault()) {
    case F_SHM_OPEN_TRUNCATE_NAME:
        /* The same library cuts the names it unlinks. */
        if (strlen(name) > NAME_MAX) {
            (void)snprintf(cut, sizeof(cut), "%.*s", NAME_MAX, name);
            name = cut;
        }
        return real_shm_unlink(name);
    case F_SHM_UNLINK_NOOP:
        return 0;
    case F_SHM_UNLINK_ENOENT_AS_EINVAL:
        return swap_errno(real_shm_unlink(name), ENOENT, EINVAL);
    case F_SHM_UNLINK_EACCES_AS_EPERM:
        return swap_errno(real_shm_unlink(name), EACCES, EPERM);
    default:
        return real_shm_unlink(name);
    }
}

int
ftruncate(int fd, off_t length)
{
    off_t page = (off_t)sysconf(_SC_PAGESIZE);
    struct stat sb;
    fstat_fn real_fstat_for_size;
    REAL(ftruncate_fn, ftruncate);

    switch (fault()) {
    case F_FTRUNCATE_ROUNDS_TO_PAGE:
        length = (length + page - 1) / page * page;
        break;
    case F_FTRUNCATE_IGNORES_SHRINK:
        *(void **)&real_fstat_for_size = real("fstat");
        if (real_fstat_for_size(fd, &sb) == 0 && length < sb.st_size)
            return 0;
        break;
    case F_FTRUNCATE_EBADF_AS_EPERM:
        return swap_errno(swap_errno(real_ftruncate(fd, length), EBADF,
            EPERM), EINVAL, EPERM);
    default:
        break;
    }
    return real_ftruncate(fd, length);
}

int
fstat(int fd, struct stat *sb)
{
    int rc;
    REAL(fstat_fn, fstat);

    rc = real_fstat(fd, sb);
    if (rc == 0 && S_ISREG(sb->st_mode)) {
        switch (fault()) {
        case F_FSTAT_SIZE_ZERO:
            sb->st_size = 0;
            break;
        case F_FSTAT_MODE_0600:
            sb->st_mode = (sb->st_mode & ~(mode_t)07777) | 0600;
            break;
        case F_FSTAT_WRONG_UID:
            sb->st_uid += 1;
            break;
        default:
            break;
        }
    }
    return rc;
}

int
fchmod(int fd, mode_t mode)
{
    REAL(fchmod_fn, fchmod);

    if (fault() == F_FCHMOD_NOOP)
        return 0;
    return real_fchmod(fd, mode);
}

void *
mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    off_t page = (off_t)sysconf(_SC_PAGESIZE);
    void *p;
    REAL(mmap_fn, mmap);

    switch (fault()) {
    case F_MMAP_SHARED_AS_PRIVATE:
        if (fd != -1 && (flags & MAP_SHARED))
            flags = (flags & ~MAP_SHARED) | MAP_PRIVATE;
        break;
    case F_MMAP_LENGTH_ZERO_ALLOWED:
        if (len == 0)
            len = (size_t)page;
        break;
    case F_MMAP_UNALIGNED_OFFSET_ROUNDED:
        off -= off % page;
        break;
    case F_MMAP_WRITE_ON_RDONLY_ALLOWED:
        p = real_mmap(addr, len, prot, flags, fd, off);
        if (p == MAP_FAILED && errno == EACCES && (prot & PROT_WRITE))
            p = real_mmap(addr, len, prot & ~PROT_WRITE, flags, fd, off);
        return p;
    default:
        break;
    }
    return real_mmap(addr, len, prot, flags, fd, off);
}

int
munmap(void *addr, size_t len)
{
    REAL(munmap_fn, munmap);

    if (fault() == F_MUNMAP_NOOP)
        return 0;
    return real_munmap(addr, len);
}

sem_t *
sem_open(const char *name, int oflag, ...)
{
    unsigned int value = 0;
    mode_t mode = 0;
    va_list ap;
    sem_t *s;
    REAL(sem_open_fn, sem_open);

    if (oflag & O_CREAT) {
        va_start(ap, oflag);
        mode = (mode_t)va_arg(ap, int);
        value = va_arg(ap, unsigned int);
        va_end(ap);
    }
    if (fault() == F_SEM_OPEN_IGNORE_EXCL)
        oflag &= ~O_EXCL;
    s = real_sem_open(name, oflag, mode, value);
    if (s == SEM_FAILED && errno == ENOENT &&
        fault() == F_SEM_OPEN_ENOENT_AS_EINVAL)
        errno = EINVAL;
    return s;
}

int
sem_close(sem_t *s)
{
    REAL(sem_fn, sem_close);

    if (fault() == F_SEM_CLOSE_FAILS) {
        errno = EINVAL;
        return -1;
    }
    return real_sem_close(s);
}

int
sem_unlink(const char *name)
{
    REAL(sem_unlink_fn, sem_unlink);

    if (fault() == F_SEM_UNLINK_NOOP)
        return 0;
    return real_sem_unlink(name);
}

int
sem_post(sem_t *s)
{
    REAL(sem_fn, sem_post);

    if (fault() == F_SEM_POST_NOOP)
        return 0;
    return real_sem_post(s);
}

int
sem_trywait(sem_t *s)
{
    REAL(sem_fn, sem_trywait);

    if (fault() == F_SEM_TRYWAIT_EAGAIN_AS_EBUSY)
        return swap_errno(real_sem_trywait(s), EAGAIN, EBUSY);
    return real_sem_trywait(s);
}

int
sem_timedwait(sem_t *s, const struct timespec *abstime)
{
    struct timespec fixed;
    REAL(sem_timedwait_fn, sem_timedwait);

    if (fault() == F_SEM_TIMEDWAIT_IGNORES_BAD_NSEC &&
        (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000L)) {
        fixed = *abstime;
        fixed.tv_nsec = 0;
        return real_sem_timedwait(s, &fixed);
    }
    return real_sem_timedwait(s, abstime);
}

#else /* !(defined(HAVE_SHM_OPEN_MODE_T) && defined(HAVE_SEM_TIMEDWAIT)) */

/* Nothing to interpose here. */
extern int shmc_fault_unavailable;

#endif
