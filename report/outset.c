/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "report/outset.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void
shmc_outset_init(shmc_outset_t *o)
{
    memset(o, 0, sizeof(*o));
}

static char *
join(const char *dir, const char *prefix, const char *name, const char *tail)
{
    size_t len = strlen(dir) + strlen(prefix) + strlen(name) + strlen(tail)
        + 2;
    char *p = malloc(len);

    if (p != NULL)
        (void)snprintf(p, len, "%s/%s%s%s", dir, prefix, name, tail);
    return p;
}

/** Opens dir/name for writing, through a temporary file. */
shmc_error_t
shmc_outset_open(shmc_outset_t *o, const char *dir, const char *name,
    FILE **f)
{
    char tail[32];
    size_t i = o->m_count;
    struct stat sb;

    if (i == SHMC_OUTSET_MAX)
        return shmc_error_new("too many output files");
    if (stat(dir, &sb) == -1)
        return shmc_error_libc(errno, "output directory %s", dir);
    if (!S_ISDIR(sb.st_mode))
        return shmc_error_new("output directory %s: not a directory", dir);
    (void)snprintf(tail, sizeof(tail), ".tmp.%ld", (long)getpid());
    o->m_final[i] = join(dir, "", name, "");
    o->m_temp[i] = join(dir, ".", name, tail);
    if (o->m_final[i] == NULL || o->m_temp[i] == NULL) {
        free(o->m_final[i]);
        free(o->m_temp[i]);
        return shmc_error_nomem();
    }
    o->m_file[i] = fopen(o->m_temp[i], "w");
    if (o->m_file[i] == NULL) {
        shmc_error_t err = shmc_error_libc(errno, "%s", o->m_temp[i]);

        free(o->m_final[i]);
        free(o->m_temp[i]);
        return err;
    }
    o->m_count++;
    *f = o->m_file[i];
    return shmc_no_error();
}

static void
release(shmc_outset_t *o, bool unlink_temps)
{
    size_t i;

    for (i = 0; i < o->m_count; i++) {
        if (o->m_file[i] != NULL)
            (void)fclose(o->m_file[i]);
        if (unlink_temps)
            (void)unlink(o->m_temp[i]);
        free(o->m_final[i]);
        free(o->m_temp[i]);
    }
    shmc_outset_init(o);
}

/** Closes every file and, only if all were written, renames them into
 * place; otherwise removes them all. */
shmc_error_t
shmc_outset_commit(shmc_outset_t *o)
{
    shmc_error_t err = shmc_no_error();
    size_t i;

    for (i = 0; i < o->m_count; i++) {
        if ((ferror(o->m_file[i]) || fclose(o->m_file[i]) != 0) &&
            !shmc_is_error(err))
            err = shmc_error_libc(errno != 0 ? errno : EIO, "writing %s",
                o->m_final[i]);
        o->m_file[i] = NULL;
    }
    for (i = 0; i < o->m_count && !shmc_is_error(err); i++)
        if (rename(o->m_temp[i], o->m_final[i]) == -1)
            err = shmc_error_libc(errno, "renaming into %s", o->m_final[i]);
    release(o, shmc_is_error(err));
    return err;
}

void
shmc_outset_abort(shmc_outset_t *o)
{
    release(o, true);
}
