/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/run.h"

#include <sys/types.h>
#include <sys/stat.h>
#if defined(HAVE_SYS_RANDOM_H)
#   include <sys/random.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/name.h"

#if !defined(O_NOFOLLOW)
#   define O_NOFOLLOW 0
#endif

/* Where the lock's descriptor goes. */
#define LOCK_FD_MIN 64

/* The pid that joined the run (a forked child must join again: fcntl
 * locks are not inherited) and the lock's descriptor. */
static pid_t joined_pid;
static int lock_fd = -1;

shmc_error_t
shmc_run_random(void *buf, size_t len)
{
#if defined(HAVE_ARC4RANDOM_BUF)
    arc4random_buf(buf, len);
    return shmc_no_error();
#elif defined(HAVE_GETENTROPY)
    unsigned char *p = buf;
    size_t n;

    /* getentropy(3) gives at most 256 bytes per call. */
    for (; len > 0; p += n, len -= n) {
        n = len < 256 ? len : 256;
        if (getentropy(p, n) == -1)
            return shmc_error_libc(errno, "getentropy");
    }
    return shmc_no_error();
#else
    unsigned char *p = buf;
    ssize_t n;
    int fd;

    fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd == -1)
        return shmc_error_libc(errno, "Cannot open /dev/urandom");
    for (; len > 0; p += n, len -= (size_t)n) {
        n = read(fd, p, len);
        if (n <= 0) {
            int saved = n == 0 ? EIO : errno;

            (void)close(fd);
            return shmc_error_libc(saved, "Cannot read /dev/urandom");
        }
    }
    (void)close(fd);
    return shmc_no_error();
#endif
}

unsigned int
shmc_run_random_u32(void)
{
    unsigned int r;
    shmc_error_t err;

    err = shmc_run_random(&r, sizeof(r));
    if (shmc_is_error(err)) {
        fprintf(stderr, "shmcompat: %s\n", shmc_error_message(err));
        abort();
    }
    return r;
}

shmc_error_t
shmc_run_random_text(char *buf, size_t len)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    unsigned char bytes[64];
    shmc_error_t err;
    size_t i;

    if (len > sizeof(bytes))
        return shmc_error_new("%zu random characters are too many", len);
    if (shmc_is_error(err = shmc_run_random(bytes, len)))
        return err;
    /* 252 is the largest multiple of 36 below 256: reject the rest so that
     * every character is equally likely. */
    for (i = 0; i < len; i++) {
        while (bytes[i] >= 252)
            if (shmc_is_error(err = shmc_run_random(&bytes[i], 1)))
                return err;
        buf[i] = digits[bytes[i] % 36];
    }
    buf[len] = '\0';
    return shmc_no_error();
}

/** The path of the run's file with suffix, in dir; false when too long. */
static bool
run_path(const char *dir, const char *id, const char *suffix, char *path,
    size_t size)
{
    int n = snprintf(path, size, "%s/%s%s", dir, id, suffix);

    return n > 0 && (size_t)n < size;
}

void
shmc_run_join(void)
{
    const char *dir = getenv(SHMC_RUN_DIR_ENV);
    char path[PATH_MAX], line[64];
    struct flock fl;
    int fd;

    if (dir == NULL || dir[0] == '\0' || joined_pid == getpid())
        return;
    joined_pid = getpid();
    if (lock_fd != -1)
        (void)close(lock_fd);   /* The parent's; its lock is not ours. */
    lock_fd = -1;
    if (!run_path(dir, shmc_name_run_id(), SHMC_RUN_LOCK_SUFFIX, path,
        sizeof(path)))
        return;
    fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd == -1)
        fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd == -1)
        return;
    /* Out of the way of the low descriptors the suites count on; moved
     * before locking, since closing any descriptor of the file drops the
     * process's locks on it. */
    lock_fd = fcntl(fd, F_DUPFD_CLOEXEC, LOCK_FD_MIN);
    if (lock_fd != -1) {
        (void)close(fd);
        fd = lock_fd;
    }
    lock_fd = -1;
    memset(&fl, 0, sizeof(fl));
    fl.l_type = F_RDLCK;
    fl.l_whence = SEEK_SET;
    if (fcntl(fd, F_SETLK, &fl) == -1) {
        (void)close(fd);
        return;
    }
    lock_fd = fd;
    (void)snprintf(line, sizeof(line), "proc %ld %lld\n", (long)getpid(),
        (long long)time(NULL));
    (void)shmc_run_record(line);
}

shmc_error_t
shmc_run_record(const char *line)
{
    const char *dir = getenv(SHMC_RUN_DIR_ENV);
    char path[PATH_MAX];
    size_t len = strlen(line);
    ssize_t n;
    int fd;

    if (dir == NULL || dir[0] == '\0')
        return shmc_no_error();
    if (!run_path(dir, shmc_name_run_id(), SHMC_RUN_OBJECTS_SUFFIX, path,
        sizeof(path)))
        return shmc_error_new("Run directory %s: name too long", dir);
    /* One write(2) per line on an O_APPEND descriptor: the lines of a
     * run's processes never interleave. */
    fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC,
        0644);
    if (fd == -1)
        return shmc_error_libc(errno, "Cannot open %s", path);
    n = write(fd, line, len);
    (void)close(fd);
    if (n != (ssize_t)len)
        return shmc_error_libc(n == -1 ? errno : EIO, "Cannot write %s",
            path);
    return shmc_no_error();
}

static void
on_alarm(int sig)
{
    (void)sig;
}

shmc_error_t
shmc_run_wait(const char *dir, const char *id, unsigned int seconds,
    bool *ended)
{
    struct sigaction sa, old;
    char path[PATH_MAX];
    struct flock fl;
    int fd, rc, saved;

    *ended = false;
    if (!run_path(dir, id, SHMC_RUN_LOCK_SUFFIX, path, sizeof(path)))
        return shmc_error_new("Run directory %s: name too long", dir);
    fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
    if (fd == -1)
        return errno == ENOENT ? (*ended = true, shmc_no_error()) :
            shmc_error_libc(errno, "Cannot open %s", path);
    /* The exclusive lock is granted once the last shared one goes; the
     * alarm bounds the wait (no SA_RESTART: it interrupts fcntl). */
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    (void)sigemptyset(&sa.sa_mask);
    (void)sigaction(SIGALRM, &sa, &old);
    memset(&fl, 0, sizeof(fl));
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    (void)alarm(seconds);
    rc = fcntl(fd, F_SETLKW, &fl);
    saved = errno;
    (void)alarm(0);
    (void)sigaction(SIGALRM, &old, NULL);
    (void)close(fd);
    if (rc == 0)
        *ended = true;
    else if (saved != EINTR)
        return shmc_error_libc(saved, "fcntl(%s, F_SETLKW)", path);
    return shmc_no_error();
}

shmc_error_t
shmc_run_alive(const char *dir, const char *id, bool *known, bool *alive)
{
    char path[PATH_MAX];
    struct flock fl;
    int fd;

    *known = false;
    *alive = false;
    if (!run_path(dir, id, SHMC_RUN_LOCK_SUFFIX, path, sizeof(path)))
        return shmc_error_new("Run directory %s: name too long", dir);
    fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
    if (fd == -1)
        return errno == ENOENT ? shmc_no_error() :
            shmc_error_libc(errno, "Cannot open %s", path);
    memset(&fl, 0, sizeof(fl));
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (fcntl(fd, F_GETLK, &fl) == -1) {
        int saved = errno;

        (void)close(fd);
        return shmc_error_libc(saved, "fcntl(%s, F_GETLK)", path);
    }
    (void)close(fd);
    *known = true;
    *alive = fl.l_type != F_UNLCK;
    return shmc_no_error();
}
