/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/cleanup.h"

#include <sys/types.h>
#include <sys/mman.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static shmc_error_t
ledger_append(const char *kind, const char *name)
{
    char line[512];
    int fd, len;
    shmc_error_t err = shmc_no_error();

    len = snprintf(line, sizeof(line), "%s %s\n", kind, name);
    if (len < 0 || (size_t)len >= sizeof(line) || strchr(name, '\n') != NULL)
        return shmc_error_new("Cannot record name '%s'", name);
    /* One write(2) per line on an O_APPEND descriptor: lines from several
     * processes of one test case never interleave. */
    fd = open(SHMC_CLEANUP_LEDGER, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd == -1)
        return shmc_error_libc(errno, "Cannot open %s", SHMC_CLEANUP_LEDGER);
    if (write(fd, line, (size_t)len) != len)
        err = shmc_error_libc(errno, "Cannot write %s", SHMC_CLEANUP_LEDGER);
    (void)close(fd);
    return err;
}

/** Records a POSIX shm name before the caller creates it. */
shmc_error_t
shmc_cleanup_record_shm(const char *name)
{
    return ledger_append("shm", name);
}

/** Withdraws a recorded name whose creation failed (EEXIST): the object
 * with that name is someone else's and cleanup must leave it alone. */
shmc_error_t
shmc_cleanup_forget_shm(const char *name)
{
    return ledger_append("forget-shm", name);
}

/** Removes every recorded object that still exists; counts the removals.
 * A missing ledger means the body created nothing. */
shmc_error_t
shmc_cleanup_run(unsigned int *removed)
{
    char line[512], *name;
    FILE *f;
    shmc_error_t err = shmc_no_error();
    long pos;

    *removed = 0;
    f = fopen(SHMC_CLEANUP_LEDGER, "r");
    if (f == NULL)
        return errno == ENOENT ? shmc_no_error() :
            shmc_error_libc(errno, "Cannot open %s", SHMC_CLEANUP_LEDGER);
    while (fgets(line, sizeof(line), f) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, "shm ", 4) != 0)
            continue;
        name = line + 4;
        /* Skip names withdrawn later in the ledger. */
        {
            char other[512];
            bool forgotten = false;

            pos = ftell(f);
            while (fgets(other, sizeof(other), f) != NULL) {
                other[strcspn(other, "\n")] = '\0';
                if (strncmp(other, "forget-shm ", 11) == 0 &&
                    strcmp(other + 11, name) == 0)
                    forgotten = true;
            }
            (void)fseek(f, pos, SEEK_SET);
            if (forgotten)
                continue;
        }
#if defined(HAVE_SHM_UNLINK)
        if (shm_unlink(name) == 0)
            (*removed)++;
        else if (errno != ENOENT && !shmc_is_error(err))
            err = shmc_error_libc(errno, "Cannot shm_unlink %s", name);
#endif
    }
    fclose(f);
    return err;
}
