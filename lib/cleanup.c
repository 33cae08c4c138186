/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/cleanup.h"

#include <sys/types.h>
#include <sys/mman.h>
#if defined(HAVE_SYS_SHM_H)
#   include <sys/ipc.h>
#   include <sys/shm.h>
#endif

#include <errno.h>
#include <fcntl.h>
#if defined(HAVE_SEM_OPEN)
#   include <semaphore.h>
#endif
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Names are written in hex: the naming suite creates names with newlines
 * and arbitrary bytes, which must survive the trip to the cleanup. */
#define LEDGER_NAME_MAX 16384
#define LEDGER_LINE_MAX (2 * LEDGER_NAME_MAX + 32)

static shmc_error_t
ledger_append(const char *kind, const char *name)
{
    static const char hex[] = "0123456789abcdef";
    char *line;
    size_t len, i, namelen;
    ssize_t n;
    int fd;
    shmc_error_t err = shmc_no_error();

    namelen = strlen(name);
    if (namelen > LEDGER_NAME_MAX)
        return shmc_error_new("Name of %zu bytes is too long to record",
            namelen);
    line = malloc(LEDGER_LINE_MAX);
    if (line == NULL)
        return shmc_error_nomem();
    len = (size_t)snprintf(line, LEDGER_LINE_MAX, "%s ", kind);
    for (i = 0; i < namelen; i++) {
        line[len++] = hex[(unsigned char)name[i] >> 4];
        line[len++] = hex[(unsigned char)name[i] & 0xf];
    }
    line[len++] = '\n';

    /* One write(2) per line on an O_APPEND descriptor: lines from several
     * processes of one test case never interleave. */
    fd = open(SHMC_CLEANUP_LEDGER, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd == -1)
        err = shmc_error_libc(errno, "Cannot open %s", SHMC_CLEANUP_LEDGER);
    else {
        n = write(fd, line, len);
        if (n != (ssize_t)len)
            err = shmc_error_libc(n == -1 ? errno : EIO, "Cannot write %s",
                SHMC_CLEANUP_LEDGER);
        (void)close(fd);
    }
    free(line);
    return err;
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

static const char *const kind_words[] = { "shm", "sem", "sysv", "file" };

/** Records a name of the given kind before the caller creates it. */
shmc_error_t
shmc_cleanup_record(shmc_cleanup_kind_t kind, const char *name)
{
    return ledger_append(kind_words[kind], name);
}

/** Withdraws a recorded name whose creation failed with EEXIST: the object
 * with that name is someone else's and cleanup must leave it alone. */
shmc_error_t
shmc_cleanup_forget(shmc_cleanup_kind_t kind, const char *name)
{
    char word[32];

    (void)snprintf(word, sizeof(word), "forget-%s", kind_words[kind]);
    return ledger_append(word, name);
}

/** Records a System V segment id, which exists only once created, with
 * the pid of its creator (the caller): ids are reused, and the cleanup
 * removes a segment only if that pid still created it. */
shmc_error_t
shmc_cleanup_record_sysv(int id)
{
    char text[64];

    (void)snprintf(text, sizeof(text), "%d:%ld", id, (long)getpid());
    return shmc_cleanup_record(SHMC_CLEANUP_SYSV, text);
}

shmc_error_t
shmc_cleanup_record_shm(const char *name)
{
    return shmc_cleanup_record(SHMC_CLEANUP_SHM, name);
}

shmc_error_t
shmc_cleanup_forget_shm(const char *name)
{
    return shmc_cleanup_forget(SHMC_CLEANUP_SHM, name);
}

/** Whether a later "forget-KIND" line withdraws the entry at line start. */
static bool
forgotten_later(FILE *f, const char *kind, const char *hexname)
{
    char *other, prefix[32];
    size_t plen;
    long pos;
    bool found = false;

    other = malloc(LEDGER_LINE_MAX);
    if (other == NULL)
        return true;            /* When in doubt, remove nothing. */
    plen = (size_t)snprintf(prefix, sizeof(prefix), "forget-%s ", kind);
    pos = ftell(f);
    while (fgets(other, LEDGER_LINE_MAX, f) != NULL) {
        other[strcspn(other, "\n")] = '\0';
        if (strncmp(other, prefix, plen) == 0 &&
            strcmp(other + plen, hexname) == 0)
            found = true;
    }
    (void)fseek(f, pos, SEEK_SET);
    free(other);
    return found;
}

/** Removes one recorded object; ENOENT-like answers mean it is gone. */
static int
remove_one(const char *kind, const char *name)
{
    if (strcmp(kind, "shm") == 0) {
#if defined(HAVE_SHM_UNLINK)
        return shm_unlink(name);
#endif
    } else if (strcmp(kind, "sem") == 0) {
#if defined(HAVE_SEM_OPEN)
        return sem_unlink(name);
#endif
    } else if (strcmp(kind, "sysv") == 0) {
#if defined(HAVE_SYS_SHM_H)
        struct shmid_ds ds;
        const char *colon = strchr(name, ':');
        int id = atoi(name);

        if (colon == NULL || shmctl(id, IPC_STAT, &ds) == -1 ||
            (long)ds.shm_cpid != atol(colon + 1)) {
            errno = ENOENT;
            return -1;
        }
        return shmctl(id, IPC_RMID, NULL);
#endif
    } else if (strcmp(kind, "file") == 0)
        return unlink(name);
    errno = ENOENT;
    return -1;
}

/** Removes every recorded object that still exists; counts the removals.
 * A missing ledger means the body created nothing. */
shmc_error_t
shmc_cleanup_run(unsigned int *removed)
{
    char *line, *name, kind[16];
    size_t klen;
    FILE *f;
    shmc_error_t err = shmc_no_error();

    *removed = 0;
    f = fopen(SHMC_CLEANUP_LEDGER, "r");
    if (f == NULL)
        return errno == ENOENT ? shmc_no_error() :
            shmc_error_libc(errno, "Cannot open %s", SHMC_CLEANUP_LEDGER);
    line = malloc(LEDGER_LINE_MAX);
    if (line == NULL) {
        fclose(f);
        return shmc_error_nomem();
    }
    while (fgets(line, LEDGER_LINE_MAX, f) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        klen = strcspn(line, " ");
        if (line[klen] != ' ' || klen >= sizeof(kind) ||
            strncmp(line, "forget-", 7) == 0)
            continue;
        memcpy(kind, line, klen);
        kind[klen] = '\0';
        name = line + klen + 1;
        if (forgotten_later(f, kind, name) || !unhex(name))
            continue;
        if (remove_one(kind, name) == 0)
            (*removed)++;
        else if (errno != ENOENT && errno != EINVAL && errno != EIDRM &&
            errno != ENAMETOOLONG && !shmc_is_error(err))
            err = shmc_error_libc(errno, "Cannot remove a recorded %s",
                kind);
    }
    free(line);
    fclose(f);
    return err;
}
