/* SPDX-License-Identifier: BSD-2-Clause */

/** shmcompat-peer: an unrelated process for the visibility suites.
 *
 * The suites start it with posix_spawn, never fork, so that what it sees
 * of an object comes through the object's name or a passed descriptor
 * only.  It does one thing and prints one line: "ok [DATA]" or
 * "error ERRNAME".  Exit status 0 means the command ran (whatever its
 * outcome), 1 an internal failure, 2 a usage error.
 *
 *   shmcompat-peer [-u UID -g GID] read NAME LEN
 *   shmcompat-peer [-u UID -g GID] write NAME TEXT
 *   shmcompat-peer [-u UID -g GID] open NAME rdonly|rdwr|rdwr_trunc
 *   shmcompat-peer create NAME TEXT
 *   shmcompat-peer recvfd SOCKFD LEN TEXT
 *   shmcompat-peer [-u UID -g GID] unlink NAME
 *   shmcompat-peer sysv-create KEY TEXT   (KEY in hex; prints "ok ID")
 *   shmcompat-peer sysv-read KEY LEN
 *   shmcompat-peer sysv-nattch ID
 *   shmcompat-peer sem-create NAME VALUE
 *   shmcompat-peer sem-value NAME
 *   shmcompat-peer sem-unlink NAME
 *   shmcompat-peer sem-open-close NAME
 *
 * sysv-create records the segment it leaves behind in the test case's
 * cleanup ledger (its working directory is the test case's).
 */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/types.h>
#include <sys/mman.h>
#if defined(HAVE_SYS_SHM_H)
#   include <sys/ipc.h>
#   include <sys/shm.h>
#endif
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#if defined(HAVE_SEM_OPEN)
#   include <semaphore.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/cleanup.h"
#include "lib/errname.h"
#include "lib/fdpass.h"
#if defined(HAVE_SEM_OPEN)
#   include "lib/sem.h"
#endif

#define PROGNAME "shmcompat-peer"

static int
usage(void)
{
    fprintf(stderr, "Usage: " PROGNAME " [-u UID -g GID] "
        "read|write|open|create|recvfd|unlink ARGS...\n");
    return 2;
}

static int
report_errno(const char *what, int errnum)
{
    printf("error %s\n", shmc_errname(errnum));
    fprintf(stderr, PROGNAME ": %s: %s\n", what, strerror(errnum));
    return 0;
}

/** Prints "ok" and the NUL-ended text at p, at most len bytes. */
static int
report_data(const unsigned char *p, size_t len)
{
    printf("ok %.*s\n", (int)strnlen((const char *)p, len), p);
    return 0;
}

static int
drop_privileges(const char *uid, const char *gid)
{
    gid_t g = (gid_t)strtol(gid, NULL, 10);
    uid_t u = (uid_t)strtol(uid, NULL, 10);

    if (setgroups(1, &g) == -1 || setgid(g) == -1 || setuid(u) == -1) {
        fprintf(stderr, PROGNAME ": cannot become %s:%s: %s\n", uid, gid,
            strerror(errno));
        return -1;
    }
    return 0;
}

#if defined(HAVE_SHM_OPEN)
static int
cmd_read(const char *name, size_t len)
{
    unsigned char *p;
    int fd;

    fd = shm_open(name, O_RDONLY, 0);
    if (fd == -1)
        return report_errno("shm_open", errno);
    p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
    (void)close(fd);
    if (p == MAP_FAILED)
        return report_errno("mmap", errno);
    return report_data(p, len);
}

static int
cmd_write(const char *name, const char *text)
{
    size_t len = strlen(text) + 1;
    unsigned char *p;
    int fd;

    fd = shm_open(name, O_RDWR, 0);
    if (fd == -1)
        return report_errno("shm_open", errno);
    p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    (void)close(fd);
    if (p == MAP_FAILED)
        return report_errno("mmap", errno);
    memcpy(p, text, len);
    printf("ok\n");
    return 0;
}

static int
cmd_open(const char *name, const char *how)
{
    int fd, flags = O_RDONLY;

    if (strcmp(how, "rdwr") == 0)
        flags = O_RDWR;
    else if (strcmp(how, "rdwr_trunc") == 0)
        flags = O_RDWR | O_TRUNC;
    fd = shm_open(name, flags, 0);
    if (fd == -1)
        return report_errno("shm_open", errno);
    (void)close(fd);
    printf("ok\n");
    return 0;
}

/** Creates NAME with TEXT in it and exits leaving it in place, recorded
 * in the test case's cleanup ledger once created. */
static int
cmd_create(const char *name, const char *text)
{
    size_t len = (size_t)sysconf(_SC_PAGESIZE);
    unsigned char *p;
    int fd;

    fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd == -1)
        return report_errno("shm_open", errno);
    (void)shmc_cleanup_created(SHMC_CLEANUP_SHM, name, fd);
    if (ftruncate(fd, (off_t)len) == -1) {
        (void)close(fd);
        return report_errno("ftruncate", errno);
    }
    p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    (void)close(fd);
    if (p == MAP_FAILED)
        return report_errno("mmap", errno);
    (void)snprintf((char *)p, len, "%s", text);
    printf("ok\n");
    return 0;
}

static int
cmd_unlink(const char *name)
{
    if (shm_unlink(name) == -1)
        return report_errno("shm_unlink", errno);
    printf("ok\n");
    return 0;
}
#endif

#if defined(HAVE_SYS_SHM_H) && defined(HAVE_SHMGET)
static int
cmd_sysv_create(const char *keyhex, const char *text)
{
    size_t len = (size_t)sysconf(_SC_PAGESIZE);
    key_t key = (key_t)strtol(keyhex, NULL, 16);
    char *p;
    int id;

    id = shmget(key, len, IPC_CREAT | IPC_EXCL | 0600);
    if (id == -1)
        return report_errno("shmget", errno);
    (void)shmc_cleanup_created_sysv(id);
    p = shmat(id, NULL, 0);
    if (p == (void *)-1)
        return report_errno("shmat", errno);
    (void)snprintf(p, len, "%s", text);
    (void)shmdt(p);
    printf("ok %d\n", id);
    return 0;
}

static int
cmd_sysv_read(const char *keyhex, size_t len)
{
    key_t key = (key_t)strtol(keyhex, NULL, 16);
    unsigned char *p;
    int id;

    id = shmget(key, 0, 0);
    if (id == -1)
        return report_errno("shmget", errno);
    p = shmat(id, NULL, SHM_RDONLY);
    if (p == (void *)-1)
        return report_errno("shmat", errno);
    (void)report_data(p, len);
    (void)shmdt(p);
    return 0;
}

static int
cmd_sysv_nattch(const char *id)
{
    struct shmid_ds ds;

    if (shmctl(atoi(id), IPC_STAT, &ds) == -1)
        return report_errno("shmctl", errno);
    printf("ok %lu\n", (unsigned long)ds.shm_nattch);
    return 0;
}
#endif

#if defined(HAVE_SEM_OPEN)
/** Creates a named semaphore and exits leaving it in place, recorded in the
 * test case's cleanup ledger. */
static int
cmd_sem_create(const char *name, const char *value)
{
    sem_t *sem;

    sem = sem_open(name, O_CREAT | O_EXCL, 0600, (unsigned)atoi(value));
    if (sem == SEM_FAILED)
        return report_errno("sem_open", errno);
    (void)shmc_cleanup_created(SHMC_CLEANUP_SEM, name, -1);
    (void)sem_close(sem);
    printf("ok\n");
    return 0;
}

/** sem_unlink of NAME, as whoever this peer runs as. */
static int
cmd_sem_unlink(const char *name)
{
    if (sem_unlink(name) == -1)
        return report_errno("sem_unlink", errno);
    printf("ok\n");
    return 0;
}

/** Opens NAME without O_CREAT and closes it again. */
static int
cmd_sem_open_close(const char *name)
{
    sem_t *sem;

    sem = sem_open(name, 0);
    if (sem == SEM_FAILED)
        return report_errno("sem_open", errno);
    if (sem_close(sem) == -1)
        return report_errno("sem_close", errno);
    printf("ok\n");
    return 0;
}

static int
cmd_sem_value(const char *name)
{
    shmc_error_t err;
    sem_t *sem;
    int value, errnum;

    sem = sem_open(name, 0);
    if (sem == SEM_FAILED)
        return report_errno("sem_open", errno);
    err = shmc_sem_value(sem, &value);
    (void)sem_close(sem);
    if (shmc_is_error(err)) {
        errnum = shmc_error_errno(err);
        shmc_error_free(err);
        return report_errno("reading the value", errnum);
    }
    printf("ok %d\n", value);
    return 0;
}
#endif

/** Receives a descriptor over the UNIX socket SOCKFD (SCM_RIGHTS), prints
 * what its mapping holds, then writes TEXT into it. */
static int
cmd_recvfd(int sock, size_t len, const char *text)
{
    unsigned char *p;
    shmc_error_t err;
    int fd, errnum;

    err = shmc_fdpass_recv(sock, &fd);
    if (shmc_is_error(err)) {
        errnum = shmc_error_errno(err);
        shmc_error_free(err);
        return report_errno("recvmsg", errnum);
    }
    p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    (void)close(fd);
    if (p == MAP_FAILED)
        return report_errno("mmap", errno);
    (void)report_data(p, len);
    (void)snprintf((char *)p, len, "%s", text);
    return 0;
}

int
main(int argc, char **argv)
{
    int i = 1;

    if (argc > 4 && strcmp(argv[1], "-u") == 0 && strcmp(argv[3], "-g") == 0) {
        if (drop_privileges(argv[2], argv[4]) == -1)
            return 1;
        i = 5;
    }
    if (argc - i < 2)
        return usage();
    setvbuf(stdout, NULL, _IONBF, 0);

#if defined(HAVE_SYS_SHM_H) && defined(HAVE_SHMGET)
    if (strcmp(argv[i], "sysv-create") == 0 && argc - i == 3)
        return cmd_sysv_create(argv[i + 1], argv[i + 2]);
    if (strcmp(argv[i], "sysv-read") == 0 && argc - i == 3)
        return cmd_sysv_read(argv[i + 1],
            (size_t)strtoul(argv[i + 2], NULL, 10));
    if (strcmp(argv[i], "sysv-nattch") == 0 && argc - i == 2)
        return cmd_sysv_nattch(argv[i + 1]);
#endif
#if defined(HAVE_SEM_OPEN)
    if (strcmp(argv[i], "sem-create") == 0 && argc - i == 3)
        return cmd_sem_create(argv[i + 1], argv[i + 2]);
    if (strcmp(argv[i], "sem-value") == 0 && argc - i == 2)
        return cmd_sem_value(argv[i + 1]);
    if (strcmp(argv[i], "sem-unlink") == 0 && argc - i == 2)
        return cmd_sem_unlink(argv[i + 1]);
    if (strcmp(argv[i], "sem-open-close") == 0 && argc - i == 2)
        return cmd_sem_open_close(argv[i + 1]);
#endif
    if (strcmp(argv[i], "recvfd") == 0 && argc - i == 4)
        return cmd_recvfd(atoi(argv[i + 1]),
            (size_t)strtoul(argv[i + 2], NULL, 10), argv[i + 3]);
#if defined(HAVE_SHM_OPEN)
    if (strcmp(argv[i], "read") == 0 && argc - i == 3)
        return cmd_read(argv[i + 1], (size_t)strtoul(argv[i + 2], NULL, 10));
    if (strcmp(argv[i], "write") == 0 && argc - i == 3)
        return cmd_write(argv[i + 1], argv[i + 2]);
    if (strcmp(argv[i], "open") == 0 && argc - i == 3)
        return cmd_open(argv[i + 1], argv[i + 2]);
    if (strcmp(argv[i], "create") == 0 && argc - i == 3)
        return cmd_create(argv[i + 1], argv[i + 2]);
    if (strcmp(argv[i], "unlink") == 0 && argc - i == 2)
        return cmd_unlink(argv[i + 1]);
#endif
    return usage();
}
