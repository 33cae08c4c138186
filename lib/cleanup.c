/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/cleanup.h"

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>
#if defined(HAVE_SYS_SHM_H)
#   include <sys/ipc.h>
#   include <sys/shm.h>
#endif
#if defined(HAVE_SYS_SEM_H) && defined(HAVE_SEMGET)
#   include <sys/sem.h>
#endif

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#if defined(HAVE_SEM_OPEN)
#   include <semaphore.h>
#endif
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/run.h"

#if !defined(O_NOFOLLOW)
#   define O_NOFOLLOW 0
#endif

static const char *const kind_words[] = {
    "shm", "sem", "sysv", "file", "sysv-sem"
};

/** Appends "KIND HEXNAME IDENTITY\n" to the ledger and the run's record. */
static shmc_error_t
ledger_append(shmc_cleanup_kind_t kind, const char *name,
    const char *identity)
{
    static const char hex[] = "0123456789abcdef";
    char *line;
    size_t len, i, namelen;
    ssize_t n;
    int fd;
    shmc_error_t err = shmc_no_error();

    namelen = strlen(name);
    if (namelen > SHMC_CLEANUP_NAME_MAX)
        return shmc_error_new("Name of %zu bytes is too long to record",
            namelen);
    line = malloc(SHMC_CLEANUP_LINE_MAX);
    if (line == NULL)
        return shmc_error_nomem();
    len = (size_t)snprintf(line, SHMC_CLEANUP_LINE_MAX, "%s ",
        kind_words[kind]);
    for (i = 0; i < namelen; i++) {
        line[len++] = hex[(unsigned char)name[i] >> 4];
        line[len++] = hex[(unsigned char)name[i] & 0xf];
    }
    len += (size_t)snprintf(line + len, SHMC_CLEANUP_LINE_MAX - len,
        " %s\n", identity);

    shmc_run_join();
    /* One write(2) per line on an O_APPEND descriptor: lines from several
     * processes of one test case never interleave. */
    fd = open(SHMC_CLEANUP_LEDGER, O_WRONLY | O_CREAT | O_APPEND |
        O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd == -1)
        err = shmc_error_libc(errno, "Cannot open %s", SHMC_CLEANUP_LEDGER);
    else {
        n = write(fd, line, len);
        if (n != (ssize_t)len)
            err = shmc_error_libc(n == -1 ? errno : EIO, "Cannot write %s",
                SHMC_CLEANUP_LEDGER);
        (void)close(fd);
    }
    if (!shmc_is_error(err))
        err = shmc_run_record(line);
    free(line);
    return err;
}

/** Opens a shm object by name for fstat only; never creates, never blocks
 * (O_NONBLOCK where shm_open takes it). */
static int
shm_open_existing(const char *name)
{
#if defined(HAVE_SHM_OPEN)
    int fd = shm_open(name, O_RDONLY | O_NONBLOCK, 0);

    if (fd == -1 && errno == EINVAL)
        fd = shm_open(name, O_RDONLY, 0);
    return fd;
#else
    (void)name;
    errno = ENOSYS;
    return -1;
#endif
}

/** Where the system shows a named semaphore as a shm object "sem.NAME"
 * (glibc does), a descriptor of it; otherwise -1. */
static int
sem_file_open(const char *name)
{
    char path[PATH_MAX];
    int n;

    n = snprintf(path, sizeof(path), "/sem.%s",
        name[0] == '/' ? name + 1 : name);
    if (n < 0 || (size_t)n >= sizeof(path)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return shm_open_existing(path);
}

static void
identity_of(const struct stat *sb, char *buf, size_t size)
{
    (void)snprintf(buf, size, "%ju:%ju:%ju", (uintmax_t)sb->st_dev,
        (uintmax_t)sb->st_ino, (uintmax_t)sb->st_uid);
}

shmc_error_t
shmc_cleanup_created(shmc_cleanup_kind_t kind, const char *name, int fd)
{
    char identity[96], path[PATH_MAX];
    struct stat sb;
    int sfd = fd;
    bool have;

    if (kind == SHMC_CLEANUP_SEM && fd == -1)
        sfd = sem_file_open(name);
    have = sfd != -1 && fstat(sfd, &sb) == 0;
    if (sfd != fd && sfd != -1)
        (void)close(sfd);
    if (have)
        identity_of(&sb, identity, sizeof(identity));
    else if (kind == SHMC_CLEANUP_SEM)
        (void)snprintf(identity, sizeof(identity), "-:-:%ju",
            (uintmax_t)geteuid());
    else
        return shmc_error_libc(fd == -1 ? EBADF : errno,
            "Cannot identify %s to record it", name);
    /* A file is recorded by absolute path, for shmcompat-clean. */
    if (kind == SHMC_CLEANUP_FILE && name[0] != '/') {
        if (getcwd(path, sizeof(path)) == NULL)
            return shmc_error_libc(errno, "getcwd");
        if (strlen(path) + 1 + strlen(name) >= sizeof(path))
            return shmc_error_libc(ENAMETOOLONG, "Cannot record %s", name);
        (void)strcat(path, "/");
        (void)strcat(path, name);
        name = path;
    }
    return ledger_append(kind, name, identity);
}

#if defined(HAVE_SYS_SEM_H) && defined(HAVE_SEMGET)
/* The caller defines union semun (XSI). */
union shmc_semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};
#endif

/** What identifies System V segment id (with sem: semaphore set id) in
 * the ledger: "CPID:CUID" for a segment, "-:CUID" for a set, which keeps
 * no creator pid.  Returns -1 with errno set when IPC_STAT fails (ENOSYS
 * where the system has no such IPC). */
static int
ipc_identity(int id, bool sem, char *buf, size_t size)
{
#if defined(HAVE_SYS_SHM_H)
    if (!sem) {
        struct shmid_ds ds;

        if (shmctl(id, IPC_STAT, &ds) == -1)
            return -1;
        (void)snprintf(buf, size, "%ld:%ju", (long)ds.shm_cpid,
            (uintmax_t)ds.shm_perm.cuid);
        return 0;
    }
#endif
#if defined(HAVE_SYS_SEM_H) && defined(HAVE_SEMGET)
    if (sem) {
        struct semid_ds ds;
        union shmc_semun arg;

        arg.buf = &ds;
        if (semctl(id, 0, IPC_STAT, arg) == -1)
            return -1;
        (void)snprintf(buf, size, "-:%ju", (uintmax_t)ds.sem_perm.cuid);
        return 0;
    }
#endif
    (void)id; (void)sem; (void)buf; (void)size;
    errno = ENOSYS;
    return -1;
}

/** IPC_RMID of segment id (with sem: semaphore set id). */
static int
ipc_remove(int id, bool sem)
{
#if defined(HAVE_SYS_SHM_H)
    if (!sem)
        return shmctl(id, IPC_RMID, NULL);
#endif
#if defined(HAVE_SYS_SEM_H) && defined(HAVE_SEMGET)
    if (sem)
        return semctl(id, 0, IPC_RMID);
#endif
    (void)id; (void)sem;
    errno = ENOSYS;
    return -1;
}

/** Records System V object id (a segment, or a semaphore set for
 * SHMC_CLEANUP_SYSV_SEM) with what identifies it. */
static shmc_error_t
created_ipc(shmc_cleanup_kind_t kind, int id)
{
    char name[32], identity[64];
    bool sem = kind == SHMC_CLEANUP_SYSV_SEM;

    if (ipc_identity(id, sem, identity, sizeof(identity)) == -1)
        return shmc_error_libc(errno, "Cannot identify %s %d",
            sem ? "semaphore set" : "segment", id);
    (void)snprintf(name, sizeof(name), "%d", id);
    return ledger_append(kind, name, identity);
}

shmc_error_t
shmc_cleanup_created_sysv(int id)
{
    return created_ipc(SHMC_CLEANUP_SYSV, id);
}

shmc_error_t
shmc_cleanup_created_sysv_sem(int id)
{
    return created_ipc(SHMC_CLEANUP_SYSV_SEM, id);
}

/** Decodes a hex name in place; returns false on a malformed one. */
static bool
unhex(char *s)
{
    size_t i, len = strlen(s);
    int hi, lo;

    if (len % 2 != 0)
        return false;
    for (i = 0; i < len; i += 2) {
        hi = s[i] >= 'a' ? s[i] - 'a' + 10 : s[i] - '0';
        lo = s[i + 1] >= 'a' ? s[i + 1] - 'a' + 10 : s[i + 1] - '0';
        if (hi < 0 || hi > 15 || lo < 0 || lo > 15)
            return false;
        s[i / 2] = (char)((hi << 4) | lo);
    }
    s[len / 2] = '\0';
    return true;
}

/** Compares what fstat/lstat shows with a recorded "DEV:INO:UID". */
static bool
same_identity(const struct stat *sb, const char *identity)
{
    char now[96];

    identity_of(sb, now, sizeof(now));
    return strcmp(now, identity) == 0;
}

/** The outcome of a removal call that returned rc (errno set when -1).
 * A name that is no more (ENOENT), or with ipc a System V id that is no
 * more (EINVAL, EIDRM), was removed by someone else first. */
static shmc_cleanup_outcome_t
removal_outcome(int rc, bool ipc, char *why, size_t size)
{
    if (rc == 0)
        return SHMC_CLEANUP_REMOVED;
    if (ipc ? errno == EINVAL || errno == EIDRM : errno == ENOENT)
        return SHMC_CLEANUP_GONE;
    (void)snprintf(why, size, "cannot remove it: %s", strerror(errno));
    return SHMC_CLEANUP_LEFT;
}

/** Removes a shm object or semaphore whose file fd shows (already open),
 * if it is the recorded one. */
static shmc_cleanup_outcome_t
remove_by_descriptor(int fd, const char *identity, const char *name,
    bool sem, char *why, size_t size)
{
    struct stat sb;
    int rc;

    if (fd == -1) {
        if (errno == ENOENT)
            return SHMC_CLEANUP_GONE;
        (void)snprintf(why, size, "cannot open it to check it: %s",
            strerror(errno));
        return SHMC_CLEANUP_LEFT;
    }
    rc = fstat(fd, &sb);
    (void)close(fd);
    if (rc == -1 || !same_identity(&sb, identity)) {
        (void)snprintf(why, size, "it is not the object this run created "
            "(now %ju:%ju, owner %ju; recorded %s)", (uintmax_t)sb.st_dev,
            (uintmax_t)sb.st_ino, (uintmax_t)sb.st_uid, identity);
        return SHMC_CLEANUP_LEFT;
    }
#if defined(HAVE_SEM_OPEN)
    rc = sem ? sem_unlink(name) : shm_unlink(name);
#elif defined(HAVE_SHM_UNLINK)
    rc = sem ? (errno = ENOSYS, -1) : shm_unlink(name);
#else
    (void)name; (void)sem;
    rc = -1;
    errno = ENOSYS;
#endif
    return removal_outcome(rc, false, why, size);
}

static shmc_cleanup_outcome_t
remove_sem(const char *name, const char *identity, char *why, size_t size)
{
    char uid[32];

    if (strncmp(identity, "-:-:", 4) != 0)
        return remove_by_descriptor(sem_file_open(name), identity, name,
            true, why, size);
    /* The system shows no file: the name alone, unpredictable and created
     * exclusively, identifies it. */
    (void)snprintf(uid, sizeof(uid), "%ju", (uintmax_t)geteuid());
    if (strcmp(identity + 4, uid) != 0) {
        (void)snprintf(why, size, "recorded by uid %s, not by us", identity + 4);
        return SHMC_CLEANUP_LEFT;
    }
#if defined(HAVE_SEM_OPEN)
    if (sem_unlink(name) == 0)
        return SHMC_CLEANUP_REMOVED;
    if (errno == ENOENT || errno == ENAMETOOLONG || errno == EINVAL)
        return SHMC_CLEANUP_GONE;
    (void)snprintf(why, size, "cannot remove it: %s", strerror(errno));
#else
    (void)snprintf(why, size, "no sem_unlink here");
#endif
    return SHMC_CLEANUP_LEFT;
}

static shmc_cleanup_outcome_t
remove_file(const char *path, const char *identity, char *why, size_t size)
{
    struct stat sb;

    if (lstat(path, &sb) == -1) {
        if (errno == ENOENT || errno == ENOTDIR)
            return SHMC_CLEANUP_GONE;
        (void)snprintf(why, size, "cannot check it: %s", strerror(errno));
        return SHMC_CLEANUP_LEFT;
    }
    if (!S_ISREG(sb.st_mode) || !same_identity(&sb, identity)) {
        (void)snprintf(why, size, "it is not the file this run created");
        return SHMC_CLEANUP_LEFT;
    }
    return removal_outcome(unlink(path), false, why, size);
}

/** Removes System V segment NAME (with sem: semaphore set NAME), the id
 * in decimal, if it is still the recorded one. */
static shmc_cleanup_outcome_t
remove_ipc(const char *name, bool sem, const char *identity, char *why,
    size_t size)
{
    char now[64];
    int id = atoi(name);

    if (ipc_identity(id, sem, now, sizeof(now)) == -1) {
        if (errno == EINVAL || errno == EIDRM)
            return SHMC_CLEANUP_GONE;
        (void)snprintf(why, size, "cannot check it: %s", strerror(errno));
        return SHMC_CLEANUP_LEFT;
    }
    if (strcmp(now, identity) != 0) {
        (void)snprintf(why, size, "it is another %s now (creator %s, "
            "recorded %s)", sem ? "set" : "segment", now, identity);
        return SHMC_CLEANUP_LEFT;
    }
    return removal_outcome(ipc_remove(id, sem), true, why, size);
}

bool
shmc_cleanup_parse(char *line, char **kind, char **name, char **identity)
{
    line[strcspn(line, "\n")] = '\0';
    *kind = line;
    *name = strchr(line, ' ');
    *identity = *name != NULL ? strchr(*name + 1, ' ') : NULL;
    if (*identity == NULL)
        return false;
    *(*name)++ = '\0';
    *(*identity)++ = '\0';
    return unhex(*name);
}

shmc_cleanup_outcome_t
shmc_cleanup_remove(const char *kind, const char *name, const char *identity,
    char *why, size_t size)
{
    if (strcmp(kind, "shm") == 0)
        return remove_by_descriptor(shm_open_existing(name), identity, name,
            false, why, size);
    if (strcmp(kind, "sem") == 0)
        return remove_sem(name, identity, why, size);
    if (strcmp(kind, "file") == 0)
        return remove_file(name, identity, why, size);
    if (strcmp(kind, "sysv") == 0)
        return remove_ipc(name, false, identity, why, size);
    if (strcmp(kind, "sysv-sem") == 0)
        return remove_ipc(name, true, identity, why, size);
    (void)snprintf(why, size, "unknown kind '%s'", kind);
    return SHMC_CLEANUP_LEFT;
}

void
shmc_cleanup_print_name(FILE *out, const char *name)
{
    for (; *name != '\0'; name++)
        if (isprint((unsigned char)*name) && *name != '\\')
            (void)putc(*name, out);
        else
            fprintf(out, "\\x%02x", (unsigned)(unsigned char)*name);
}

shmc_error_t
shmc_cleanup_ledger(const char *path, const char *who, unsigned int *removed,
    unsigned int *left)
{
    char *line, *kind, *name, *identity, why[512];
    FILE *f;

    *removed = 0;
    *left = 0;
    f = fopen(path, "re");
    if (f == NULL)
        return errno == ENOENT ? shmc_no_error() :
            shmc_error_libc(errno, "Cannot open %s", path);
    line = malloc(SHMC_CLEANUP_LINE_MAX);
    if (line == NULL) {
        fclose(f);
        return shmc_error_nomem();
    }
    while (fgets(line, SHMC_CLEANUP_LINE_MAX, f) != NULL) {
        if (strncmp(line, "proc ", 5) == 0)
            continue;           /* A run record's process line. */
        why[0] = '\0';
        if (!shmc_cleanup_parse(line, &kind, &name, &identity)) {
            (*left)++;
            fprintf(stderr, "%s: leaving a malformed ledger line\n", who);
            continue;
        }
        switch (shmc_cleanup_remove(kind, name, identity, why,
            sizeof(why))) {
        case SHMC_CLEANUP_REMOVED:
            (*removed)++;
            break;
        case SHMC_CLEANUP_GONE:
            break;
        case SHMC_CLEANUP_LEFT:
            (*left)++;
            fprintf(stderr, "%s: leaving %s ", who, kind);
            shmc_cleanup_print_name(stderr, name);
            fprintf(stderr, ": %s\n", why);
            break;
        }
    }
    free(line);
    fclose(f);
    return shmc_no_error();
}

shmc_error_t
shmc_cleanup_run(unsigned int *removed)
{
    unsigned int left;

    return shmc_cleanup_ledger(SHMC_CLEANUP_LEDGER, "cleanup", removed,
        &left);
}
